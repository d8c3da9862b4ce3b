import { describe, expect, it } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { formatTime, parseTime } from '../src/parse/time.js';

const F = 'issues/x.md';

function fails(source: string): NewsletterError {
  try {
    parseIssue(source, F);
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected parseIssue to fail');
}

describe('chapter times', () => {
  it.each([
    ['01:19', 79, '01:19'],
    [79, 79, '01:19'],
    ['1:02:03', 3723, '1:02:03'],
    [3723, 3723, '1:02:03'],
    ['0:00', 0, '00:00'],
    ['59:59', 3599, '59:59'],
    ['75:30', 4530, '1:15:30'],
    ['1980', 1980, '33:00'],
  ])('%s reads as %i seconds and shows as %s', (input, seconds, shown) => {
    expect(parseTime(input)).toBe(seconds);
    expect(formatTime(parseTime(input)!)).toBe(shown);
  });

  it.each([['1:75:00'], ['12:7'], ['soon'], [-5], [1.5], ['1:2:3:4']])('refuses %s', (input) => {
    expect(parseTime(input)).toBeNull();
  });

  it('shows an unquoted 01:19 (YAML core schema) and its YAML 1.1 reading 79 the same way', () => {
    const a = parseIssue('---\ntitle: T\ndate: 2024-01-01\nchapters:\n  - time: 01:19\n    title: A\n---\n', F).issue;
    const b = parseIssue('---\ntitle: T\ndate: 2024-01-01\nchapters:\n  - time: 79\n    title: A\n---\n', F).issue;
    expect(a.chapters[0]!.time).toBe(79);
    expect(b.chapters[0]!.time).toBe(79);
  });

  it('lists a chapter without a time', () => {
    const { issue } = parseIssue('---\ntitle: T\ndate: 2024-01-01\nchapters:\n  - title: No time\n---\n', F);
    expect(issue.chapters).toEqual([expect.objectContaining({ time: null, title: 'No time' })]);
  });
});

describe('frontmatter', () => {
  it('reads every documented key', () => {
    const src = `---
title: Understanding Product
date: 2024-12-18
subject: "News: 🎉"
preheader: Short
slug: product
greeting: Hi,
quote: { text: Q, cite: C }
listen: [{ label: Apple, url: "https://a.example.com" }]
chapters: [{ time: "01:19", title: A, summary: S }]
resources: [{ label: R, url: "https://r.example.com", note: N }]
sponsor: { label: L, name: N, text: T, logo: assets/s.png, cta: { label: Go, url: "https://s.example.com" } }
promos: [{ title: P, text: T, cta: { label: Go, url: "https://p.example.com" } }]
signoff: Bye,
teaser: Tease
draft: true
---
Body`;
    const { issue, warnings } = parseIssue(src, F);
    expect(warnings).toEqual([]);
    expect(issue).toMatchObject({ title: 'Understanding Product', date: '2024-12-18', subject: 'News: 🎉', slug: 'product', draft: true, signoff: 'Bye,' });
    expect(issue.quote).toEqual({ text: 'Q', cite: 'C' });
    expect(issue.sponsors).toHaveLength(1);
    expect(issue.sponsors![0]!.cta!.url).toBe('https://s.example.com');
    expect(issue.body.trim()).toBe('Body');
  });

  it('accepts a string quote, sponsors as a list, and false to turn defaults off', () => {
    const { issue } = parseIssue('---\ntitle: T\ndate: 2024-01-01\nquote: Just words\nsponsors:\n  - name: A\n  - name: B\npromos: false\n---\n', F);
    expect(issue.quote).toEqual({ text: 'Just words', cite: null });
    expect(issue.sponsors!.map((s) => s.name)).toEqual(['A', 'B']);
    expect(issue.promos).toEqual([]);
    expect(parseIssue('---\ntitle: T\ndate: 2024-01-01\nsponsor: false\n---\n', F).issue.sponsors).toEqual([]);
    expect(parseIssue('---\ntitle: T\ndate: 2024-01-01\n---\n', F).issue.sponsors).toBeNull();
  });

  it('defaults the slug to the file name', () => {
    expect(parseIssue('---\ntitle: T\ndate: 2024-01-01\n---\n', 'issues/2024-12-18-product.md').issue.slug).toBe('2024-12-18-product');
  });

  it('reports malformed YAML with the file line and column', () => {
    const e = fails('---\ntitle: T\ndate: 2024-01-01\nsubject: News: May\n---\n');
    expect(e.code).toBe('FRONTMATTER_YAML');
    expect(e.line).toBe(4);
    expect(e.column).toBeGreaterThan(1);
    expect(e.hint).toMatch(/quote/i);
  });

  it('reports a frontmatter that is never closed', () => {
    const e = fails('---\ntitle: T\ndate: 2024-01-01\n\nBody text\n');
    expect(e.code).toBe('FRONTMATTER_UNCLOSED');
    expect(e.line).toBe(1);
  });

  it.each(['---js', '---javascript', '---JS', '---JavaScript', '--- js', '---coffee', '---toml', '---json'])(
    'refuses %s frontmatter without running it',
    (opener) => {
      (globalThis as Record<string, unknown>).__pwned = false;
      const e = fails(`${opener}\n{ title: (globalThis.__pwned = true, "x") }\n---\nBody\n`);
      expect(['FRONTMATTER_LANGUAGE', 'FRONTMATTER_MISSING', 'FRONTMATTER_YAML']).toContain(e.code);
      expect((globalThis as Record<string, unknown>).__pwned).toBe(false);
    },
  );

  it('treats a body that starts with ---- as no frontmatter', () => {
    expect(fails('----\ntitle: T\n----\n').code).toBe('FRONTMATTER_MISSING');
  });

  it.each([
    ['a scalar', '---\njust text\n---\n', 'FRONTMATTER_SHAPE'],
    ['a list', '---\n- a\n- b\n---\n', 'FRONTMATTER_SHAPE'],
  ])('refuses frontmatter that is %s', (_, src, code) => {
    expect(fails(src).code).toBe(code);
  });

  it('reports every missing required field at once', () => {
    const e = fails('---\nsubject: S\n---\n');
    const all = [e, ...e.more];
    expect(all.map((x) => x.code)).toEqual(['FIELD_REQUIRED', 'FIELD_REQUIRED']);
    expect(all.map((x) => x.message).join(' ')).toMatch(/title.*date|date.*title/);
  });

  it.each([
    ['title: 123', /title.*text/],
    ['chapters: "x"', /chapters.*list/],
    ['date: tomorrow', /date.*YYYY-MM-DD/],
    ['date: 2024-13-45', /not a real calendar date/],
    ['date: 2023-02-29', /not a real calendar date/],
    ['draft: "yes"', /draft.*true or false/],
  ])('refuses the wrong type in %s, naming the line', (line, message) => {
    const src = `---\ntitle: T\ndate: 2024-01-01\n${line}\n---\n`.replace(/^(title|date): .*\n(?=[\s\S]*^\1: )/m, '');
    const e = fails(src);
    const all = [e, ...e.more];
    const hit = all.find((x) => message.test(x.message));
    expect(hit, all.map((x) => x.message).join('\n')).toBeDefined();
    expect(hit!.line).toBeGreaterThanOrEqual(2);
  });

  it('warns about a misspelled key with a suggestion', () => {
    const { warnings } = parseIssue('---\ntitel: T\ntitle: T\ndate: 2024-01-01\n---\n', F);
    expect(warnings).toEqual([expect.objectContaining({ rule: 'unknown-key', line: 2, message: expect.stringContaining('did you mean title?') })]);
  });

  it.each([
    ['__proto__: { polluted: true }'],
    ['constructor: { prototype: { polluted: true } }'],
    ['quote: { __proto__: { polluted: true }, text: x }'],
    ['chapters:\n  - title: A\n    prototype: 1'],
    ['base: &b { __proto__: { polluted: true } }\nquote:\n  <<: *b\n  text: x'],
  ])('refuses %s without polluting any prototype', (yaml) => {
    const e = fails(`---\ntitle: T\ndate: 2024-01-01\n${yaml}\n---\n`);
    expect(e.code).toBe('FIELD_FORBIDDEN');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses duplicate keys with the line of the repeat', () => {
    const e = fails('---\ntitle: A\ndate: 2024-01-01\ntitle: B\n---\n');
    expect(e.code).toBe('FRONTMATTER_YAML');
    expect(e.line).toBe(4);
  });

  it('refuses a YAML alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill('*' + String.fromCharCode(96 + i))
          .join(',')}]`,
      );
    const e = fails(`---\ntitle: T\ndate: 2024-01-01\n${bomb.join('\n')}\n---\n`);
    expect(e.code).toBe('FRONTMATTER_YAML');
  });

  it('keeps implicit types as the author wrote them', () => {
    const { issue } = parseIssue('---\ntitle: no\ndate: 2024-01-01\nsubject: 1.10\ngreeting: off\n---\n', F);
    expect(issue.title).toBe('no');
    expect(issue.subject).toBe('1.10');
    expect(issue.greeting).toBe('off');
    expect(issue.date).toBe('2024-01-01');
  });

  it('reads CRLF, lone CR and a UTF-8 BOM like LF', () => {
    const lf = '---\ntitle: T\ndate: 2024-01-01\n---\n\nPara one.\n\nPara two.\n';
    const a = parseIssue(lf, F).issue;
    const b = parseIssue('\uFEFF' + lf.replace(/\n/g, '\r\n'), F).issue;
    const c = parseIssue(lf.replace(/\n/g, '\r'), F).issue;
    expect(b.body).toBe(a.body);
    expect(c.body).toBe(a.body);
    expect(b.title).toBe('T');
  });

  it('refuses a 1 MB frontmatter by its size', () => {
    const e = fails(`---\ntitle: T\ndate: 2024-01-01\nteaser: "${'x'.repeat(1024 * 1024)}"\n---\n`);
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.line).toBe(2);
  });

  it.each([[''], ['   \n\t\n']])('refuses an empty file', (src) => {
    expect(fails(src).code).toBe('FILE_EMPTY');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['data:text/html,x'],
    ['vbscript:x'],
    ['file:///etc/passwd'],
    ['&#106;avascript:alert(1)'],
    [' java\tscript:alert(1)'],
  ])('refuses the link %s in the frontmatter, with its line', (url) => {
    const e = fails(`---\ntitle: T\ndate: 2024-01-01\nresources:\n  - label: R\n    url: "${url}"\n---\n`);
    expect(e.code).toBe('LINK_UNSAFE');
    expect(e.line).toBe(6);
  });
});
