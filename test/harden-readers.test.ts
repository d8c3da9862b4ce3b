/**
 * Class 5 of the trust issue, what reaches readers: HTML comments are
 * private notes, stripped from the HTML, the text part and the preheader;
 * every URL field is a URL (one line, no spaces, no <>"); test.to holds
 * addresses only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { parseYamlMapping } from '../src/parse/frontmatter.js';
import { validateConfig } from '../src/parse/validateConfig.js';
import { linkShapeProblem, localImageProblem } from '../src/parse/urls.js';
import { expectRefusal, filesUnder, issue, rendered, renderSource, runMain } from './helpers/harden.js';
import { cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

const F = 'issues/t.md';
const SECRET = 'SECRET-NOTE';

/** The secret must be nowhere a reader can see it: HTML (comments included), text part, preheader, subject. */
async function expectHidden(source: string): Promise<void> {
  const r = await rendered(source);
  for (const part of [r.html, r.text, r.preheader, r.subject]) expect(part).not.toContain(SECRET);
  expect(r.html).not.toMatch(/&lt;!--|<!–|&lt;!–/);
  expect(r.text).not.toMatch(/<!--|<!–/);
}

describe('HTML comments in markdown are private notes', () => {
  it.each([
    ['inline', `Hello <!-- ${SECRET} --> world.`],
    ['a line of its own between paragraphs', `Hello.\n\n<!-- ${SECRET} -->\n\nWorld.`],
    ['multi-line, with a blank line inside', `Hello.\n\n<!--\n${SECRET}\n\nstill hidden\n-->\n\nWorld.`],
    ['multi-line inside a paragraph', `Hello <!-- ${SECRET}\nnext line --> world.`],
    ['inside a list item', `- one <!-- ${SECRET} -->\n- two\n  <!-- ${SECRET} -->\n- three`],
    ['a list item of its own', `- one\n- <!--\n  ${SECRET}\n  -->\n- three`],
    ['inside a quote', `> Quoted <!-- ${SECRET} --> text.\n>\n> <!--\n> ${SECRET}\n> -->`],
    ['inside a link label', `[read <!-- ${SECRET} --> this](https://e.example.com)`],
    ['over the citation line of a pull quote', `> Quoted text <!-- ${SECRET}\n> — ${SECRET} -->`],
    ['before a citation', `> Quoted text\n> <!-- ${SECRET} -->\n> — Someone`],
    ['the whole letter', `<!-- ${SECRET} -->`],
    ['first, before the preheader text', `<!-- ${SECRET} -->\nThe letter starts here.`],
    ['the short forms', `A <!--> B <!---> C <!-- ${SECRET} --->`],
  ])('%s', async (_, body) => {
    await expectHidden(issue('', body));
  });

  it('strips them from markdown fields too (sponsor text, promo text, chapter summaries)', async () => {
    await expectHidden(
      issue(
        [
          'sponsor: {name: S, text: "Sponsor <!-- SECRET-NOTE --> text"}',
          'promos: [{title: P, text: "Promo <!-- SECRET-NOTE --> text"}]',
          'chapters: [{title: C, summary: "Sum <!-- SECRET-NOTE --> mary"}]',
        ].join('\n'),
      ),
    );
  });

  it('keeps the text around a comment, and the preheader starts after one', async () => {
    const r = await rendered(issue('', `<!-- ${SECRET} -->\nThe letter starts here.\n\nHello <!-- x --> world.`));
    expect(r.preheader).toMatch(/^The letter starts here\./);
    expect(r.text).toMatch(/Hello +world\./);
    expect(r.html).toMatch(/Hello\s+world\./);
  });

  it('shows a comment inside code as code', async () => {
    const r = await rendered(issue('', 'Write `<!-- note -->` to hide a note.\n\n```\n<!-- shown -->\n```'));
    expect(r.html).toContain('&lt;!-- note --&gt;');
    expect(r.text).toContain('<!-- shown -->');
  });

  it.each([
    ['in a paragraph', `Hello <!-- ${SECRET} never closed.`, 7],
    ['on a line of its own', `Hello.\n\n<!-- ${SECRET}\n\nthe rest of the letter`, 9],
    ['in a list item', `- one\n- two <!-- ${SECRET}\n- three -->`, 8],
  ])('refuses a comment never closed %s (COMMENT_UNCLOSED, exit 65, its line)', async (_, body, line) => {
    const e = expectRefusal(await renderSource(issue('', `Intro.\n\n${body}`)), 'COMMENT_UNCLOSED', { file: F, line, exit: 65 });
    expect(e.hint).toContain('-->');
  });

  it('build: an unclosed comment exits 65 and writes nothing', async () => {
    const ws = makeWorkspace({ 'issues/2026-01-07-x.md': issueSource({}, `Hello <!-- ${SECRET}`) });
    const r = await runMain(['build', 'issues/2026-01-07-x.md'], ws);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/error\[COMMENT_UNCLOSED\] issues\/2026-01-07-x\.md:6/);
    expect(filesUnder(join(ws, 'dist'))).toEqual([]);
  });

  it('build: what is written holds no comment', async () => {
    const ws = makeWorkspace({ 'issues/2026-01-07-x.md': issueSource({}, `Hello <!-- ${SECRET} --> world.\n\n<!--\n${SECRET}\n-->`) });
    const r = await runMain(['build', 'issues/2026-01-07-x.md'], ws);
    expect(r.code, r.stderr).toBe(0);
    for (const ext of ['html', 'txt']) expect(readFileSync(join(ws, 'dist', `2026-01-07-x.${ext}`), 'utf8')).not.toContain(SECRET);
  });
});

