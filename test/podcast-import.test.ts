import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { NewsletterError } from '../src/problems/errors.js';
import { replaceChapters } from '../src/podcast/replaceChapters.js';
import type { FeedChapter } from '../src/podcast/types.js';
import { cleanupWorkspaces, makeWorkspace, ROOT } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

const FEEDS = join(ROOT, 'test/fixtures/feeds');
const NEW: FeedChapter[] = [
  { time: 79, title: 'New: first', url: null, image: null },
  { time: 3723, title: 'Second', url: null, image: null },
];

/**
 * The proof that only the key changed: the text before the old chapters
 * and the text after them are identical, byte for byte, in both files.
 */
function expectOnlyChaptersChanged(before: string, after: string): void {
  let head = 0;
  while (head < before.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const oldPart = before.slice(head, before.length - tail);
  const newPart = after.slice(head, after.length - tail);
  // Whatever differs lies within the chapters key: old chapter lines out, new ones in.
  expect(oldPart.split(/\r?\n/).every((l) => l === '' || /^(?:chapters:|\s+-?\s*(?:time|title|summary):|\s+#|\s*\S)/.test(l))).toBe(true);
  expect(newPart).toMatch(/^chapters:|time: "/);
  expect(before.slice(0, head) + before.slice(before.length - tail)).toBe(after.slice(0, head) + after.slice(after.length - tail));
}

const COMMENTED = `---
# The issue of the week (this comment stays)
title: 'Quoted: title'   # trailing comment stays
date: 2026-11-04
listen:
  - { label: Apple, url: "https://podcasts.example.com/ep/1" }
chapters:   # old list
  - time: 02:10
    title: Old one
    summary: With *markdown*
  # a comment inside the list
  - time: 1135
    title: Old two

# Sponsor next, after a blank line
sponsor: false
---

Body with chapters: in it, which is not the key.
`;

describe('replaceChapters', () => {
  it('rewrites the chapters key and keeps every other byte: comments, quoting, order, blank lines, body', () => {
    const after = replaceChapters(COMMENTED, NEW, 'issues/x.md');
    expect(after).toBe(
      COMMENTED.replace(
        /chapters: {3}# old list\n[\s\S]*?title: Old two\n/,
        'chapters:\n  - time: "01:19"\n    title: "New: first"\n  - time: "1:02:03"\n    title: Second\n',
      ),
    );
    expectOnlyChaptersChanged(COMMENTED, after);
    expect(parseIssue(after, 'x.md').issue.chapters.map((c) => [c.time, c.title])).toEqual([
      [79, 'New: first'],
      [3723, 'Second'],
    ]);
  });

  it('keeps CRLF line ends and a byte-order mark, and writes its own lines with CRLF too', () => {
    const crlf = '\uFEFF' + COMMENTED.replace(/\n/g, '\r\n');
    const after = replaceChapters(crlf, NEW, 'issues/x.md');
    expect(after.startsWith('\uFEFF---\r\n# The issue')).toBe(true);
    expect(after).toContain('chapters:\r\n  - time: "01:19"\r\n    title: "New: first"\r\n');
    expect(after.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expectOnlyChaptersChanged(crlf, after);
  });

  it('replaces a flow list with its trailing comment, an empty key, and adds the key when there is none', () => {
    const flow = '---\ntitle: T\ndate: 2026-11-04\nchapters: [{time: 1, title: x}]  # inline\nteaser: kept\n---\nBody\n';
    expect(replaceChapters(flow, NEW.slice(0, 1), 'x.md')).toBe(
      '---\ntitle: T\ndate: 2026-11-04\nchapters:\n  - time: "01:19"\n    title: "New: first"\nteaser: kept\n---\nBody\n',
    );
    const empty = '---\ntitle: T\ndate: 2026-11-04\nchapters:\nteaser: kept\n---\nBody\n';
    expect(replaceChapters(empty, NEW.slice(1), 'x.md')).toBe(
      '---\ntitle: T\ndate: 2026-11-04\nchapters:\n  - time: "1:02:03"\n    title: Second\nteaser: kept\n---\nBody\n',
    );
    const none = '---\ntitle: T\ndate: 2026-11-04 # the day\n---\nBody\n';
    expect(replaceChapters(none, NEW.slice(1), 'x.md')).toBe(
      '---\ntitle: T\ndate: 2026-11-04 # the day\nchapters:\n  - time: "1:02:03"\n    title: Second\n---\nBody\n',
    );
  });

  it('refuses a broken issue with the usual error, and changes nothing', () => {
    let err: unknown;
    try {
      replaceChapters('---\ntitle: [unclosed\ndate: 2026-11-04\n---\n', NEW, 'issues/x.md');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NewsletterError);
    expect((err as NewsletterError).code).toBe('FRONTMATTER_YAML');
    expect((err as NewsletterError).file).toBe('issues/x.md');
  });
});

function io(cwd: string): { io: Parameters<typeof main>[1]; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  return { io: { stdout, stderr, env: {}, cwd }, out: () => o, err: () => e };
}

describe('newsletter chapters import', () => {
  it('imports each kind of chapters file into the newest issue, keeping the rest of the file', async () => {
    const dir = makeWorkspace();
    const file = join(dir, 'issues/2026-11-04-the-courage-to-delete.md');
    const before = readFileSync(file, 'utf8');
    const json = io(dir);
    expect(await main(['chapters', 'import', join(FEEDS, 'every-source.chapters.json')], json.io)).toBe(0);
    expect(json.out()).toBe('issues/2026-11-04-the-courage-to-delete.md: 4 chapters from the JSON file\n');
    const afterJson = readFileSync(file, 'utf8');
    expectOnlyChaptersChanged(before, afterJson);
    expect(afterJson).toContain('  - time: "04:05"\n    title: Vanity metrics\n');

    const psc = io(dir);
    expect(await main(['chapters', 'import', join(FEEDS, 'chapters.psc.xml'), 'issues/2026-11-04-the-courage-to-delete.md'], psc.io)).toBe(0);
    // The Podlove file holds the issue's own chapters: the file is back to what it was, byte for byte.
    expect(readFileSync(file, 'utf8')).toBe(before);

    const text = io(dir);
    expect(await main(['chapters', 'import', join(FEEDS, 'chapters.txt')], text.io)).toBe(0);
    expect(text.out()).toMatch(/6 chapters from the text file/);
    expectOnlyChaptersChanged(before, readFileSync(file, 'utf8'));
  });

  it('fails cleanly, leaving the issue untouched, on a bad chapters file or a feed', async () => {
    const dir = makeWorkspace({ 'bad.json': '{\n  "chapters": [\n    {"startTime": }\n  ]\n}\n', 'notes.txt': 'No times here.\n' });
    const file = join(dir, 'issues/2026-11-04-the-courage-to-delete.md');
    const before = readFileSync(file, 'utf8');
    for (const [source, pattern] of [
      ['bad.json', /error\[FEED_INVALID\] bad\.json:3\n {2}The chapters file is not valid JSON/],
      ['notes.txt', /No chapter lines found/],
      [join(FEEDS, 'quiet-build.xml'), /This is a podcast feed, not a chapters file/],
      ['missing.json', /error\[FILE_NOT_FOUND\]/],
    ] as const) {
      const run = io(dir);
      expect(await main(['chapters', 'import', source], run.io)).toBeGreaterThan(1);
      expect(run.err()).toMatch(pattern);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses to rewrite an issue whose frontmatter is broken', async () => {
    const dir = makeWorkspace();
    const file = join(dir, 'issues/2026-11-04-the-courage-to-delete.md');
    writeFileSync(file, '---\ntitle: x\ndate: nope\n---\n');
    const run = io(dir);
    expect(await main(['chapters', 'import', join(FEEDS, 'chapters.txt')], run.io)).toBe(65);
    expect(run.err()).toMatch(/error\[FIELD_TYPE\] issues\/2026-11-04-the-courage-to-delete\.md:3/);
    expect(readFileSync(file, 'utf8')).toBe('---\ntitle: x\ndate: nope\n---\n');
  });
});
