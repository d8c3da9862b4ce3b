// Warm in-process renders of each example issue, against mjml2html of the
// MJML each one produces: the cost our pipeline adds on top of MJML. Two
// figures: renderIssue alone (the pure path: view model, Handlebars, MJML,
// rules) and renderFile (that plus reading and parsing the issue and the
// neighbours its read-more needs).
import { performance } from 'node:perf_hooks';
import mjml2html from 'mjml';
import { renderIssue } from '../src/render/renderIssue.js';
import { openSession, renderFile } from '../src/session.js';
import { listIssueFiles, readArchive, readIssue } from '../src/workspace/issueFiles.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const session = openSession({ cwd: process.cwd() });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
console.log(`   ${'issue'.padEnd(52)} ${'renderIssue'.padStart(11)} ${'renderFile'.padStart(11)} ${'mjml2html'.padStart(10)}   ratios`);
for (const file of listIssueFiles('issues')) {
  const { issue } = readIssue(file, process.cwd());
  const { archive } = readArchive(file, issue, session.config, process.cwd());
  const first = await renderFile(session, file);
  const pure: number[] = [];
  const whole: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < rounds; i++) {
    pure.push(await time(() => renderIssue(issue, session.config, session.templates, archive)));
    whole.push(await time(() => renderFile(session, file)));
    base.push(await time(() => mjml2html(first.rendered.mjml, { validationLevel: 'soft', keepComments: false, fonts: {} })));
  }
  const [p, w, b] = [median(pure), median(whole), median(base)];
  const f = (x: number): string => `${x.toFixed(1)} ms`.padStart(10);
  console.log(`   ${file.padEnd(52)} ${f(p)}  ${f(w)}  ${f(b)}   ${(p / b).toFixed(2)} x, ${(w / b).toFixed(2)} x`);
}
