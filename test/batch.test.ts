/**
 * build and check over many issues: the worker threads change how fast,
 * never what. -j 1 (this thread), -j 2 (render here, rules on a worker) and
 * -j 3 (workers render) give the same files, lines and exit codes, as
 * preview does with -j 1 and 2; and the
 * pool they share reports a worker that dies once, to every job left.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PARALLEL_FROM, batchThreads } from '../src/commands/batch.js';
import { isNewsletterError } from '../src/problems/errors.js';
import { createWorkerPool } from '../src/util/workerPool.js';
import { cleanupWorkspaces, issueSource, makeWorkspace, runCli } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

/** Every file under `dir`, by relative path, with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  return new Map(files.flatMap((f) => (statSync(join(dir, f)).isFile() ? [[f, readFileSync(join(dir, f))] as const] : [])));
}

describe('batchThreads', () => {
  it('uses this thread alone for a few issues or one core, one per core from PARALLEL_FROM issues, and --jobs when given', () => {
    expect(batchThreads(PARALLEL_FROM - 1, undefined, 8)).toBe(1);
    expect(batchThreads(PARALLEL_FROM, undefined, 2)).toBe(2);
    expect(batchThreads(1000, undefined, 1)).toBe(1);
    expect(batchThreads(1000, undefined, 4)).toBe(4);
    expect(batchThreads(3, 2, 1)).toBe(2);
    expect(batchThreads(2, 8, 8)).toBe(2);
    expect(batchThreads(1, 4, 4)).toBe(1);
    expect(batchThreads(500, 1, 8)).toBe(1);
  });
});

describe('build and check with -j 1, 2 and 3 (the bundle, where workers run)', () => {
  // The examples, plus issues that fail in each way an issue can: unreadable, a duplicate slug, a large one.
  const ws = makeWorkspace({
    'issues/2026-12-01-binary.md': '---\ntitle: T\ndate: 2026-12-01\n---\nx\u0000y\n',
    'issues/2026-12-02-twin.md': issueSource({ date: '2026-12-02', slug: 'same-slug', title: 'Twin one' }),
    'issues/2026-12-03-twin.md': issueSource({ date: '2026-12-03', slug: 'same-slug', title: 'Twin two' }),
    'issues/2026-12-04-long.md': issueSource(
      { date: '2026-12-04', title: 'Long' },
      'A paragraph of the letter, [with a link](https://example.com/x).\n\n'.repeat(1500),
    ),
    'issues/2026-12-05-todo.md': issueSource({ date: '2026-12-05', title: 'TODO title' }, 'TODO write this, see https://example.com/y'),
    // Fails while it is composed (the view model's markdown), which -j 2 does on the worker.
    'issues/2026-12-06-comment.md': issueSource({ date: '2026-12-06', title: 'Open comment' }, 'A letter.\n\n<!-- a note never closed\n'),
  });

  it('build writes the same files and prints the same lines, in the same order', async () => {
    const runs = [];
    for (const j of ['1', '2', '3']) {
      const r = await runCli(['build', '-j', j, '--out', `out-${j}`], { cwd: ws });
      runs.push({ ...r, stdout: r.stdout.replaceAll(`out-${j}/`, 'out/'), files: tree(join(ws, `out-${j}`)) });
    }
    const [one, ...others] = runs;
    expect(one!.code).toBe(65);
    expect(one!.stdout.split('\n').filter(Boolean).length).toBe(7);
    expect(one!.stderr).toMatch(/error\[FILE_BINARY\]/);
    expect(one!.stderr).toMatch(/error\[SLUG_DUPLICATE\]/);
    expect(one!.stderr).toMatch(/error\[COMMENT_UNCLOSED\] issues\/2026-12-06-comment\.md:\d+/);
    expect(one!.files.size).toBeGreaterThan(12);
    for (const r of others) {
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: one!.code, stdout: one!.stdout, stderr: one!.stderr });
      expect([...r.files.keys()]).toEqual([...one!.files.keys()]);
      for (const [f, bytes] of one!.files) expect(r.files.get(f)!.equals(bytes), f).toBe(true);
    }
  });

  it('check reports the same findings, in the same order', async () => {
    const runs = await Promise.all(['1', '2', '3'].map((j) => runCli(['check', '-j', j, '--format', 'json'], { cwd: ws })));
    const report = JSON.parse(runs[0]!.stdout) as { findings: { rule: string }[] };
    expect(runs[0]!.code).toBe(1);
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['FILE_BINARY', 'SLUG_DUPLICATE', 'leftover', 'size']));
    for (const r of runs.slice(1)) expect({ code: r.code, stdout: r.stdout }).toEqual({ code: runs[0]!.code, stdout: runs[0]!.stdout });
  });
});

describe('preview with -j 1 and -j 2', () => {
  it('writes the same folder: emails, pages, report and cache manifest', async () => {
    const ws = makeWorkspace({ 'issues/2026-12-05-todo.md': issueSource({ date: '2026-12-05', title: 'TODO title' }, 'TODO write this') });
    const runs = [];
    for (const j of ['1', '2']) {
      const r = await runCli(['preview', '--no-screenshots', '-j', j, '--out', 'preview'], { cwd: ws });
      runs.push({ code: r.code, files: tree(join(ws, 'preview')) });
      rmSync(join(ws, 'preview'), { recursive: true });
    }
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.files.has('.cache/manifest.json')).toBe(true);
    expect(runs[0]!.files.size).toBeGreaterThan(30);
    expect(runs[1]!.code).toBe(runs[0]!.code);
    expect([...runs[1]!.files.keys()]).toEqual([...runs[0]!.files.keys()]);
    for (const [f, bytes] of runs[0]!.files) expect(runs[1]!.files.get(f)!.equals(bytes), f).toBe(true);
  });
});

describe('the worker pool', () => {
  const script = new URL('./fixtures/workers/double.mjs', import.meta.url);

  it('answers every job, keeps a NewsletterError whole, and gives every job left one error when a worker dies', async () => {
    const pool = createWorkerPool<number | string, number>(script, null, 2);
    try {
      expect(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n)))).toEqual([2, 4, 6, 8, 10]);
      const bad = await pool.run('bad').catch((e: unknown) => e);
      expect(isNewsletterError(bad) && bad.code).toBe('TEMPLATE_SYNTAX');
      // Both workers hold jobs when one dies: every one of them fails, with the same error, and so does what comes after.
      const settled = await Promise.allSettled(['crash', 6, 7, 8, 9, 10].map((n) => pool.run(n)));
      const errors = new Set(settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : [])));
      expect(errors.size).toBe(1);
      const [error] = [...errors] as Error[];
      expect(error!.message).toMatch(/stopped unexpectedly \(exit code 3\)/);
      expect(settled[0]!.status).toBe('rejected');
      await expect(pool.run(11)).rejects.toBe(error);
    } finally {
      await pool.close();
    }
  });
});
