// Row 5: `newsletter preview -j 2` against `-j 1`, every issue rendered
// (--no-cache), no screenshots: what a second render thread buys.
import { join } from 'node:path';
import { BIN, alternate, runNode } from '../lib/measure.mjs';

export async function jobs(ctx) {
  const n = ctx.size('JOBS_ISSUES', 200);
  const ws = ctx.workspace(n);
  const rounds = ctx.rounds('JOBS', 3);
  ctx.log(`5. preview --no-cache of ${n} issues, -j 2 vs -j 1, ${rounds} rounds`);
  const run = (j) => () =>
    runNode([BIN, 'preview', '--no-screenshots', '--no-cache', '-j', String(j), '--out', join(ctx.tmp, `jobs-${n}-j${j}`)], {
      cwd: ws,
      ok: (s) => s === 0 || s === 1,
    });
  const r = alternate({ j1: run(1), j2: run(2) }, rounds, { warmup: false, log: ctx.log });
  return [ctx.entry('5', `preview -j 2 ÷ -j 1, ${n} issues`, r.j1, r.j2, 0.65, { rounds, issues: n })];
}
