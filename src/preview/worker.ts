/**
 * A render worker of `newsletter preview`: compiles the templates once, then
 * renders each issue it is sent. Bundled as dist-cli/preview-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileTemplates } from '../render/templates.js';
import { renderForPreview } from './render.js';
import { toWire, type RenderJob, type RenderReply, type WorkerInit } from './wire.js';

const init = workerData as WorkerInit;
const templates = compileTemplates(init.templateSet);

parentPort!.on('message', (job: RenderJob) => {
  renderForPreview({ issue: job.issue, archive: job.archive, others: job.others }, init.config, templates).then(
    (email) => parentPort!.postMessage({ id: job.id, ok: true, email } satisfies RenderReply),
    (e: unknown) => parentPort!.postMessage({ id: job.id, ok: false, error: toWire(e) } satisfies RenderReply),
  );
});
