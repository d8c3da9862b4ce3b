/**
 * Class 3 of the trust issue: content never makes the pipeline throw
 * anything but a NewsletterError (exit 65 or 78 with file and line, never
 * 70), and class 9's smaller parse items.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { parseYamlMapping } from '../src/parse/frontmatter.js';
import { validateConfig } from '../src/parse/validateConfig.js';
import { yamlExample } from '../src/parse/yamlExample.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { lintIssue } from '../src/lint/lintInput.js';
import { parse as parseYaml } from 'yaml';
import { compiledDefaults, exampleConfig, expectRefusal, filesUnder, issue, rendered, renderSource, runMain } from './helpers/harden.js';
import { cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

/** Megabytes of markdown on a busy 2-core machine: generous room, never a timed assertion. */
const HEAVY = 120_000;

afterAll(cleanupWorkspaces);

const F = 'issues/t.md';

function parseError(source: string): unknown {
  try {
    parseIssue(source, F);
  } catch (e) {
    return e;
  }
  return null;
}

function configError(yaml: string): unknown {
  try {
    const { data, lines, raw } = parseYamlMapping(yaml, 'newsletter.config.yaml', 0, 'config');
    validateConfig(data, lines, 'newsletter.config.yaml', '/tmp', raw);
  } catch (e) {
    return e;
  }
  return null;
}

/** A mapping with the keys JavaScript calls when it turns a value into text. */
const SPECIALS = ['{toString: 1}', '{valueOf: 1}', '{toString: x, valueOf: y}', '{toJSON: 1}', '[{toString: 1}]', '{Symbol.toPrimitive: 1}'];

describe('mappings where text belongs are refused, not crashed on', () => {
  const fields: [string, (v: string) => string, number][] = [
    ['title', (v) => `---\ntitle: ${v}\ndate: 2024-01-01\n---\n`, 2],
    ['subject', (v) => issue(`subject: ${v}`), 4],
    ['preheader', (v) => issue(`preheader: ${v}`), 4],
    ['slug', (v) => issue(`slug: ${v}`), 4],
    ['quote', (v) => issue(`quote: {text: ${v}}`), 4],
    ['quote.cite', (v) => issue(`quote: {text: Q, cite: ${v}}`), 4],
    ['chapters.0.title', (v) => issue(`chapters:\n  - title: ${v}`), 5],
    ['chapters.0.time', (v) => issue(`chapters:\n  - title: A\n    time: ${v}`), 6],
    ['chapters.0.summary', (v) => issue(`chapters:\n  - title: A\n    summary: ${v}`), 6],
    ['listen.0.label', (v) => issue(`listen:\n  - label: ${v}\n    url: https://e.example.com`), 5],
    ['listen.0.url', (v) => issue(`listen:\n  - label: L\n    url: ${v}`), 6],
    ['resources.0.note', (v) => issue(`resources:\n  - label: L\n    url: https://e.example.com\n    note: ${v}`), 7],
    ['sponsor.name', (v) => issue(`sponsor:\n  name: ${v}`), 5],
    ['sponsor.logo', (v) => issue(`sponsor:\n  name: S\n  logo: ${v}`), 6],
    ['sponsor.cta.label', (v) => issue(`sponsor:\n  name: S\n  cta: {label: ${v}, url: "https://e.example.com"}`), 6],
    ['promos.0.text', (v) => issue(`promos:\n  - title: P\n    text: ${v}`), 6],
    ['draft', (v) => issue(`draft: ${v}`), 4],
  ];
  for (const [path, make, line] of fields) {
    it.each(SPECIALS)(`${path}: %s`, (value) => {
      const e = parseError(make(value));
      expect(e).toBeInstanceOf(NewsletterError);
      const err = e as NewsletterError;
      expect(['FIELD_TYPE', 'FIELD_REQUIRED', 'LINK_UNSAFE']).toContain(err.code);
      expect(err.exitCode).toBe(65);
      expect(err.file).toBe(F);
      expect(err.line).toBe(line);
    });
  }

  it.each([
    ['name: {toString: 1}', 1],
    ['name: N\nauthor: {title: [{toString: 1}]}', 2],
    ['name: N\nauthor: {name: {valueOf: 1}}', 2],
    ['name: N\ntest: {to: [{toString: 1}]}', 2],
    ['name: N\nfooter: {unsubscribe_url: {toString: 1}}', 2],
    ['name: N\ntheme: {logo: {src: {toString: 1}}}', 2],
    ['name: N\ncheck: {rules: {size: {toString: 1}}}', 2],
    ['name: N\nsponsor: {name: ~}', 2],
  ])('config %s: CONFIG_INVALID (exit 78) with its line', (yaml, line) => {
    expectRefusal(configError(yaml), 'CONFIG_INVALID', { file: 'newsletter.config.yaml', line, exit: 78 });
  });
});

