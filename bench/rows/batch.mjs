// Row 4: `build --all` and `check --all` of 1,000 issues against compiling
// the same MJML documents with mjml2html alone, one after the other in one
// process (bench/lib/compile.mjs). Each side is timed from process start to
// exit. Few rounds: one round is three runs over 1,000 issues.
import { join } from 'node:path';
import { BIN, ROOT, alternate, runNode } from '../lib/measure.mjs';

export async function batch(ctx) {
  const n = ctx.size('BATCH_ISSUES', 1000);
  const ws = ctx.workspace(n);
  const docs = join(ctx.tmp, `batch-${n}.json`);
  ctx.log(`4. build --all and check --all of ${n} issues vs mjml2html of the same MJML in one process`);
  runNode([join(ROOT, 'bench/lib/mjmlDocs.mjs'), ws, docs]);
  const rounds = ctx.rounds('BATCH', 3);
  const r = alternate(
    {
      mjml: () => runNode([join(ROOT, 'bench/lib/compile.mjs'), docs], { cwd: ctx.tmp }),
      build: () => runNode([BIN, 'build', '--all', '--out', join(ctx.tmp, `batch-${n}-out`)], { cwd: ws }),
      check: () => runNode([BIN, 'check', '--all'], { cwd: ws, ok: (s) => s === 0 || s === 1 }),
    },
    rounds,
    { warmup: false, log: ctx.log },
  );
  return [
    ctx.entry('4', `build --all, ${n} issues ÷ mjml2html`, r.mjml, r.build, 1.1, { rounds, issues: n }),
    ctx.entry('4', `check --all, ${n} issues ÷ mjml2html`, r.mjml, r.check, 1.1, { rounds, issues: n }),
  ];
}
