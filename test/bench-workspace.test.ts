import { describe, expect, it } from 'vitest';
import { generateIssue } from '../bench/workspace.mjs';
import { parseIssue } from '../src/parse/parseIssue.js';

// The bench's generated issues must be what an author could have written: valid, varied, and the same on every run.
describe('bench/workspace.mjs', () => {
  const issues = Array.from({ length: 200 }, (_, i) => generateIssue(i));

  it('is deterministic: issue i is the same whenever it is made', () => {
    expect(generateIssue(137)).toEqual(issues[137]);
    expect(issues[3]!.source).not.toEqual(issues[4]!.source);
  });

  it('makes issues that parse without warnings, with unique slugs and weekly dates', () => {
    const slugs = new Set<string>();
    let previous = '';
    for (const { file, source } of issues) {
      const { issue, warnings } = parseIssue(source, `issues/${file}`);
      expect(warnings.map((w) => w.message)).toEqual([]);
      expect(issue.draft).toBe(false);
      expect(issue.date > previous).toBe(true);
      previous = issue.date;
      slugs.add(issue.slug);
    }
    expect(slugs.size).toBe(issues.length);
  });

  it('uses the blocks of the example issues, in every chapter time form', () => {
    const parsed = issues.map(({ file, source }) => parseIssue(source, `issues/${file}`).issue);
    expect(parsed.filter((i) => i.chapters.length > 0).length).toBeGreaterThan(100);
    expect(parsed.filter((i) => i.quote).length).toBeGreaterThan(80);
    expect(parsed.filter((i) => (i.listen?.length ?? 0) > 0).length).toBeGreaterThan(100);
    expect(parsed.filter((i) => (i.sponsors?.length ?? 0) > 0).length).toBeGreaterThan(30);
    const times = issues.map((i) => i.source).join('\n');
    expect(times).toMatch(/time: "\d\d:\d\d"/);
    expect(times).toMatch(/time: \d\d:\d\d\n/);
    expect(times).toMatch(/time: \d+\n/);
    expect(times).toMatch(/time: "\d:\d\d:\d\d"/);
  });
});
