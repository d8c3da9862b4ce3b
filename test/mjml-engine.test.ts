/**
 * The bundled CLI renders with scripts/engines/mjml.cjs (mjml-core with a
 * light set of components, the rest only when a document names one) and
 * scripts/engines/lodash-fp-lite.cjs in place of lodash/fp. Both must give
 * what the `mjml` package gives, byte for byte.
 */
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { createReader } from '../src/workspace/reader.js';
import { loadTemplates } from '../src/workspace/loadTemplates.js';
import { compileTemplates } from '../src/render/templates.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { loadCommonJs } from '../src/util/codeCache.js';
import { ROOT } from './helpers/workspace.js';

const require = createRequire(import.meta.url);
type Result = { html: string; errors: { message: string; line: number; tagName: string }[] };
type Mjml2Html = (mjml: string, options: object) => Promise<Result>;
const engine = require('../scripts/engines/mjml.cjs') as { mjml2html: Mjml2Html; lightEnough: (s: string) => boolean };
const mjml = require('mjml') as Mjml2Html;
const fpLite = require('../scripts/engines/lodash-fp-lite.cjs') as Record<string, (...a: unknown[]) => unknown>;
const fp = require('lodash/fp') as Record<string, (...a: unknown[]) => unknown>;

const OPTIONS = { validationLevel: 'soft', keepComments: false, ignoreIncludes: true, fonts: {}, minify: false, beautify: false };

async function exampleMjml(): Promise<string[]> {
  const { config } = loadConfig({ cwd: ROOT });
  const templates = compileTemplates(loadTemplates(createReader(ROOT, ROOT)));
  const files = readdirSync(join(ROOT, 'issues')).filter((f) => f.endsWith('.md'));
  return Promise.all(
    files.map(async (f) => (await renderIssue(parseIssue(readFileSync(join(ROOT, 'issues', f), 'utf8'), `issues/${f}`).issue, config, templates, [])).mjml),
  );
}

describe('the bundled MJML engine', () => {
  it('renders every example issue as mjml does, with the light set of components', async () => {
    const docs = await exampleMjml();
    expect(docs.length).toBeGreaterThan(3);
    for (const doc of docs) {
      expect(engine.lightEnough(doc)).toBe(true);
      const [ours, theirs] = [await engine.mjml2html(doc, OPTIONS), await mjml(doc, OPTIONS)];
      expect(ours.errors).toEqual([]);
      expect(ours.html).toBe(theirs.html);
      expect(ours.html).toContain('<!doctype html>');
    }
  });

  it('takes the other components when a document names one, and renders as mjml does', async () => {
    const doc =
      '<mjml><mj-body><mj-section><mj-column><mj-social><mj-social-element name="github" href="https://example.com">Code</mj-social-element></mj-social>' +
      '<mj-navbar><mj-navbar-link href="https://example.com/a">A</mj-navbar-link></mj-navbar><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>';
    expect(engine.lightEnough(doc)).toBe(false);
    const [ours, theirs] = [await engine.mjml2html(doc, OPTIONS), await mjml(doc, OPTIONS)];
    expect(ours.errors).toEqual([]);
    expect(ours.html).toBe(theirs.html);
    expect(ours.html).toContain('https://example.com/a');
  });

  it('reports an unknown tag as mjml does', async () => {
    const doc = '<mjml><mj-body><mj-section><mj-column><mj-shout>x</mj-shout></mj-column></mj-section></mj-body></mjml>';
    const [ours, theirs] = [await engine.mjml2html(doc, OPTIONS), await mjml(doc, OPTIONS)];
    expect(ours.errors.map((e) => e.message)).toEqual(theirs.errors.map((e) => e.message));
    expect(ours.errors[0]?.message).toMatch(/mj-shout/);
  });

  it('counts closing tags, mixed case and attribute defaults as names of components', () => {
    expect(engine.lightEnough('<mjml><mj-head><mj-attributes><mj-all padding="0" /><mj-class name="x" /></mj-attributes></mj-head></mjml>')).toBe(true);
    expect(engine.lightEnough('<mjml><mj-head><mj-attributes><mj-carousel padding="0" /></mj-attributes></mj-head></mjml>')).toBe(false);
    expect(engine.lightEnough('<mjml><mj-body></mj-accordion></mj-body></mjml>')).toBe(false);
    expect(engine.lightEnough('<mjml><MJ-TEXT>x</MJ-TEXT></mjml>')).toBe(false);
  });
});

describe('the engine as bundled (dist-cli/)', () => {
  const file = readdirSync(join(ROOT, 'dist-cli')).find((f) => /^mjml-engine-.*\.cjs$/.test(f))!;

  it('answers Babel’s Reflect.construct test once, not on every super() of MJML’s classes, and renders as mjml does', async () => {
    const source = readFileSync(join(ROOT, 'dist-cli', file), 'utf8');
    expect(source).not.toContain('Reflect.construct(Boolean');
    const bundled = require(join(ROOT, 'dist-cli', file)) as { mjml2html: Mjml2Html };
    const [doc] = await exampleMjml();
    expect((await bundled.mjml2html(doc!, OPTIONS)).html).toBe((await mjml(doc!, OPTIONS)).html);
  });

  it('is ASCII, so the CLI reads it as Latin-1, and renders as mjml does when loaded that way', async () => {
    // Every file of the bundle, so Node decodes the ES modules on its fast path too.
    const files = readdirSync(join(ROOT, 'dist-cli')).filter((f) => /\.c?js$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(isAscii(readFileSync(join(ROOT, 'dist-cli', f))), f).toBe(true);
    const path = join(ROOT, 'dist-cli', file);
    const loaded = loadCommonJs(path, createRequire(path), []).exports as { mjml2html: Mjml2Html };
    const docs = await exampleMjml();
    // The examples say "don’t" and "—": non-ASCII text still comes out as mjml writes it.
    expect(docs.join('')).toMatch(/[^\x00-\x7f]/);
    for (const doc of docs) expect((await loaded.mjml2html(doc, OPTIONS)).html).toBe((await mjml(doc, OPTIONS)).html);
  });
});

describe('lodash-fp-lite', () => {
  it('does what lodash/fp does for the calls MJML makes', () => {
    const components = { a: { endingTag: true, name: 'mj-a' }, b: { endingTag: false, name: 'mj-b' }, c: { endingTag: true, name: 'mj-c' } };
    const run = (lib: typeof fp): unknown[] => [
      (
        lib.flow!(
          lib.filter!((c: { endingTag: boolean }) => c.endingTag),
          lib.map!((c: { name: string }) => c.name),
        ) as (x: unknown) => unknown
      )(components),
      (lib.flow!(lib.filter!(lib.identity), lib.join!(' ')) as (x: unknown) => unknown)(['url(x.png)', '', 'center', undefined, 'no-repeat']),
      (lib.flow!([]) as (x: unknown) => unknown)('<mjml/>'),
      (lib.flow!([(s: string) => s + '1', (s: string) => s + '2']) as (x: unknown) => unknown)('x'),
      (lib.map!((x: number, i?: number) => [x, i]) as (x: unknown) => unknown)([5, 6]),
      (lib.join!('-') as (x: unknown) => unknown)(null),
    ];
    expect(run(fpLite)).toEqual(run(fp));
    expect(() => fpLite.flow!(1)).toThrow(TypeError);
  });
});
