import { createReader } from '../../src/workspace/reader.js';
/**
 * Inputs for the lint tests: the example workspace's config, issues from
 * strings, hand-made renders (HTML, text, MJML as strings) and real renders
 * through the default theme, since what the theme emits is what the rules
 * must read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintInput } from '../../src/lint/lintInput.js';
import { runRules } from '../../src/lint/registry.js';
import type { LintInput, LintSource, TemplateOverride } from '../../src/lint/types.js';
import { parseYamlMapping } from '../../src/parse/frontmatter.js';
import { parseIssue } from '../../src/parse/parseIssue.js';
import type { Config, Issue } from '../../src/parse/types.js';
import { validateConfig } from '../../src/parse/validateConfig.js';
import type { Problem } from '../../src/problems/problem.js';
import { loadTemplates } from '../../src/workspace/loadTemplates.js';
import { renderIssue, type RenderedIssue } from '../../src/render/renderIssue.js';
import { compileTemplates, type CompiledTemplates } from '../../src/render/templates.js';
import { loadConfig } from '../../src/workspace/loadConfig.js';
import { ROOT } from './workspace.js';

export const exampleConfigYaml = readFileSync(join(ROOT, 'newsletter.config.yaml'), 'utf8');
export const example = loadConfig({ cwd: ROOT }).config;
export const templates = compileTemplates(loadTemplates(createReader(ROOT, ROOT)));

/** The example config with some YAML lines replaced or added. */
export function configFrom(yaml: string): Config {
  const { data, lines } = parseYamlMapping(yaml, 'newsletter.config.yaml', 0, 'config');
  return validateConfig(data, lines, 'newsletter.config.yaml', ROOT).config;
}

export function configWith(patch: Partial<Config>): Config {
  return { ...example, ...patch };
}

/** The example config with no check.rules, so every rule has its default severity. */
export const defaults = configWith({ check: { rules: {} } });

export function issue(src: string, file = 'issues/t.md'): Issue {
  return parseIssue(src, file).issue;
}

export const PLAIN = '---\ntitle: A plain issue\ndate: 2026-01-07\npreheader: A short preheader about this issue.\n---\n\nHello there, this is the letter.\n';

export function fakeRendered(patch: Partial<RenderedIssue> = {}): RenderedIssue {
  return {
    slug: 't',
    subject: 'A subject',
    preheader: 'A preheader',
    html: '<!doctype html><html lang="en"><body><div>Hello</div></body></html>',
    text: 'Hello',
    mjml: '',
    bytes: 1000,
    images: [],
    links: [],
    ...patch,
  };
}

/** A lint input from strings; `src` is the issue file's text. */
export function input(patch: Partial<LintSource> & { src?: string } = {}): LintInput {
  const { src, ...rest } = patch;
  return lintInput({ issue: issue(src ?? PLAIN), config: defaults, rendered: fakeRendered(), ...rest });
}

/** One rule's problems, with the input's config's severities. The input is rebuilt: tests change `rendered` on a copy. */
export function run(id: string, i: LintSource): Problem[] {
  return runRules(lintInput(i), i.config.check.rules, [id]);
}

/** An issue rendered through the default theme (or `tpl`), as a lint input. */
export async function rendered(src: string, cfg: Config = example, tpl: CompiledTemplates = templates, extra: Partial<LintSource> = {}): Promise<LintInput> {
  const iss = issue(src);
  return lintInput({ issue: iss, config: cfg, rendered: await renderIssue(iss, cfg, tpl, []), ...extra });
}

/** The default theme with one template replaced, and the override map the rules see for it. */
export function withOverride(name: string, source: string): { tpl: CompiledTemplates; overrides: Map<string, TemplateOverride> } {
  const set = loadTemplates(createReader(ROOT, ROOT));
  const display = `templates/${name}`;
  set.set(name, { ...set.get(name)!, source, display, override: true });
  return { tpl: compileTemplates(set), overrides: new Map([[name, { display, source }]]) };
}

export const html = (body: string, lang = 'en'): string => `<!doctype html><html lang="${lang}"><body style="background:#ffffff">${body}</body></html>`;