function configError(yaml: string): NewsletterError | null {
  try {
    const { data, lines, raw } = parseYamlMapping(yaml, 'newsletter.config.yaml', 0, 'config');
    validateConfig(data, lines, 'newsletter.config.yaml', '/tmp', raw);
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  return null;
}

function issueError(source: string): NewsletterError | null {
  try {
    parseIssue(source, F);
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  return null;
}

const BAD_URLS: [string, RegExp][] = [
  ['"https://e.example.com/u\\r\\nBcc: x@evil.example"', /line break/],
  ['"https://e.example.com/u\\nX-Header: 1"', /line break/],
  ['"https://e.example.com/a b"', /a space/],
  ['"https://e.example.com/a\\tb"', /a space/],
  ['"https://e.example.com/a>b"', /character >/],
  ['"https://e.example.com/<script>"', /character </],
  ['"https://e.example.com/a\\"b"', /character "/],
  ['"https://e.example.com/a\\\\b"', /character \\/],
  ['"https://e.example.com/a\\u0000b"', /control character U\+0000/],
  ['"https://e.example.com/a\\u007fb"', /control character U\+007F/],
  ['"https://e.example.com/a\\u202eb"', /invisible character U\+202E/],
  ['"https://e.example.com/a\\u200bb"', /invisible character U\+200B/],
  ['"https://e.example.com/100%"', /"%"/],
  ['"https:///nohost"', /not a valid web address/],
  ['"https:e.example.com"', /not a valid web address/],
  ['"mailto:"', /not a mailto: address/],
  ['"mailto:no-at-sign"', /not a mailto: address/],
];

describe('URL fields are URLs', () => {
  const configFields: [string, (u: string) => string, number][] = [
    ['url', (u) => `url: ${u}`, 2],
    ['footer.unsubscribe_url', (u) => `footer:\n  unsubscribe_url: ${u}`, 3],
    ['footer.preferences_url', (u) => `footer:\n  preferences_url: ${u}`, 3],
    ['listen.0.url', (u) => `listen:\n  - label: L\n    url: ${u}`, 4],
    ['sponsor.url', (u) => `sponsor:\n  name: S\n  url: ${u}`, 4],
    ['sponsor.cta.url', (u) => `sponsor:\n  name: S\n  cta: {label: C, url: ${u}}`, 4],
    ['promos.0.cta.url', (u) => `promos:\n  - title: P\n    cta: {label: C, url: ${u}}`, 4],
    ['theme.logo.src', (u) => `theme:\n  logo: {src: ${u}, alt: L}`, 3],
  ];
  for (const [path, make, line] of configFields) {
    it.each(BAD_URLS)(`config ${path}: %s`, (url, why) => {
      const e = configError(`name: N\n${make(url)}`);
      expectRefusal(e, 'CONFIG_INVALID', { file: 'newsletter.config.yaml', line, exit: 78, message: why });
    });
  }

  const issueFields: [string, (u: string) => string, number][] = [
    ['listen.0.url', (u) => `listen:\n  - label: L\n    url: ${u}`, 6],
    ['resources.0.url', (u) => `resources:\n  - label: L\n    url: ${u}`, 6],
    ['sponsor.url', (u) => `sponsor:\n  name: S\n  url: ${u}`, 6],
    ['sponsor.logo', (u) => `sponsor:\n  name: S\n  logo: ${u}`, 6],
    ['sponsor.cta.url', (u) => `sponsor:\n  name: S\n  cta: {label: C, url: ${u}}`, 6],
    ['promos.0.cta.url', (u) => `promos:\n  - title: P\n    cta: {label: C, url: ${u}}`, 6],
  ];
  for (const [path, make, line] of issueFields) {
    it.each(BAD_URLS)(`issue ${path}: %s`, (url, why) => {
      expectRefusal(issueError(issue(make(url))), 'FIELD_TYPE', { file: F, line, exit: 65, message: why });
    });
  }

  it('keeps the unsafe-scheme error for javascript: and friends', () => {
    expectRefusal(issueError(issue('listen:\n  - label: L\n    url: "javascript:alert(1)"')), 'LINK_UNSAFE', { file: F, line: 6 });
    expectRefusal(configError('name: N\nfooter: {unsubscribe_url: "java\\nscript:alert(1)"}'), 'LINK_UNSAFE', { line: 2 });
  });

  it.each([
    'https://example.com',
    'https://example.com/path?q=1&x=a%20b#frag',
    'https://xn--bcher-kva.example/ü',
    'https://user@example.com:8443/p',
    'mailto:hello@example.com',
    'mailto:hello@example.com?subject=Hi%20there',
    'http://example.com/plain',
  ])('accepts %s', (url) => {
    expect(linkShapeProblem(url)).toBeNull();
    expect(configError(`name: N\nfooter: {unsubscribe_url: "${url}", address: A}`)).toBeNull();
  });

  it.each(['assets/logo.png', 'assets/my logo.png', 'assets/caf%C3%A9.png', 'img/a.b/c.png'])('accepts the local image %s', (src) => {
    expect(localImageProblem(src)).toBeNull();
  });

  it('send --test: a line break in unsubscribe_url never reaches a header (exit 78, nothing written)', async () => {
    const ws = makeWorkspace({
      'newsletter.config.yaml':
        'name: N\nfrom: N <n@example.com>\ntest: {to: [me@example.com]}\nfooter:\n  address: 1 Street\n  unsubscribe_url: "https://e.example.com/u\\r\\nBcc: x@evil.example"\n',
      'issues/2026-01-07-x.md': issueSource(),
    });
    const r = await runMain(['send', '--test', 'issues/2026-01-07-x.md', '--dry-run'], ws);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/error\[CONFIG_INVALID\] newsletter\.config\.yaml:6/);
    expect(filesUnder(join(ws, 'dist'))).toEqual([]);
  });
});

describe('test.to holds addresses only', () => {
  it.each([
    ['[1234]', 1],
    ['[me@example.com, {toString: 1}]', 2],
    ['[me@example.com, [a@example.com]]', 2],
    ['[me@example.com, null]', 2],
    ['[true]', 1],
    ['[""]', 1],
  ])('%s: entry %i is refused (CONFIG_INVALID, exit 78)', (list, n) => {
    const e = expectRefusal(configError(`name: N\ntest:\n  to: ${list}`), 'CONFIG_INVALID', { file: 'newsletter.config.yaml', line: 3, exit: 78 });
    expect(e.message).toContain(`entry ${n}`);
  });

  it('keeps a plain string and a list of strings', () => {
    expect(configError('name: N\ntest: {to: me@example.com}')).toBeNull();
    expect(configError('name: N\ntest: {to: [me@example.com, you@example.com]}')).toBeNull();
  });
});
