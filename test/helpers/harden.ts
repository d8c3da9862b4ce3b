import { existsSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { ERROR_CODES, NewsletterError, type ErrorCode } from '../../src/problems/errors.js';
import { parseIssue } from '../../src/parse/parseIssue.js';
import type { Config } from '../../src/parse/types.js';
import { loadTemplates } from '../../src/workspace/loadTemplates.js';
import { createReader } from '../../src/workspace/reader.js';
import { renderIssue, type RenderedIssue } from '../../src/render/renderIssue.js';
import { compileTemplates, type CompiledTemplates, type TemplateSet } from '../../src/render/templates.js';
import { loadConfig } from '../../src/workspace/loadConfig.js';
import { runMain as run, type RunResult } from './run.js';
import { ROOT } from './workspace.js';

/** The example workspace's config and the default theme, for in-process renders. */
export const exampleConfig: Config = loadConfig({ cwd: ROOT }).config;
export const defaultTemplates: TemplateSet = loadTemplates(createReader(ROOT, ROOT));
export const compiledDefaults: CompiledTemplates = compileTemplates(defaultTemplates);

export function withOverride(name: string, source: string): TemplateSet {
  const set: TemplateSet = new Map(defaultTemplates);
  set.set(name, { name, display: `templates/${name}`, source, override: true });
  return set;
}

/** parse → render in process; a NewsletterError is returned, anything else thrown (the test then fails). */
export async function renderSource(
  source: string,
  opts: { config?: Config; templates?: CompiledTemplates; file?: string } = {},
): Promise<RenderedIssue | NewsletterError> {
  try {
    const { issue } = parseIssue(source, opts.file ?? 'issues/t.md');
    return await renderIssue(issue, opts.config ?? exampleConfig, opts.templates ?? compiledDefaults, []);
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
}

export async function rendered(source: string, opts: Parameters<typeof renderSource>[1] = {}): Promise<RenderedIssue> {
  const r = await renderSource(source, opts);
  if (r instanceof NewsletterError) throw new Error(`expected a render, got ${r.code}: ${r.message}`);
  return r;
}

/** Asserts a refusal: its code, the exit status that code maps to, and where it points. */
export function expectRefusal(
  r: unknown,
  code: ErrorCode,
  where: { file?: string; line?: number | undefined; exit?: number; message?: RegExp } = {},
): NewsletterError {
  expect(r).toBeInstanceOf(NewsletterError);
  const e = r as NewsletterError;
  expect(e.code, e.message).toBe(code);
  expect(e.exitCode).toBe(where.exit ?? ERROR_CODES[code]);
  if (where.file !== undefined) expect(e.file).toBe(where.file);
  if ('line' in where) expect(e.line).toBe(where.line);
  if (where.message) expect(e.message).toMatch(where.message);
  return e;
}

/** The first line of an issue's body, given its frontmatter lines: `---` + lines + `---`. */
export function issue(front: string, body = 'Hello there.'): string {
  return `---\ntitle: T\ndate: 2024-01-01\n${front}${front && !front.endsWith('\n') ? '\n' : ''}---\n${body}\n`;
}

/** The CLI in process (helpers/run.ts), with the cwd as an argument. */
export function runMain(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(args, { cwd, env });
}

/** Everything under a folder, or [] when it does not exist (an output folder after a refused build). */
export function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [];
}
