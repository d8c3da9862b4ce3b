import { lintIssue as runRules } from '../src/lint/lintInput.js';
import { createReader } from '../src/workspace/reader.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { NewsletterError } from '../src/problems/errors.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { loadTemplates } from '../src/workspace/loadTemplates.js';
import { renderIssue, type RenderedIssue } from '../src/render/renderIssue.js';
import { compileTemplates } from '../src/render/templates.js';
import type { ArchiveEntry, Config } from '../src/parse/types.js';
import { ROOT } from './helpers/workspace.js';

const base = loadConfig({ cwd: ROOT }).config;
const templates = compileTemplates(loadTemplates(createReader(ROOT, ROOT)));

function config(patch: Partial<Config> = {}): Config {
  return { ...base, ...patch };
}

async function render(source: string, cfg = config(), archive: ArchiveEntry[] = []): Promise<RenderedIssue> {
  const { issue } = parseIssue(source, 'issues/t.md');
  return renderIssue(issue, cfg, templates, archive);
}

async function renderError(source: string, cfg = config()): Promise<NewsletterError> {
  try {
    await render(source, cfg);
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

const bare = config({ listen: [], sponsors: [], promos: [], greeting: null, signoff: null, author: { name: null, title: [] }, read_more: { count: 0 } });

describe('blocks', () => {
  it('renders the blocks in the documented order', async () => {
    const src = `---
title: Order
preheader: Pre
date: 2024-01-01
quote: { text: The quote, cite: Someone }
chapters: [{ time: "01:00", title: Chapter one }]
resources: [{ label: Resource one, url: "https://r.example.com" }]
---
First paragraph.

Second paragraph.`;
    const archive = [{ slug: 'old', title: 'Older issue', date: '2023-12-01', teaser: 'Teaser text' }];
    const rendered = await render(src, config(), archive);
    const html = rendered.html.slice(rendered.html.indexOf('<body')).replace(/aria-label="[^"]*"/, '');
    const text = rendered.text;
    const marks = [
      'The Quiet Build',
      'Order',
      'Hi builders,',
      'First paragraph.',
      'The quote',
      'Second paragraph.',
      'Listen to the full episode',
      'Until next Wednesday',
      'Chapter one',
      'Resource one',
      'Fieldnote',
      'Ask the show',
      'Older issue',
      // The footer is always last in the email (issue 10).
      'Unsubscribe',
    ];
    for (const doc of [html, text]) {
      const at = marks.map((m) => doc.indexOf(m));
      expect(
        at.every((i) => i >= 0),
        marks.filter((_, i) => at[i]! < 0).join(),
      ).toBe(true);
      expect(
        [...at].sort((a, b) => a - b).map((i) => marks[at.indexOf(i)]),
        doc.slice(0, 30),
      ).toEqual(marks);
    }
  });

  it('leaves no trace of empty blocks: no heading, no divider, no empty section', async () => {
    const { html, text } = await render('---\ntitle: Bare\ndate: 2024-01-01\n---\nJust a letter.', bare);
    for (const label of Object.values(bare.labels).filter((l) => !['Unsubscribe', 'View in your browser', 'Update your preferences'].includes(l))) {
      expect(html).not.toContain(label);
      expect(text).not.toContain(label);
    }
    expect(html).not.toMatch(/class="[^"]*nl-rule/);
    expect(html).not.toMatch(/class="[^"]*nl-tint/);
    expect(html).not.toMatch(/<ul[^>]*>\s*<\/ul>/);
    expect(text).not.toMatch(/\n{3,}/);
  });

  it('shows a blockquote in the body as a pull quote with its citation, in place', async () => {
    const { html, text } = await render('---\ntitle: Q\ndate: 2024-01-01\n---\nBefore.\n\n> Quoted words.\n> — Ada Lovelace\n\nAfter.', bare);
    expect(html).toMatch(/Before\.[\s\S]*class="nl-quote"[\s\S]*Quoted words\.[\s\S]*— Ada Lovelace[\s\S]*After\./);
    expect(text).toMatch(/Before\.\n\n {4}“Quoted words\.”\n {4}— Ada Lovelace\n\nAfter\./);
  });

  it('aligns chapter times in a column of the text part, with summaries hung under titles', async () => {
    const src = `---
title: C
date: 2024-01-01
chapters:
  - { time: 79, title: One, summary: "First *summary*" }
  - { time: "1:02:03", title: Two }
  - { title: Three }
---
x`;
    const { text, html } = await render(src, bare);
    expect(text).toContain('  01:19  One\n         First summary\n');
    expect(text).toContain('1:02:03  Two\n');
    expect(text).toContain('         Three\n');
    expect(html).toContain('>01:19<');
    expect(html).toContain('>1:02:03<');
  });

  it('uses the config defaults, and false turns them off', async () => {
    const on = await render('---\ntitle: D\ndate: 2024-01-01\n---\nx');
    expect(on.html).toContain('Fieldnote');
    expect(on.html).toContain('Ask the show');
    const off = await render('---\ntitle: D\ndate: 2024-01-01\nsponsor: false\npromos: false\nlisten: false\n---\nx');
    expect(off.html).not.toContain('Fieldnote');
    expect(off.html).not.toContain('Ask the show');
    expect(off.html).not.toContain('Apple Podcasts');
  });

  it('renders every sponsor of a sponsors list, each labelled', async () => {
    const { html } = await render('---\ntitle: S\ndate: 2024-01-01\nsponsors:\n  - name: Alpha Co\n  - name: Beta Co\n    label: Thanks to\n---\nx', bare);
    expect(html).toMatch(/Sponsored by[\s\S]*Alpha Co[\s\S]*Thanks to[\s\S]*Beta Co/);
  });

  it('defaults the preheader to the start of the body, cut at a word', async () => {
    const words = 'lorem '.repeat(0) + 'word '.repeat(80);
    const { preheader } = await render(`---\ntitle: P\ndate: 2024-01-01\n---\n${words}`, bare);
    expect(preheader.length).toBeLessThanOrEqual(141);
    expect(preheader.length).toBeGreaterThan(100);
    expect(preheader).toMatch(/word…$/);
  });

  it('sets lang from the config language', async () => {
    const { html } = await render('---\ntitle: L\ndate: 2024-01-01\n---\nx', config({ ...bare, language: 'pt-BR' }));
    expect(html).toMatch(/<html[^>]*lang="pt-BR"/);
  });
});

