// npm run bench: figures as ratios against a baseline measured in the same run,
// alternating the two sides so machine load hits both alike.
//  1. cold `newsletter build` of an example issue vs the mjml CLI compiling
//     an MJML document of the same size (the MJML our build produces);
//  2. warm in-process render per example issue vs mjml2html of its MJML;
//  3. the preview of 200 generated issues (bench/preview.mjs), if present.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = new URL('..', import.meta.url).pathname;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ISSUE = 'issues/2026-10-28-code-review-is-a-conversation.md';
const tmp = mkdtempSync(join(tmpdir(), 'newsletter-bench-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

// The MJML document our build renders for the issue, written out for the mjml CLI.
const mjmlSource = execFileSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    `
  const { openSession, renderFile } = await import('./src/session.ts');
  const r = await renderFile(openSession({ cwd: process.cwd() }), ${JSON.stringify(ISSUE)});
  process.stdout.write(r.rendered.mjml);
`,
  ],
  { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const mjmlFile = join(tmp, 'issue.mjml');
writeFileSync(mjmlFile, mjmlSource);

const ours = () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/newsletter.js'), 'build', ISSUE, '--out', join(tmp, 'out')], { cwd: ROOT });
  if (r.status !== 0) throw new Error(`newsletter build failed: ${r.stderr}`);
};
const theirs = () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/mjml/bin/mjml'), mjmlFile, '-o', join(tmp, 'mjml.html')], { cwd: tmp });
  if (r.status !== 0) throw new Error(`mjml failed: ${r.stderr}`);
};

console.log(`newsletter bench: ${ROUNDS} alternating rounds, node ${process.version}, ${new Date().toISOString()}\n`);
ours();
theirs();
const a = [];
const b = [];
for (let i = 0; i < ROUNDS; i++) {
  a.push(time(ours));
  b.push(time(theirs));
}
const [ma, mb] = [median(a), median(b)];
console.log('1. cold build of one issue (process start to exit)');
console.log(`   newsletter build ${ISSUE}: median ${ms(ma)}`);
console.log(`   mjml CLI on the same ${(mjmlSource.length / 1024).toFixed(1)} KB of MJML: median ${ms(mb)}`);
console.log(`   ratio: ${(ma / mb).toFixed(2)} x the mjml CLI (target <= 0.80)\n`);

// 2. Warm renders, in a child with tsx so the sources run as they are.
const warm = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/warm.ts')], {
  cwd: ROOT,
  encoding: 'utf8',
  env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) },
});
console.log('2. warm in-process render per issue (renderIssue vs mjml2html of the same MJML)');
console.log(warm);

if (existsSync(join(ROOT, 'bench/preview.mjs'))) {
  console.log('3. preview of 200 generated issues');
  execFileSync(process.execPath, [join(ROOT, 'bench/preview.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
