// Warm in-process renders of each example issue, against mjml2html of the
// MJML each one produces: the cost our pipeline adds on top of MJML.
import { performance } from 'node:perf_hooks';
import mjml2html from 'mjml';
import { openSession, renderFile } from '../src/session.js';
import { listIssueFiles } from '../src/workspace.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const session = openSession({ cwd: process.cwd() });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const file of listIssueFiles('issues')) {
  const first = await renderFile(session, file);
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await renderFile(session, file);
    ours.push(performance.now() - t);
    t = performance.now();
    await mjml2html(first.rendered.mjml, { validationLevel: 'soft', keepComments: false, fonts: {} });
    base.push(performance.now() - t);
  }
  const [o, b] = [median(ours), median(base)];
  console.log(`   ${file.padEnd(52)} ${o.toFixed(1).padStart(6)} ms  vs mjml2html ${b.toFixed(1).padStart(6)} ms  = ${(o / b).toFixed(2)} x`);
}
