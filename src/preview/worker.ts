/**
 * The render worker of `newsletter preview`, and of `build` and `check`
 * over many issues (workerData.kind says which): compiles the templates
 * once, then renders each issue it is sent. Bundled as dist-cli/preview-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { answerJobs } from '../util/workerPool.js';

const kind = (workerData as { kind?: string }).kind;
if (kind === 'batch') {
  const { batchJobHandler } = await import('./batchJob.js');
  answerJobs(parentPort!, batchJobHandler(workerData));
} else {
  const { compileTemplates } = await import('../render/templates.js');
  const { renderForPreview } = await import('./render.js');
  const init = workerData as import('./wire.js').WorkerInit;
  const templates = compileTemplates(init.templateSet);
  answerJobs(parentPort!, (job: import('./wire.js').RenderJob) =>
    renderForPreview({ issue: job.issue, archive: job.archive, others: job.others }, init.config, templates),
  );
}
