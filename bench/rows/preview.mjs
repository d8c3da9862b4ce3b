// Row 3: `newsletter preview` run again with nothing changed, at 10, 250 and
// 1,000 issues: the planning and cache path alone (no screenshots, so no
// browser is started or needed). Each size is previewed once to fill its
// cache, then the unchanged reruns alternate between the sizes. Rows: the
// 1,000-issue rerun against the 1 s goal, and the cost per issue above the
// smallest run (start-up taken out) at 1,000 issues against that at 250:
// linear is 1.
import { join } from 'node:path';
import { BIN, alternate, runNode } from '../lib/measure.mjs';

function sizes(ctx) {
  const raw = process.env.BENCH_PREVIEW_SIZES ?? (ctx.quick ? '10,50,100' : '10,250,1000');
  const list = raw.split(',').map(Number);
  if (list.length !== 3 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BENCH_PREVIEW_SIZES: three sizes, e.g. 10,250,1000');
  return list;
}

export async function preview(ctx) {
  const [small, half, full] = sizes(ctx);
  const rounds = ctx.rounds('PREVIEW', 3);
  ctx.log(`3. preview rerun with nothing changed at ${small}, ${half}, ${full} issues (no screenshots), ${rounds} rounds`);
  const sides = {};
  const first = {};
  for (const n of [small, half, full]) {
    const ws = ctx.workspace(n);
    const out = join(ctx.tmp, `preview-${n}`);
    const args = [BIN, 'preview', '--no-screenshots', '--out', out];
    const fill = runNode(args, { cwd: ws, ok: (s) => s === 0 || s === 1 });
    first[n] = fill.ms;
    ctx.log(`   ${n} issues: first run ${fill.ms.toFixed(0)} ms (fills the cache)`);
    sides[`${n}`] = () => {
      const r = runNode(args, { cwd: ws, ok: (s) => s === 0 || s === 1 });
      // Progress lines say "unchanged" for what came from the cache; only checked while that wording holds.
      const ticks = r.stderr.split('\n').filter((l) => l.startsWith('Rendering ['));
      const fresh = ticks.filter((l) => !l.includes('unchanged')).length;
      if (ticks.length > 0 && fresh > 0) throw new Error(`preview of ${n} unchanged issues rendered ${fresh} again`);
      return r;
    };
  }
  const r = alternate(sides, rounds, { warmup: false, log: ctx.log });
  const goal = { median: 1000, rss: null, ms: [], label: '1 s' };
  const detail = { rounds, sizes: [small, half, full], firstRunMs: first, medians: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.median])) };
  // What each issue adds to the rerun, the small run's start-up taken out: the same at both sizes when planning is linear.
  const perIssue = (n) => ({
    median: (r[n].median - r[small].median) / (n - small),
    ms: r[n].ms.map((x, i) => (x - r[small].ms[i]) / (n - small)),
    rss: r[n].rss,
  });
  return [
    ctx.entry('3', `preview unchanged, ${small} issues (for scale)`, null, r[small], null, detail),
    ctx.entry('3', `preview unchanged, ms per issue at ${full} ÷ at ${half} (linear)`, perIssue(half), perIssue(full), 1.2, detail),
    ctx.entry('3', `preview unchanged, ${full} issues ÷ 1 s`, goal, r[full], 1, detail),
  ];
}
