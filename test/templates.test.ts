import { createReader } from '../src/workspace/reader.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { NewsletterError } from '../src/problems/errors.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { loadTemplates } from '../src/workspace/loadTemplates.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { compileTemplates, type TemplateSet } from '../src/render/templates.js';
import { ROOT, cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';
import { afterAll } from 'vitest';

afterAll(cleanupWorkspaces);

const config = loadConfig({ cwd: ROOT }).config;
const defaults = loadTemplates(createReader(ROOT, ROOT));
const { issue } = parseIssue('---\ntitle: T\ndate: 2024-01-01\n---\nHello.\n', 'issues/t.md');

function withOverride(name: string, source: string): TemplateSet {
  const set: TemplateSet = new Map(defaults);
  set.set(name, { name, display: `templates/${name}`, source, override: true });
  return set;
}

async function failure(set: () => TemplateSet): Promise<NewsletterError> {
  try {
    await renderIssue(issue, config, compileTemplates(set()), []);
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('author template overrides', () => {
  it('reports a Handlebars syntax error with the file and line', async () => {
    const e = await failure(() => withOverride('title.mjml.hbs', '<mj-text>\n{{#if title}}\n{{title}}\n</mj-text>\n'));
    expect(e.code).toBe('TEMPLATE_SYNTAX');
    expect(e.file).toBe('templates/title.mjml.hbs');
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('names a missing partial and the template that used it', async () => {
    const e = await failure(() => withOverride('layout.txt.hbs', '{{> header}}\n\n{{> sidebar}}\n'));
    expect(e.code).toBe('TEMPLATE_MISSING');
    expect(e.message).toContain('sidebar');
    expect(e.file).toBe('templates/layout.txt.hbs');
    expect(e.line).toBe(3);
  });

  it('refuses an unknown helper when templates are loaded, before any render', () => {
    expect(() => compileTemplates(withOverride('title.txt.hbs', 'x\n{{shout title}}\n'))).toThrow(/Unknown helper "shout"/);
  });

  it('reports a missing value inside a partial with the partial’s file and line', async () => {
    const e = await failure(() => withOverride('greeting.mjml.hbs', '{{#if greeting}}\n<mj-text>{{greting}}</mj-text>\n{{/if}}\n'));
    expect(e.code).toBe('TEMPLATE_RUNTIME');
    expect(e.file).toBe('templates/greeting.mjml.hbs');
    expect(e.line).toBe(2);
    expect(e.message).toContain('greting');
  });

  it('lets no template reach prototypes or run code', async () => {
    (globalThis as Record<string, unknown>).__ran = false;
    const probe = '{{#with title}}{{constructor.constructor "globalThis.__ran = true"}}{{/with}}';
    const e = await failure(() => withOverride('title.txt.hbs', probe)).catch((x: unknown) => x);
    expect((globalThis as Record<string, unknown>).__ran).toBe(false);
    expect(e).toBeInstanceOf(NewsletterError);
    const e2 = await failure(() => withOverride('title.txt.hbs', '{{title.__proto__}}{{title.constructor.name}}'));
    expect(e2.file).toBe('templates/title.txt.hbs');
  });

  it('reports every MJML error of an override with its template', async () => {
    const e = await failure(() => withOverride('title.mjml.hbs', '<mj-textt>{{title}}</mj-textt>\n<mj-text colour="red">x</mj-text>\n'));
    expect(e.code).toBe('MJML_INVALID');
    const all = [e, ...e.more];
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.every((x) => x.file === 'templates/title.mjml.hbs')).toBe(true);
    expect(all.map((x) => x.message).join('\n')).toMatch(/mj-textt/);
  });

  it('names an overridden layout, not the default one, for an MJML error in the layout itself', async () => {
    const layout = defaults.get('layout.mjml.hbs')!.source.replace('<mj-body ', '<mj-body colour="red" ');
    const e = await failure(() => withOverride('layout.mjml.hbs', layout));
    expect(e.code).toBe('MJML_INVALID');
    expect(e.file).toBe('templates/layout.mjml.hbs');
  });

  it('reports malformed MJML (no root) instead of rendering nonsense', async () => {
    const e = await failure(() => withOverride('layout.mjml.hbs', '<mj-body><mj-section>{{> title}}</mj-body>\n'));
    expect(e.code).toBe('MJML_INVALID');
  });
});

describe('loading templates from a workspace', () => {
  it('refuses mj-include with the line, never dropping it silently', () => {
    const ws = makeWorkspace({ 'templates/footer.mjml.hbs': '<mj-section>\n<mj-include path="../../etc/passwd" />\n</mj-section>\n' });
    expect(() => loadTemplates(createReader(ws, ws))).toThrow(expect.objectContaining({ code: 'TEMPLATE_SYNTAX', line: 2, file: 'templates/footer.mjml.hbs' }));
  });

  it('refuses a file in templates/ that overrides nothing (a typo)', () => {
    const ws = makeWorkspace({ 'templates/foter.mjml.hbs': 'x' });
    expect(() => loadTemplates(createReader(ws, ws))).toThrow(expect.objectContaining({ code: 'TEMPLATE_MISSING' }));
  });

  it('uses an override of the same name', async () => {
    const ws = makeWorkspace({ 'templates/greeting.txt.hbs': 'Ahoy from the override!\n' });
    const r = await renderIssue(issue, config, compileTemplates(loadTemplates(createReader(ws, ws))), []);
    expect(r.text).toContain('Ahoy from the override!');
  });
});
