import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DevPlan } from '../src/commands/devPlan.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

const OLDEST = 'issues/2026-10-07-the-case-for-small-commits.md';
const NEWEST = 'issues/2026-10-28-code-review-is-a-conversation.md';

/** A DevPlan on a copy of the examples, with every read of an issue file through its reader counted. */
function devPlan(): { ws: string; plan: DevPlan; reads: string[]; keys: () => Map<string, string | null> } {
  const ws = makeWorkspace();
  const plan = new DevPlan({ cwd: ws, extra: null });
  const reads: string[] = [];
  const reader = plan.current.src!.reader;
  const readText = reader.readText.bind(reader);
  reader.readText = (path, kind, where) => {
    if (kind === 'issue') reads.push(path);
    return readText(path, kind, where);
  };
  return { ws, plan, reads, keys: () => new Map(plan.current.planned.map((p) => [p.file, p.key])) };
}

function edit(ws: string, rel: string, change: (s: string) => string): Set<string> {
  const abs = join(ws, rel);
  writeFileSync(abs, change(readFileSync(abs, 'utf8')));
  return new Set([abs]);
}

describe('dev: what a save costs', () => {
  it('reads only the saved file, and gives a new key only to the issue whose render changed', () => {
    const { ws, plan, reads, keys } = devPlan();
    const before = keys();
    expect(plan.update(edit(ws, OLDEST, (s) => s + '\nOne more sentence.\n'))).toBe(true);
    expect(reads).toEqual([join(ws, OLDEST)]);
    const after = keys();
    expect([...after].filter(([f, k]) => before.get(f) !== k).map(([f]) => f)).toEqual([OLDEST]);
    // The saved issue's plan holds the new text.
    expect(plan.current.planned.find((p) => p.file === OLDEST)!.issue!.body).toContain('One more sentence.');
  });

  it('a new title of an issue in read-more changes the keys of the issues that show it', () => {
    const { ws, plan, reads, keys } = devPlan();
    const before = keys();
    plan.update(edit(ws, NEWEST, (s) => s.replace(/^title: .*$/m, 'title: A New Title')));
    expect(reads).toEqual([join(ws, NEWEST)]);
    const after = keys();
    expect([...after].filter(([f, k]) => before.get(f) !== k)).toHaveLength(5);
    const teasing = plan.current.planned.find((p) => p.file === OLDEST)!;
    expect(teasing.archive.map((e) => e.title)).toContain('A New Title');
  });

  it('a second event for the same save is no change; an issue read empty mid-save is held until taken as it is', () => {
    const { ws, plan } = devPlan();
    const saved = edit(ws, OLDEST, (s) => s + '\nMore.\n');
    expect(plan.update(saved)).toBe(true);
    expect(plan.update(saved)).toBe(false);
    const emptied = edit(ws, OLDEST, () => '');
    expect(plan.update(emptied)).toBe(false);
    expect([...plan.held]).toEqual([...emptied]);
    expect(plan.update(plan.takeHeld(), { acceptEmpty: true })).toBe(true);
    expect(plan.current.planned.find((p) => p.file === OLDEST)!.error?.code).toBe('FILE_EMPTY');
  });

  it('a new file, or a change of the config, reads the workspace again but parses only what changed', () => {
    const { ws, plan } = devPlan();
    const oldest = plan.current.planned.find((p) => p.file === OLDEST)!.issue;
    writeFileSync(join(ws, 'issues/2026-12-02-new.md'), '---\ntitle: New\ndate: 2026-12-02\n---\n\nHi.\n');
    expect(plan.update(new Set([join(ws, 'issues/2026-12-02-new.md')]))).toBe(true);
    expect(plan.current.planned.map((p) => p.file)).toContain('issues/2026-12-02-new.md');
    // The same parse, not an equal one: the unchanged file was not parsed again.
    expect(plan.current.planned.find((p) => p.file === OLDEST)!.issue).toBe(oldest);
    const config = join(ws, 'newsletter.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^name: .*$/m, 'name: Renamed'));
    expect(plan.update(new Set([config]))).toBe(true);
    expect(plan.current.src!.config.name).toBe('Renamed');
  });
});