it('a config without a name is a config error (exit 78), not an issue error', () => {
  expectRefusal(configError('description: D'), 'CONFIG_INVALID', { file: 'newsletter.config.yaml', exit: 78, message: /"name" is required/ });
  expectRefusal(configError('nmae: N'), 'CONFIG_INVALID', { file: 'newsletter.config.yaml', line: 1, exit: 78, message: /did you mean name instead of nmae/ });
});

describe('prototype keys and aliases', () => {
  it.each([
    ['"__proto__": {polluted: 1}', 4],
    ["'constructor': x", 4],
    ['chapters:\n  - title: A\n    __proto__: {polluted: 1}', 6],
    // An alias as a key could stand for "__proto__" and slip past a check on the written keys.
    ['k: &k __proto__\n*k: {polluted: 1}', 5],
    ['k: &k {polluted: 1}\nlisten: [{label: L, url: "https://e.example.com", __proto__: *k}]', 5],
  ])('%s is refused and pollutes nothing', (front, line) => {
    const e = parseError(issue(front));
    expect(e).toBeInstanceOf(NewsletterError);
    expect((e as NewsletterError).exitCode).toBe(65);
    expect((e as NewsletterError).line).toBe(line);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a list or mapping as a key, without the Node warning JavaScript would print', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      for (const front of ['? [a, b]\n: 1', '? {a: 1}\n: 1', 'sponsor:\n  ? [x]\n  : y']) {
        expectRefusal(parseError(issue(front)), 'FRONTMATTER_YAML', { file: F, message: /must be plain text/ });
      }
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('deep nesting: a clear message and hint, not "Maximum call stack size exceeded"', { timeout: HEAVY }, () => {
  it.each([
    ['flow lists', `q: ${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['flow mappings', `q: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}`],
    ['block mappings', 'q:\n' + Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n') + ' 1'],
    ['an unclosed bracket run', `q: ${'['.repeat(20000)}`],
  ])('frontmatter: %s', (_, front) => {
    const e = expectRefusal(parseError(issue(front)), 'FRONTMATTER_YAML', { file: F });
    expect(e.line).toBeGreaterThanOrEqual(4);
    expect(e.message).not.toMatch(/call stack/i);
    expect(e.message).toMatch(/nested more than \d+ levels|Invalid YAML/);
  });

  it.each([
    ['quotes', `${'>'.repeat(5000)} deep`],
    ['lists', Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')],
    ['emphasis', `${'*'.repeat(40000)}x${'*'.repeat(40000)}`],
    ['underscores', `${'_'.repeat(30000)}x${'_'.repeat(30000)}`],
    ['links in emphasis', `${'**[a '.repeat(20)}x${'](https://e.example.com)**'.repeat(20)}`],
  ])('letter: %s', async (_, body) => {
    const e = expectRefusal(await renderSource(issue('', body)), 'CONTENT_LIMIT', { file: F });
    expect(e.line).toBeGreaterThanOrEqual(5);
    expect(e.message).toMatch(/nested more than 16 levels/);
    expect(e.hint).toBeTruthy();
  });

  it('keeps ordinary nesting: three levels of lists in a quote', async () => {
    const r = await rendered(issue('', '> - a\n>   - b\n>     - c\n\n- one\n  - two\n    - three'));
    expect(r.text).toMatch(/- one\n {2}- two\n {4}- three/);
  });
});

describe('a letter whose first block has no text', () => {
  it.each([
    ['an image with no alt', '![](assets/logo.png)'],
    ['an image with no alt, then text', '![](assets/logo.png)\n\nText after.'],
    ['a rule', '---\n\nText after.'],
    ['an empty link', '[](https://e.example.com)'],
    ['only a comment', '<!-- nothing to see -->'],
  ])('%s renders, with or without a frontmatter quote', async (_, body) => {
    for (const front of ['', 'quote: A pull quote']) {
      const r = await rendered(issue(front, body));
      expect(r.html).toContain('</html>');
      if (front) expect(r.text).toContain('A pull quote');
      expect(r.text).not.toMatch(/undefined|\[object/);
    }
  });
});

describe('%-escapes and paths of images', () => {
  it.each([
    ['sponsor:\n  name: S\n  logo: "assets/%zz.png"', 6, /%/],
    ['sponsor:\n  name: S\n  logo: "assets/100%.png"', 6, /%25/],
    ['sponsor:\n  name: S\n  logo: "assets/%C3%28.png"', 6, /UTF-8/],
    ['sponsor:\n  name: S\n  logo: "assets/%2e%2e/%2e%2e/etc/passwd"', 6, /outside the workspace/],
  ])('sponsor logo %s: refused with its line', (front, line, hint) => {
    const e = expectRefusal(parseError(issue(front)), 'FIELD_TYPE', { file: F, line });
    expect(`${e.message} ${e.hint}`).toMatch(hint);
  });

  it.each([
    ['![x](assets/%C3%28.png)', /UTF-8/],
    ['![x](../secret.png)', /outside the workspace/],
    ['![x](assets/%2e%2e/%2e%2e/secret.png)', /outside the workspace/],
    ['![x](/etc/passwd)', /outside the workspace/],
  ])('an image in the letter, %s: refused with the issue and its line (not the config)', async (img, message) => {
    const e = expectRefusal(await renderSource(issue('', `Intro.\n\n${img}`)), 'FIELD_TYPE', { file: F, line: 7 });
    expect(`${e.message} ${e.hint}`).toMatch(message);
  });

  it('a malformed escape the markdown parser re-encodes renders harmlessly', async () => {
    const r = await rendered(issue('', '![x](assets/%zz.png)'));
    expect(r.images).toContain('assets/%25zz.png');
  });

  it.each([
    ['theme:\n  logo: {src: "assets/%zz.png", alt: L}', 2],
    ['theme:\n  logo: "../logo.png"', 2],
  ])('config logo %s: CONFIG_INVALID with its line', (yaml, line) => {
    expectRefusal(configError(`name: N\n${yaml}`), 'CONFIG_INVALID', { file: 'newsletter.config.yaml', line: line + 1, exit: 78 });
  });

  it('build: an image outside the workspace names the issue and line, exits 65, and writes nothing', async () => {
    const ws = makeWorkspace({ 'issues/2026-01-07-x.md': issueSource({}, 'Intro.\n\n![secret](../../etc/passwd)') });
    const r = await runMain(['build', 'issues/2026-01-07-x.md'], ws);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('issues/2026-01-07-x.md:8');
    expect(r.stderr).not.toContain('newsletter.config.yaml');
    expect(filesUnder(`${ws}/dist`)).toEqual([]);
  });
});

describe('"did you mean" survives a missing required field', () => {
  it.each([
    ['titel', 'title', '---\ntitel: My issue\ndate: 2024-01-01\n---\n', 2],
    ['Title', 'title', '---\nTitle: My issue\ndate: 2024-01-01\n---\n', 2],
    ['dat', 'date', '---\ntitle: T\ndat: 2024-01-01\n---\n', 3],
    ['chapters.0.titel', 'title', issue('chapters:\n  - titel: A'), 5],
  ])('%s for a missing %s', (typo, key, src, line) => {
    const e = expectRefusal(parseError(src), 'FIELD_REQUIRED', { file: F, line });
    expect(e.message).toContain(`did you mean ${key} instead of ${typo.split('.').pop()}?`);
  });

  it('still says only "required" when nothing looks like a typo', () => {
    const e = expectRefusal(parseError('---\ndate: 2024-01-01\n---\n'), 'FIELD_REQUIRED', { file: F });
    expect(e.message).toBe('"title" is required');
  });
});

describe('the preheader hint can be pasted as it is, and is about the issue', () => {
  it.each([
    'Plain words',
    'News: May',
    '- starts with a dash',
    '#hashtag',
    '"quoted"',
    "it's",
    'a: b # c',
    'Café 🎉',
    'ends with space ',
    '1.10',
    'yes',
    '[x]',
    '{y}',
    '*star',
    '&amp',
    '@at',
    '%pct',
  ])('yamlExample keeps %j', (value) => {
    const line = yamlExample('preheader', value);
    expect(parseYaml(line, { schema: 'core' })).toEqual({ preheader: value });
    expect(parseYaml(line, { version: '1.1' })).toEqual({ preheader: value });
    expect(parseIssue(issue(line.replace(/^preheader/, 'subject')), F).issue.subject).toBe(value);
  });

  it('the preheader-missing hint quotes the issue’s own title', async () => {
    const { issue: parsed } = parseIssue(issue('', 'Hello there.').replace('title: T', 'title: "News: the May issue"'), F);
    const r = await renderIssue(parsed, exampleConfig, compiledDefaults, []);
    const hit = lintIssue({ issue: parsed, config: exampleConfig, rendered: r }).find((p) => p.rule === 'preheader-missing')!;
    const pasted = parseYaml(hit.hint!.replace(/^e\.g\. /, ''), { schema: 'core' }) as { preheader: string };
    expect(pasted.preheader).toMatch(/^News: the May issue: /);
  });
});
