import { availableParallelism } from 'node:os';
import { compileTemplates } from '../render/templates.js';
import { createWorkerPool, workerScript } from '../util/workerPool.js';
import { renderForPreview } from './render.js';
import type { RenderJob, RenderedEmail, WorkerInit } from './wire.js';

export { workerScript };

/** Renders issues: in this thread, or spread over worker threads. Errors come back as rejections. */
export interface Renderer {
  render(job: Omit<RenderJob, 'id'>): Promise<RenderedEmail>;
  close(): Promise<void>;
  readonly threads: number;
}

/**
 * How many threads to render with: one per core, but no more than the
 * jobs need. A single job renders here: starting a thread (and loading
 * MJML in it) would cost more than it saves.
 */
export function threadCount(jobs: number, requested?: number): number {
  const cores = requested ?? availableParallelism();
  if (jobs <= 1) return 0;
  return Math.max(0, Math.min(cores, jobs));
}

export function createRenderer(init: WorkerInit, threads: number): Renderer {
  const script = workerScript();
  if (threads <= 0 || !script) return inProcessRenderer(init);
  const pool = createWorkerPool<Omit<RenderJob, 'id'>, RenderedEmail>(script, { kind: 'preview', ...init }, threads);
  return { threads, render: (job) => pool.run(job), close: () => pool.close() };
}

export function inProcessRenderer(init: WorkerInit): Renderer {
  const templates = compileTemplates(init.templateSet);
  return {
    threads: 0,
    render: (job) => renderForPreview({ issue: job.issue, archive: job.archive, others: job.others }, init.config, templates),
    close: async () => {},
  };
}
