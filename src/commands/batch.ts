import { availableParallelism } from 'node:os';
import type { TemplateOverride } from '../lint/types.js';
import type { Issue } from '../parse/types.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import type { RenderedIssue } from '../render/renderIssue.js';
import type { Workspace } from '../workspace/openWorkspace.js';
import { createWorkerPool, workerScript } from '../util/workerPool.js';
import { renderForBatch, type BatchCommand, type BatchInit, type BatchJob, type BatchOutcome, type BatchReply } from './batchJob.js';

/**
 * Below this many issues, `build` and `check` render in this thread:
 * a worker loads and warms up MJML again (a few hundred milliseconds),
 * which only pays back over many issues.
 */
export const PARALLEL_FROM = 16;

/** Worker threads for `count` issues: none below PARALLEL_FROM or on one core; else one per core. `requested` (--jobs) overrides both; 1 means this thread. */
export function batchThreads(count: number, requested?: number, cores = availableParallelism()): number {
  const want = requested ?? (count >= PARALLEL_FROM ? cores : 1);
  return want > 1 && count > 1 ? Math.min(want, count) : 0;
}

export type BatchResult = { ok: true; value: BatchOutcome<Omit<RenderedIssue, 'mjml'>> } | { ok: false; error: unknown };

export interface BatchOptions {
  command: BatchCommand;
  /** --jobs: render threads (default: one per core from PARALLEL_FROM issues on). */
  jobs?: number | undefined;
  overrides?: Map<string, TemplateOverride> | null | undefined;
}

/**
 * Renders and lints every planned issue, on worker threads when there are
 * many, and hands each outcome to `each` in plan order (so what is printed
 * and written is the same, in the same order, however many threads
 * rendered it). An issue that could not be planned comes as its error.
 * What `each` does (writing files, printing) stays in this thread: a
 * Ctrl-C between two issues leaves every file whole.
 */
export async function eachRendered(
  ws: Workspace,
  issues: readonly PlannedIssue[],
  opts: BatchOptions,
  each: (planned: PlannedIssue, result: BatchResult) => void | Promise<void>,
): Promise<void> {
  const renderable = issues.filter((p) => p.issue && !p.error).length;
  const threads = batchThreads(renderable, opts.jobs);
  const script = threads > 0 ? workerScript() : null;
  const overrides = opts.overrides ?? null;
  let run: (p: PlannedIssue & { issue: Issue }) => Promise<BatchOutcome<Omit<RenderedIssue, 'mjml'>>>;
  let close = async (): Promise<void> => {};
  const setup = script ? batchInit(ws, issues, opts.command, overrides) : null;
  if (script && setup) {
    const { init, jobOf } = setup;
    const pool = createWorkerPool<BatchJob, BatchReply>(script, init, threads);
    run = (p) => pool.run(jobOf(p));
    close = () => pool.close();
  } else {
    run = (p) => renderForBatch(ws, p, opts.command, overrides);
  }
  const start = (p: PlannedIssue): Promise<BatchResult> =>
    (p.error || !p.issue ? Promise.reject(p.error) : run({ ...p, issue: p.issue })).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  try {
    // With workers every issue is queued at once; in this thread, one after the other.
    const started = setup ? issues.map(start) : null;
    for (let i = 0; i < issues.length; i++) {
      const result = await (started ? started[i]! : start(issues[i]!));
      // Rendering in this thread never waits on I/O, so a Ctrl-C or SIGTERM would only be handled after the
      // last issue (and is lost when the process then ends): give the event loop a turn between issues.
      await new Promise<void>((turn) => setImmediate(turn));
      await each(issues[i]!, result);
    }
  } finally {
    await close();
  }
}

/** The workers' init (each folder's issues once) and each issue's job: its folder and its place in it; null when an issue is not in its folder. */
function batchInit(
  ws: Workspace,
  issues: readonly PlannedIssue[],
  command: BatchCommand,
  overrides: Map<string, TemplateOverride> | null,
): { init: BatchInit; jobOf: (p: PlannedIssue & { issue: Issue }) => BatchJob } | null {
  const folders: Record<string, Issue[]> = {};
  const keys = new Map<readonly Issue[], string>();
  const places = new Map<Issue, number>();
  for (const p of issues) {
    if (!p.issue || keys.has(p.folderIssues)) continue;
    const key = String(keys.size);
    keys.set(p.folderIssues, key);
    folders[key] = [...p.folderIssues];
    p.folderIssues.forEach((issue, at) => places.set(issue, at));
  }
  // Each issue is found in the worker by its place in its folder: one that is not there renders in this thread.
  if (issues.some((p) => p.issue && !p.error && !places.has(p.issue))) return null;
  const init: BatchInit = {
    kind: 'batch',
    command,
    cwd: ws.cwd,
    root: ws.reader.root,
    config: ws.config,
    warnings: ws.warnings,
    templateSet: ws.templateSet,
    folders,
    overrides,
  };
  return {
    init,
    jobOf: (p) => ({ folder: keys.get(p.folderIssues)!, at: places.get(p.issue)!, file: p.file, archive: p.archive, warnings: p.warnings }),
  };
}
