// Warm in-process renders of each example issue, against mjml2html of the
// MJML each one produces: the cost our pipeline adds on top of MJML. Two
// figures: renderIssue alone (the pure path: view model, Handlebars, MJML,
// no rules) and the whole pipeline (reading and planning the workspace,
// rendering, and linting).
import { performance } from 'node:perf_hooks';
import mjml2html from 'mjml';
import { renderIssue } from '../src/render/renderIssue.js';
import { renderAndLint } from '../src/commands/pipeline.js';
import { workspaceIssuePaths } from '../src/workspace/issueFiles.js';
import { openWorkspace, readPlan } from '../src/workspace/openWorkspace.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const session = openWorkspace({ cwd: process.cwd() });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
console.log(`   ${'issue'.padEnd(52)} ${'renderIssue'.padStart(11)} ${'pipeline'.padStart(11)} ${'mjml2html'.padStart(10)}   ratios`);
const renderFile = async (file: string) => {
  const planned = readPlan(session, [file], { drafts: true }).issues[0]!;
  return renderAndLint(session, { ...planned, issue: planned.issue! });
};
for (const file of workspaceIssuePaths(session.reader)) {
  const planned = readPlan(session, [file], { drafts: true }).issues[0]!;
  const { issue, archive } = { issue: planned.issue!, archive: planned.archive };
  const first = await renderFile(file);
  const pure: number[] = [];
  const whole: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < rounds; i++) {
    pure.push(await time(() => renderIssue(issue, session.config, session.templates, archive)));
    whole.push(await time(() => renderFile(file)));
    base.push(await time(() => mjml2html(first.rendered.mjml, { validationLevel: 'soft', keepComments: false, fonts: {} })));
  }
  const [p, w, b] = [median(pure), median(whole), median(base)];
  const f = (x: number): string => `${x.toFixed(1)} ms`.padStart(10);
  console.log(`   ${file.padEnd(52)} ${f(p)}  ${f(w)}  ${f(b)}   ${(p / b).toFixed(2)} x, ${(w / b).toFixed(2)} x`);
}
