/**
 * Class 4 of the trust issue, time: what an issue may cost is bounded
 * before anything is rendered (links, markdown elements, nesting), and the
 * plain-text conversion is linear. No timed assertions: each test checks
 * the result, so a regression to quadratic time shows up as a test that no
 * longer finishes inside vitest's timeout rather than as a flaky number.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ISSUE_BYTES } from '../src/workspace/files.js';
import { markdownToText } from '../src/render/markdown.js';
import { MARKDOWN_LIMITS } from '../src/render/markdownLimits.js';
import { expectRefusal, filesUnder, issue, rendered, renderSource, runMain } from './helpers/harden.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

/** Megabytes of markdown on a busy 2-core machine: generous room, never a timed assertion. */
const HEAVY = 120_000;

afterAll(cleanupWorkspaces);

const F = 'issues/t.md';
const WHERE = { file: F, line: 1 };

/** Units of `unit(i)` joined by `sep` until the text is about `bytes` long. */
function fill(bytes: number, unit: (i: number) => string, sep: string): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const u = unit(i);
    parts.push(u);
    n += u.length + sep.length;
  }
  return parts.join(sep);
}

describe('what an issue may cost is bounded before rendering', { timeout: HEAVY }, () => {
  it(`more than ${MARKDOWN_LIMITS.links} links: CONTENT_LIMIT (exit 65) with the line where the limit was passed`, async () => {
    const body = `Intro.\n\n${Array.from({ length: 2100 }, (_, i) => `- [link ${i}](https://example.com/${i})`).join('\n')}`;
    const e = expectRefusal(await renderSource(issue('', body)), 'CONTENT_LIMIT', { file: F, exit: 65, message: /more than 2000 links/ });
    // The 2001st link is on the 2001st line of the list, which starts on line 7.
    expect(e.line).toBe(7 + 2000);
  });

  it(`more than ${MARKDOWN_LIMITS.tokens} markdown elements: CONTENT_LIMIT`, async () => {
    const body = fill(400_000, (i) => `*a${i}*`, ' ');
    expectRefusal(await renderSource(issue('', body)), 'CONTENT_LIMIT', { file: F, message: /markdown elements/ });
  });

  it('a 2 MB issue full of links is refused before MJML ever sees it', async () => {
    const body = fill(MAX_ISSUE_BYTES - 1000, (i) => `see [link ${i % 50}](https://example.com/${i}) and more`, ' ');
    expectRefusal(await renderSource(issue('', body)), 'CONTENT_LIMIT', { file: F, message: /links/ });
  });

  it('the limits leave room for long letters: 1,500 links and 8 levels of lists render', async () => {
    const links = Array.from({ length: 1500 }, (_, i) => `[${i}](https://example.com/${i})`).join(' ');
    const lists = Array.from({ length: 8 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const text = markdownToText(`${links}\n\n${lists}`, WHERE);
    expect(text).toContain('1499 (https://example.com/1499)');
    expect(text).toContain('              - level 7');
  });

  it('build: a refused issue exits 65 and writes nothing', async () => {
    const body = Array.from({ length: 2100 }, (_, i) => `[l](https://example.com/${i})`).join(' ');
    const ws = makeWorkspace({ 'issues/2026-01-07-x.md': `---\ntitle: T\ndate: 2026-01-07\n---\n${body}\n` });
    const r = await runMain(['build', 'issues/2026-01-07-x.md'], ws);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/error\[CONTENT_LIMIT\] issues\/2026-01-07-x\.md:5/);
    expect(filesUnder(join(ws, 'dist'))).toEqual([]);
  });
});

describe('the plain-text conversion is linear and unchanged', { timeout: HEAVY }, () => {
  it('a paragraph of 1,900 links keeps every link, in order, as "label (url)"', () => {
    const src = Array.from({ length: 1900 }, (_, i) => `[label ${i}](https://example.com/${i})`).join(' ');
    const text = markdownToText(src, WHERE);
    const urls = [...text.matchAll(/label (\d+) \(https:\/\/example\.com\/(\d+)\)/g)];
    expect(urls).toHaveLength(1900);
    expect(urls.every((m) => m[1] === m[2])).toBe(true);
    expect(urls.map((m) => Number(m[1]))).toEqual(Array.from({ length: 1900 }, (_, i) => i));
  });

  it('a list of 10,000 items is one block with one line per item', () => {
    const src = Array.from({ length: 10_000 }, (_, i) => `- item ${i}`).join('\n');
    const blocks = markdownToText(src, WHERE).split('\n\n');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.split('\n')).toHaveLength(10_000);
  });

  it.each([
    [
      'links',
      '[a](https://a.example.com) and <https://b.example.com> and mailto:me@example.com',
      'a (https://a.example.com) and https://b.example.com and mailto:me@example.com',
    ],
    ['a list, then text', '- one\n- two\n  continued\n\nAfter.', '- one\n- two continued\n\nAfter.'],
    ['a list item of two paragraphs', '- one\n\n  more\n- two', '- one\n  more\n- two'],
    ['nested and ordered lists', '1. one\n   - a\n   - b\n2. two', '1. one\n  - a\n  - b\n2. two'],
    ['an image with and without alt', '![alt](assets/a.png) ![](assets/b.png) text', '[alt]  text'],
    ['a rule between paragraphs', 'a\n\n---\n\nb', 'a\n\n---\n\nb'],
    ['code', '```\ncode <!-- kept -->\n```', 'code <!-- kept -->'],
    ['hard and soft breaks', 'a  \nb\nc', 'a\nb c'],
    ['a numbered paragraph is not a list item', '- item\n\n1\\. not a list', '- item\n\n1. not a list'],
    ['an empty item leaks no marker onto what follows', '1. \n[a](https://x.example.com)', 'a (https://x.example.com)'],
    ['an item that starts with code leaks no marker', '- ```\n  x\n  ```\n\nAfter.', 'x\n\nAfter.'],
  ])('%s', (_, src, text) => {
    expect(markdownToText(src, WHERE)).toBe(text);
  });

  it('a long letter renders in full through the default theme', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} with [a link](https://example.com/${i}).`).join('\n\n');
    const r = await rendered(issue('preheader: Short', body), {});
    expect(r.text).toContain('Paragraph 299 with a link (https://example.com/299).');
  });
});
