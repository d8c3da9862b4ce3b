import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';
import { fromWire, toWire, type WireError } from './wireError.js';

/**
 * A pool of worker threads that run jobs of one kind: render an issue for
 * build, check or preview. Jobs are queued here and handed out so that each
 * worker always has its next job waiting (`ahead`), so it never idles while
 * this thread is busy writing files. A job's error comes back as its
 * promise's rejection (a NewsletterError keeps its code and location); a
 * worker that dies fails every job left with one and the same error, so
 * the caller reports it once.
 */
export interface WorkerPool<J, R> {
  run(job: J): Promise<R>;
  close(): Promise<void>;
  readonly size: number;
}

type Request<J> = { id: number; job: J };
type Reply<R> = { id: number; ok: true; value: R } | { id: number; ok: false; error: WireError };

/** The bundled worker script, next to the chunk of this module in dist-cli/. Absent when running from src/. */
export function workerScript(): URL | null {
  const url = new URL('./preview-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

export function createWorkerPool<J, R>(script: URL, workerData: unknown, size: number, opts: { ahead?: number } = {}): WorkerPool<J, R> {
  const ahead = Math.max(1, opts.ahead ?? 2);
  interface Pending {
    request: Request<J>;
    resolve: (r: R) => void;
    reject: (e: unknown) => void;
  }
  const queue: Pending[] = [];
  const sent = new Map<Worker, Map<number, Pending>>();
  let nextId = 1;
  let failure: unknown = null;
  let closing = false;

  const fail = (e: unknown): void => {
    if (failure) return;
    failure = e;
    const left = [...[...sent.values()].flatMap((m) => [...m.values()]), ...queue.splice(0)];
    for (const m of sent.values()) m.clear();
    for (const p of left) p.reject(e);
  };
  const pump = (w: Worker): void => {
    const mine = sent.get(w)!;
    while (!failure && mine.size < ahead && queue.length > 0) {
      const p = queue.shift()!;
      mine.set(p.request.id, p);
      w.postMessage(p.request);
    }
  };
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(script, { workerData });
    sent.set(w, new Map());
    w.on('message', (reply: Reply<R>) => {
      const p = sent.get(w)!.get(reply.id);
      sent.get(w)!.delete(reply.id);
      if (p) {
        if (reply.ok) p.resolve(reply.value);
        else p.reject(fromWire(reply.error));
      }
      pump(w);
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (!closing && (sent.get(w)!.size > 0 || queue.length > 0)) fail(new Error(`A render worker stopped unexpectedly (exit code ${code})`));
    });
    return w;
  });

  return {
    size,
    run(job) {
      if (failure) return Promise.reject(failure);
      return new Promise<R>((resolve, reject) => {
        queue.push({ request: { id: nextId++, job }, resolve, reject });
        // The least loaded worker takes it: they all start with an empty hand.
        let best: Worker | undefined;
        for (const w of workers) if (!best || sent.get(w)!.size < sent.get(best)!.size) best = w;
        if (best) pump(best);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * The worker's side: answers each job with `handle`, one at a time and in
 * the order sent, so a worker holding two jobs renders one while the next waits.
 */
export function answerJobs<J, R>(port: MessagePort, handle: (job: J) => Promise<R>): void {
  const waiting: Request<J>[] = [];
  let busy = false;
  const next = (): void => {
    const request = waiting.shift();
    if (!request) {
      busy = false;
      return;
    }
    busy = true;
    handle(request.job)
      .then(
        (value) => port.postMessage({ id: request.id, ok: true, value } satisfies Reply<R>),
        (e: unknown) => port.postMessage({ id: request.id, ok: false, error: toWire(e) } satisfies Reply<R>),
      )
      .finally(next);
  };
  port.on('message', (request: Request<J>) => {
    waiting.push(request);
    if (!busy) next();
  });
}
