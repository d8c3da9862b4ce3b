import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compileTemplates } from '../render/templates.js';
import { renderForPreview } from './render.js';
import { fromWire, type RenderJob, type RenderReply, type RenderedEmail, type WorkerInit } from './wire.js';

/** Renders issues: in this thread, or spread over worker threads. Errors come back as rejections. */
export interface Renderer {
  render(job: Omit<RenderJob, 'id'>): Promise<RenderedEmail>;
  close(): Promise<void>;
  readonly threads: number;
}

/** The bundled worker script, next to this module's chunk in dist-cli/. Absent when running from src/. */
export function workerScript(): URL | null {
  const url = new URL('./preview-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
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
  return workerRenderer(script, init, threads);
}

export function inProcessRenderer(init: WorkerInit): Renderer {
  const templates = compileTemplates(init.templateSet);
  return {
    threads: 0,
    render: (job) => renderForPreview({ issue: job.issue, archive: job.archive, others: job.others }, init.config, templates),
    close: async () => {},
  };
}

interface Pending {
  job: RenderJob;
  resolve: (e: RenderedEmail) => void;
  reject: (e: unknown) => void;
}

function workerRenderer(script: URL, init: WorkerInit, size: number): Renderer {
  const queue: Pending[] = [];
  const busy = new Map<Worker, Pending>();
  let nextId = 1;
  let failure: unknown = null;

  const fail = (e: unknown): void => {
    failure ??= e;
    for (const p of [...busy.values(), ...queue.splice(0)]) p.reject(e);
    busy.clear();
  };
  const pump = (w: Worker): void => {
    if (busy.has(w) || failure) return;
    const p = queue.shift();
    if (!p) return;
    busy.set(w, p);
    w.postMessage(p.job);
  };
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(script, { workerData: init });
    w.on('message', (reply: RenderReply) => {
      const p = busy.get(w);
      busy.delete(w);
      if (p) {
        if (reply.ok) p.resolve(reply.email);
        else p.reject(fromWire(reply.error));
      }
      pump(w);
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (busy.has(w) || queue.length > 0) fail(new Error(`A render worker stopped unexpectedly (exit code ${code})`));
    });
    return w;
  });

  return {
    threads: size,
    render(job) {
      if (failure) return Promise.reject(failure);
      return new Promise<RenderedEmail>((resolve, reject) => {
        queue.push({ job: { ...job, id: nextId++ }, resolve, reject });
        const idle = workers.find((w) => !busy.has(w));
        if (idle) pump(idle);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
