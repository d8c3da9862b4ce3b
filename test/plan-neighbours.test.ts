import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIssue } from '../src/parse/parseIssue.js';
import { planIssues as planFiles, type IssueFile } from '../src/plan/planIssues.js';
import { readIssueCache } from '../src/workspace/issueCacheFile.js';
import { openPreviewSource, planIssues } from '../src/preview/plan.js';
import { memoryIssueCache } from '../src/workspace/issueCache.js';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { ROOT, cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

const config = loadConfig({ cwd: ROOT }).config;

function file(name: string, front: string, body = 'Hello.'): IssueFile {
  const source = `---\n${front}\n---\n${body}\n`;
  const { issue, warnings } = parseIssue(source, `issues/${name}`);
  return { path: `/ws/issues/${name}`, file: `issues/${name}`, source, issue, warnings, error: null };
}

/** `count` weekly issues, newest last, plus any extra files. */
function folder(count: number, extra: IssueFile[] = []): Map<string, IssueFile> {
  const files = new Map<string, IssueFile>();
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2020, 0, 1 + 7 * i)).toISOString().slice(0, 10);
    const f = file(`${date}-n${i}.md`, `title: Number ${i}\ndate: ${date}`);
    files.set(f.path, f);
  }
  for (const f of extra) files.set(f.path, f);
  return files;
}

describe('planning: neighbours', () => {
  it('gives each issue only the issues it teases or shares a slug or subject with, whatever the folder size', () => {
    const twin = file('twin.md', 'title: Number 3\ndate: 2019-01-01');
    const files = folder(60, [twin]);
    const plan = planFiles(files, [...files.keys()], config, { drafts: true });
    const count = config.read_more.count;
    for (const p of plan.issues) {
      expect(p.neighbours).not.toContain(p.issue);
      expect(p.neighbours.length).toBeLessThanOrEqual(count + 1 + 1);
      // Every teased issue is a neighbour, so a TODO in a teaser is placed in the issue it comes from.
      for (const e of p.archive) expect(p.neighbours.map((o) => o.slug)).toContain(e.slug);
    }
    const three = plan.issues.find((p) => p.issue?.title === 'Number 3')!;
    expect(three.neighbours).toContain(twin.issue);
    expect(plan.issues.find((p) => p === three)!.neighbours.length).toBe(count + 1);
  });

  it('lists neighbours in folder order, as the rules name them', () => {
    const a = file('a.md', 'title: Same\ndate: 2024-01-01');
    const b = file('b.md', 'title: Same\ndate: 2024-01-08');
    const c = file('c.md', 'title: Same\ndate: 2024-01-15');
    const files = new Map([a, b, c].map((f) => [f.path, f]));
    const plan = planFiles(files, [c.path, b.path, a.path], { ...config, read_more: { count: 0 } }, { drafts: true });
    expect(plan.issues[0]!.neighbours.map((o) => o.file)).toEqual(['issues/a.md', 'issues/b.md']);
  });
});

describe('preview keys', () => {
  it('change only for the issues whose read-more or comparisons changed', () => {
    const ws = makeWorkspace();
    const src = openPreviewSource({ cwd: ws, version: 'test' });
    const paths = [...readdirIssues(ws)];
    const before = keysOf(planIssues(src, paths).issues);
    // A sentence added at the end of the oldest issue leaves its teaser as it was: its key alone changes.
    const oldest = join(ws, 'issues', '2026-10-07-the-case-for-small-commits.md');
    writeFileSync(oldest, readFileSync(oldest, 'utf8') + '\nOne more sentence.\n');
    const after = keysOf(planIssues(src, paths).issues);
    expect(changed(before, after)).toEqual(['issues/2026-10-07-the-case-for-small-commits.md']);
    // The newest published issue is in everyone's read-more: a new title changes every key.
    const newest = join(ws, 'issues', '2026-10-28-code-review-is-a-conversation.md');
    writeFileSync(newest, readFileSync(newest, 'utf8').replace(/^title: .*$/m, 'title: A New Title'));
    const third = keysOf(planIssues(src, paths).issues);
    expect(changed(after, third)).toHaveLength(5);
  });
});

describe('parse caches', () => {
  const examples = readdirIssues(ROOT).map((p) => ({ path: p, source: readFileSync(p, 'utf8') }));

  it('the parse cache file gives back the very issue parseIssue gives, also for CRLF files, and nothing for another text or tool', () => {
    const out = join(makeWorkspace({}, { empty: true }), '.cache', 'issues.json');
    const cache = readIssueCache(out, 'tool-1');
    const sources = [...examples, { path: '/x/crlf.md', source: examples[0]!.source.replace(/\n/g, '\r\n') }];
    for (const { path, source } of sources) cache.set(path, 'issues/x.md', source, parseIssue(source, 'issues/x.md'));
    cache.save('cache');
    const again = readIssueCache(out, 'tool-1');
    for (const { path, source } of sources) {
      const parsed = parseIssue(source, 'issues/x.md');
      const hit = again.get(path, 'issues/x.md', source);
      expect(hit).toStrictEqual(parsed);
      // Same keys in the same order: a cached issue hashes as a parsed one.
      expect(JSON.stringify(hit, (_k, v: unknown) => (v instanceof Map ? [...v] : v))).toBe(
        JSON.stringify(parsed, (_k, v: unknown) => (v instanceof Map ? [...v] : v)),
      );
      expect(again.get(path, 'issues/x.md', source + ' ')).toBeUndefined();
      expect(again.get(path, 'issues/y.md', source)).toBeUndefined();
    }
    expect(readIssueCache(out, 'tool-2').get(sources[0]!.path, 'issues/x.md', sources[0]!.source)).toBeUndefined();
  });

  it("dev's memory cache keeps the frontmatter's parse when only the letter changed, and parses again when the frontmatter did", () => {
    const cache = memoryIssueCache();
    const { source } = examples[0]!;
    cache.set('/p.md', 'issues/p.md', source, parseIssue(source, 'issues/p.md'));
    const edited = source + '\nA new last line.\n';
    expect(cache.get('/p.md', 'issues/p.md', edited)).toStrictEqual(parseIssue(edited, 'issues/p.md'));
    const retitled = source.replace(/^title: .*$/m, 'title: Retitled');
    expect(cache.get('/p.md', 'issues/p.md', retitled)).toBeUndefined();
    expect(cache.get('/p.md', 'issues/p.md', '')).toBeUndefined();
  });
});

function readdirIssues(root: string): string[] {
  return [
    '2026-10-07-the-case-for-small-commits.md',
    '2026-10-14-name-it-twice.md',
    '2026-10-21-maintenance-is-the-product.md',
    '2026-10-28-code-review-is-a-conversation.md',
    '2026-11-04-the-courage-to-delete.md',
  ].map((n) => join(root, 'issues', n));
}

function keysOf(issues: { file: string; key: string | null }[]): Map<string, string | null> {
  return new Map(issues.map((p) => [p.file, p.key]));
}

function changed(a: Map<string, string | null>, b: Map<string, string | null>): string[] {
  return [...b].filter(([f, k]) => a.get(f) !== k).map(([f]) => f);
}
