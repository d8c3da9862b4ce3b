import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import type { Issue } from '../src/parse/types.js';
import { byDateDesc, selectArchive, toArchiveEntry } from '../src/plan/archive.js';
import { ROOT } from './helpers/workspace.js';

const config = loadConfig({ cwd: ROOT }).config;

function issue(file: string, front: string, body = 'Body.'): Issue {
  return parseIssue(`---\n${front}\n---\n${body}\n`, file).issue;
}

const prose = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} of a [long](https://example.com/${i}) letter.`).join(' ');

describe('read more', () => {
  const self = issue('issues/c.md', 'title: C\ndate: 2024-03-01');
  const others = [
    issue('issues/a.md', 'title: A\ndate: 2024-01-01'),
    issue('issues/e.md', 'title: E\ndate: 2024-05-01'),
    issue('issues/b.md', 'title: B\ndate: 2024-02-01'),
    issue('issues/d.md', 'title: D\ndate: 2024-04-01\ndraft: true'),
    issue('issues/f.md', 'title: F\ndate: 2023-12-01'),
  ];

  it('takes read_more.count other issues, newest first, never drafts or the issue itself', () => {
    const published = [self, ...others].filter((i) => !i.draft).sort(byDateDesc);
    const entries = selectArchive(self, published, 3);
    expect(entries.map((e) => e.title)).toEqual(['E', 'B', 'A']);
  });

  it('count 0 turns the block off', () => {
    expect(selectArchive(self, others, 0)).toEqual([]);
    expect(config.read_more.count).toBeGreaterThan(0);
  });

  it('teases with about 200-300 characters of the body, cut at a word, without URLs', () => {
    const { teaser } = toArchiveEntry(issue('issues/x.md', 'title: X\ndate: 2024-01-01', prose));
    expect(teaser.length).toBeGreaterThanOrEqual(200);
    expect(teaser.length).toBeLessThanOrEqual(300);
    expect(teaser.endsWith('…')).toBe(true);
    expect(prose.replace(/\[(\w+)\]\([^)]*\)/g, '$1')).toContain(teaser.slice(0, -1));
    expect(teaser).not.toContain('https://');
  });

  it('prefers the teaser the author wrote', () => {
    expect(toArchiveEntry(issue('issues/x.md', 'title: X\ndate: 2024-01-01\nteaser: Short and sweet.', prose)).teaser).toBe('Short and sweet.');
  });
});
