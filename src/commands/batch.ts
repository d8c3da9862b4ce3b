import { availableParallelism } from 'node:os';
import type { TemplateOverride } from '../lint/types.js';
import type { Issue } from '../parse/types.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import type { RenderedIssue } from '../render/renderIssue.js';
import type { Workspace } from '../workspace/openWorkspace.js';
import { renderAndLint, renderPublished, type Service } from './pipeline.js';
import { createWorkerPool, workerScript } from '../util/workerPool.js';
import { compileIssue, composeIssue, type ComposedIssue } from '../render/renderIssue.js';
import {
  blockBytesFor,
  renderForBatch,
  type BatchCommand,
  type BatchInit,
  type BatchJob,
  type BatchOutcome,
  type BatchReply,
  type RenderablePlanned,
} from '../preview/batchJob.js';

/**
 * Below this many issues, `build` and `check` use this thread alone: a
 * worker starts, loads its code and warms up (a few hundred milliseconds),
 * which only pays back over many issues.
 */
export const PARALLEL_FROM = 16;

/** With two threads, how many issues ahead the worker composes (see eachRendered). */
const COMPOSE_AHEAD = 2;

/**
 * How `count` issues are spread over threads. `threads` counts this one:
 * 1 is this thread alone; 2 (two cores) is one worker composing each issue
 * and running the rules over it while this thread runs MJML and writes (a
 * second worker running MJML would load and warm it up again and double
 * the garbage collection that already keeps the second core busy:
 * measured, it costs more CPU than it saves); 3 or more is that many
 * workers rendering and linting, this thread writing. `requested`
 * (--jobs) overrides the default, which is one per core from
 * PARALLEL_FROM issues on.
 */
export function batchThreads(count: number, requested?: number, cores = availableParallelism()): number {
  const want = requested ?? (count >= PARALLEL_FROM ? cores : 1);
  return count > 1 ? Math.max(1, Math.min(want, count)) : 1;
}

export type BatchResult = { ok: true; value: BatchOutcome<Omit<RenderedIssue, 'mjml'>> } | { ok: false; error: unknown };

export interface BatchOptions {
  command: BatchCommand;
  /** --jobs: threads, this one included (default: one per core from PARALLEL_FROM issues on). */
  jobs?: number | undefined;
  overrides?: Map<string, TemplateOverride> | null | undefined;
  /** --for: each issue also rendered for this sending service; in this thread only (its dialect is code). */
  service?: Service | undefined;
}

/**
 * Renders and lints every planned issue, with worker threads when there
 * are many (see batchThreads), and hands each outcome to `each` in plan
 * order, so what is printed and written is the same, in the same order,
 * however many threads did the work. An issue that could not be planned
 * comes as its error. What `each` does (writing files, printing) stays in
 * this thread: a Ctrl-C between two issues leaves every file whole.
 */