describe('author text is text', () => {
  const evil =
    '</mj-text><mj-button href="https://evil.example.com">Injected</mj-button><mj-raw><script>alert(1)</script></mj-raw>{{secret}}<img src=x onerror=alert(1)>';

  // The subject is in the HTML's <title> and the headers, not in the text part.
  it.each([
    ['the subject', `subject: '${evil}'`, '', false],
    ['a chapter title and summary', `chapters: [{ time: 1, title: '${evil}', summary: '${evil}' }]`, '', true],
    ['the body', '', evil, true],
    ['a quote', `quote: '${evil}'`, '', true],
  ])('in %s it adds no component, script or template evaluation', async (_, front, body, inText) => {
    const src = `---\ntitle: T\ndate: 2024-01-01\n${front}\n---\n${body || 'x'}`;
    const { html, text } = await render(src, bare);
    expect(html).not.toContain('Injected</a>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<mj-/);
    expect(html).toContain('{{secret}}');
    expect(text.includes('{{secret}}')).toBe(inText);
  });

  it.each([
    ['[x](javascript:alert(1))', 5],
    ['Para.\n\n[x](JAVASCRIPT:alert(1))', 7],
    ['![x](data:image/png;base64,AAAA)', 5],
    ['[x](vbscript:msgbox)', 5],
    ['[x](file:///etc/passwd)', 5],
    ['<javascript:alert(1)>', 5],
  ])('refuses %s in markdown, with its line', async (body, line) => {
    const e = await renderError(`---\ntitle: T\ndate: 2024-01-01\n---\n${body}\n`, bare);
    expect(e.code).toBe('LINK_UNSAFE');
    expect(e.file).toBe('issues/t.md');
    expect(e.line).toBe(line);
  });

  it('shows raw HTML in markdown as text (the documented policy)', async () => {
    const { html } = await render('---\ntitle: T\ndate: 2024-01-01\n---\n<b onclick="x()">bold?</b>\n', bare);
    expect(html).toMatch(/&lt;b onclick(=|&#x3D;)\S*x\(\)\S*&gt;bold\?&lt;\/b&gt;/);
    expect(html).not.toMatch(/<b onclick/);
  });
});

describe('size', () => {
  it('renders HTML over Gmail’s 102 KB clip, and lint calls it an error', async () => {
    const src = `---\ntitle: Big\ndate: 2024-01-01\n---\n${Array.from({ length: 1500 }, (_, i) => `Paragraph ${i} with some words to make it long enough.`).join('\n\n')}`;
    const r = await render(src, bare);
    expect(r.bytes).toBeGreaterThan(102 * 1024);
    const size = runRules({ issue: parseIssue(src, 'issues/big.md').issue, config: bare, rendered: r }).find((f) => f.rule === 'size');
    expect(size).toMatchObject({ severity: 'error' });
    expect(size!.message).toMatch(/102 KB/);
  });

  it('warns over 90 KB', async () => {
    const para = 'Some words here and there, enough to fill a line of the letter.';
    const at = async (n: number): Promise<RenderedIssue> => render(`---\ntitle: Big\ndate: 2024-01-01\n---\n${Array(n).fill(para).join('\n\n')}`, bare);
    const [a, b] = [await at(100), await at(200)];
    const perPara = (b.bytes - a.bytes) / 100;
    const r = await at(Math.round(100 + (96 * 1024 - a.bytes) / perPara));
    expect(r.bytes).toBeGreaterThan(90 * 1024);
    expect(r.bytes).toBeLessThan(102 * 1024);
    const sizeOf = (x: RenderedIssue) =>
      runRules({ issue: parseIssue('---\ntitle: Big\ndate: 2024-01-01\n---\nx', 'issues/big.md').issue, config: bare, rendered: x }).map((w) => w.rule);
    expect(sizeOf(r)).toContain('size');
    expect(sizeOf(a)).not.toContain('size');
  });
});

describe('line endings', () => {
  it('renders a CRLF file exactly like its LF twin', async () => {
    const src =
      '---\ntitle: Ends\ndate: 2024-01-01\nchapters:\n  - { time: "01:00", title: A, summary: "line" }\n---\n\nOne.\n\n> Quote\n> — Who\n\nTwo\nlines.\n';
    const lf = await render(src, bare);
    const crlf = await render(src.replace(/\n/g, '\r\n'), bare);
    const mixed = await render(
      src.replace(/\n/g, (_, i: number) => (i % 2 ? '\r\n' : '\n')),
      bare,
    );
    expect(crlf.html).toBe(lf.html);
    expect(crlf.text).toBe(lf.text);
    expect(mixed.html).toBe(lf.html);
  });
});