export async function eachRendered(
  ws: Workspace,
  issues: readonly PlannedIssue[],
  opts: BatchOptions,
  each: (planned: PlannedIssue, result: BatchResult) => void | Promise<void>,
): Promise<void> {
  const threads = batchThreads(issues.filter((p) => p.issue && !p.error).length, opts.jobs);
  const overrides = opts.overrides ?? null;
  const script = threads > 1 && !opts.service ? workerScript() : null;
  const setup = script ? batchInit(ws, issues, opts.command, overrides) : null;
  // With one worker, it always has a few jobs waiting: this thread, busy in MJML, can't hand it the next one meanwhile.
  const pool =
    script && setup ? createWorkerPool<BatchJob, BatchReply>(script, setup.init, threads === 2 ? 1 : threads, { ahead: threads === 2 ? 4 : 2 }) : null;
  const settle = <T = BatchOutcome<Omit<RenderedIssue, 'mjml'>>>(
    p: PlannedIssue,
    work: (p: RenderablePlanned) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> =>
    (p.error || !p.issue ? Promise.reject(p.error) : work({ ...p, issue: p.issue })).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  // `each` may write files (build): one issue's writes go on while the next one renders. The next `each`
  // starts when they are done, so outputs and lines come in plan order, and an output error stops the run there.
  let eachDone: Promise<{ error: unknown } | null> = Promise.resolve(null);
  const afterEach = async (): Promise<void> => {
    const failed = await eachDone;
    if (failed) throw failed.error;
  };
  const emit = async (p: PlannedIssue, result: BatchResult): Promise<void> => {
    // Rendering in this thread never waits on I/O, so a Ctrl-C or SIGTERM would only be handled after the
    // last issue (and is lost when the process then ends): give the event loop a turn between issues.
    await new Promise<void>((turn) => setImmediate(turn));
    await afterEach();
    eachDone = Promise.resolve()
      .then(() => each(p, result))
      .then(
        () => null,
        (error: unknown) => ({ error }),
      );
  };
  try {
    if (!pool || !setup) {
      for (const p of issues) await emit(p, await settle(p, (r) => renderInThread(ws, r, opts, overrides)));
    } else if (threads === 2) {
      // Two threads, three steps: the worker composes each issue (view model, templates) and runs the rules
      // over what this thread made of it; this thread runs MJML, the largest step, in between, and writes.
      type Composed = { ok: true; value: ComposedIssue } | { ok: false; error: unknown };
      const composeThere = (p: PlannedIssue): Promise<Composed> => settle(p, async (r) => (await pool.run({ ...setup.jobOf(r), compose: true })).composed!);
      const composeHere = (p: PlannedIssue): Promise<Composed> => settle(p, async (r) => composeIssue(r.issue, ws.config, ws.templates, r.archive));
      // The worker composes two ahead, so that a slow issue on either side doesn't stall the other; the first
      // is composed here, while the worker is still starting.
      const composing = new Map<number, Promise<Composed>>();
      if (issues[0]) composing.set(0, composeHere(issues[0]));
      let previous: { p: PlannedIssue; result: Promise<BatchResult> } | null = null;
      for (let i = 0; i < issues.length; i++) {
        const p = issues[i]!;
        for (let k = i + 1; k <= i + COMPOSE_AHEAD && k < issues.length; k++) if (!composing.has(k)) composing.set(k, composeThere(issues[k]!));
        const composed = await composing.get(i)!;
        composing.delete(i);
        const here = !composed.ok
          ? composed
          : await settle(p, async () => {
              const rendered = await compileIssue(composed.value, ws.templates);
              return { rendered, blockBytes: await blockBytesFor(opts.command, rendered) };
            });
        // Its rules run there while this thread goes on with the next one.
        const result: Promise<BatchResult> = !here.ok
          ? Promise.resolve(here)
          : settle(p, async (r) => {
              const { rendered, blockBytes } = here.value;
              const { problems } = await pool.run({ ...setup.jobOf(r), rendered, blockBytes });
              return { rendered, problems };
            });
        if (previous) await emit(previous.p, await previous.result);
        previous = { p, result };
      }
      if (previous) await emit(previous.p, await previous.result);
    } else {
      // Render and lint there, every issue queued at once; this thread writes.
      const started = issues.map((p) =>
        settle(p, async (r) => {
          const reply = await pool.run(setup.jobOf(r));
          return { rendered: reply.rendered!, problems: reply.problems };
        }),
      );
      for (let i = 0; i < issues.length; i++) await emit(issues[i]!, await started[i]!);
    }
    await afterEach();
  } finally {
    // Nothing is left half-done behind a failure: the last writes finish (or fail) before the workers go.
    await eachDone;
    await pool?.close();
  }
}

/** The workers' init (each folder's issues once) and each issue's job: its folder and its place in it; null when an issue is not in its folder. */
function batchInit(
  ws: Workspace,
  issues: readonly PlannedIssue[],
  command: BatchCommand,
  overrides: Map<string, TemplateOverride> | null,
): { init: BatchInit; jobOf: (p: RenderablePlanned) => BatchJob } | null {
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
  if (issues.some((p) => p.issue && !p.error && (!places.has(p.issue) || p.neighbours.some((n) => !places.has(n))))) return null;
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
    jobOf: (p) => ({
      folder: keys.get(p.folderIssues)!,
      at: places.get(p.issue)!,
      neighbours: p.neighbours.map((n) => places.get(n)!),
      file: p.file,
      archive: p.archive,
      warnings: p.warnings,
    }),
  };
}

/** One issue in this thread; with --for, also as the sending service gets it (build writes that copy). */
async function renderInThread(ws: Workspace, r: RenderablePlanned, opts: BatchOptions, overrides: Map<string, TemplateOverride> | null): Promise<BatchOutcome> {
  const service = opts.service;
  if (!service) return renderForBatch(ws, r, opts.command, overrides);
  if (opts.command === 'build') {
    const { rendered, published, problems } = await renderAndLint(ws, r, { service });
    return { rendered: published ?? rendered, problems };
  }
  return renderForBatch(ws, r, opts.command, overrides, async () => (await renderPublished(ws, r, service)).asPublished);
}
