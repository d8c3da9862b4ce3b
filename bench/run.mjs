// npm run bench [-- ROW...]: every row of issue 15's table, each as a ratio
// against a baseline measured in the same run (the two sides alternated,
// medians), with each side's peak RSS. Rows (all by default):
//   cold      1. cold `build` of one issue ÷ the mjml CLI on MJML of the same size
//   dev       2. `dev`: save → new HTML served, 6 / 100 / 1,000 issues ÷ 50 ms
//   preview   3. `preview` rerun with nothing changed, 10 / 500 / 1,000 issues
//   batch     4. `build --all`, `check --all`, 1,000 issues ÷ mjml2html alone
//   jobs      5. `preview -j 2` ÷ `-j 1`, 200 issues
//   template  6. `check` with one changed template ÷ without, 100 issues
// Prints a table and writes bench/results/latest.json. Sizes and rounds
// through the environment (docs/bench.md); BENCH_QUICK=1 is a short run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cleanupScratch } from './lib/measure.mjs';
import { formatTable } from './lib/table.mjs';
import { generateWorkspace } from './workspace.mjs';
import { cold } from './rows/cold.mjs';
import { dev } from './rows/dev.mjs';
import { preview } from './rows/preview.mjs';
import { batch } from './rows/batch.mjs';
import { jobs } from './rows/jobs.mjs';
import { template } from './rows/template.mjs';

const ROWS = { cold, dev, preview, batch, jobs, template };
const asked = process.argv.slice(2);
const unknown = asked.filter((r) => !(r in ROWS));
if (unknown.length > 0) {
  console.error(`bench: unknown row ${unknown.join(', ')}; rows: ${Object.keys(ROWS).join(', ')}`);
  process.exit(2);
}
const selected = asked.length > 0 ? Object.keys(ROWS).filter((r) => asked.includes(r)) : Object.keys(ROWS);
const quick = process.env.BENCH_QUICK === '1';
const tmp = mkdtempSync(join(tmpdir(), 'newsletter-bench-'));
const workspaces = new Map();

const ctx = {
  tmp,
  quick,
  log: (line) => console.log(line),
  /** Rounds of a row: BENCH_<ROW>_ROUNDS, else BENCH_ROUNDS, else its default (a third of it, at least 2, when quick). */
  rounds(row, fallback) {
    const v = process.env[`BENCH_${row}_ROUNDS`] ?? process.env.BENCH_ROUNDS;
    if (v !== undefined) return Math.max(1, Number(v));
    return quick ? Math.max(2, Math.round(fallback / 3)) : fallback;
  },
  /** An issue count: BENCH_<NAME>, else the default (a tenth of it, at least 6, when quick). */
  size(name, fallback) {
    const v = process.env[`BENCH_${name}`];
    if (v !== undefined) return Number(v);
    return quick ? Math.max(6, Math.round(fallback / 10)) : fallback;
  },
  /** The generated workspace of `n` issues, made once per run and shared by the rows (which leave it as they found it). */
  workspace(n) {
    if (!workspaces.has(n)) workspaces.set(n, generateWorkspace(n, { dir: join(tmp, `ws-${n}`) }));
    return workspaces.get(n);
  },
  /**
   * A table entry: `baseline` and `ours` are a side of alternate() (or a
   * fixed goal as { median, label }); the ratio is ours ÷ baseline, met when
   * it is at most `goal` (null: no goal, shown for scale).
   */
  entry(row, what, baseline, ours, goal, detail = {}) {
    const ratio = baseline && ours.median !== null ? ours.median / baseline.median : null;
    const cpuRatio = baseline?.cpu && ours.cpu ? ours.cpu / baseline.cpu : null;
    return {
      row,
      what,
      baseline: baseline
        ? {
            label: baseline.label ?? null,
            medianMs: round(baseline.median),
            runsMs: (baseline.ms ?? []).map(round),
            peakRssMiB: round(baseline.rss),
            cpuMs: round(baseline.cpu),
          }
        : null,
      ours: { medianMs: round(ours.median), runsMs: ours.ms.map(round), peakRssMiB: round(ours.rss), cpuMs: round(ours.cpu) },
      ratio: ratio === null ? null : Math.round(ratio * 1000) / 1000,
      // The same ratio in CPU time (user + system, all threads): steadier on a loaded machine; not what -j 2 is about.
      cpuRatio: cpuRatio === null ? null : Math.round(cpuRatio * 1000) / 1000,
      goal,
      met: goal === null || ratio === null ? null : ratio <= goal,
      detail,
    };
  },
};

function round(x) {
  return x === null || x === undefined ? null : Math.round(x * 10) / 10;
}

// Stopped halfway: the generated workspaces go too (the 'exit' handlers run on process.exit).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    rmSync(tmp, { recursive: true, force: true });
    cleanupScratch();
    process.exit(130);
  });
}

const started = new Date();
console.log(
  `newsletter bench: ${selected.join(', ')}${quick ? ' (quick)' : ''}; node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${started.toISOString()}\n`,
);
const entries = [];
const failures = [];
const resultsFile = join(ROOT, 'bench/results/latest.json');
/** The figures so far: written after every row, so a long run stopped halfway still leaves them. */
const save = (done) => {
  const result = {
    date: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    complete: done,
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? null,
    loadavg: loadavg(),
    quick,
    rows: selected,
    entries,
    failures,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(result, null, 2) + '\n');
  return result;
};
try {
  for (const name of selected) {
    const t = Date.now();
    try {
      const rows = await ROWS[name](ctx);
      entries.push(...rows);
      console.log(formatTable(rows));
    } catch (e) {
      failures.push({ row: name, error: e.stack ?? String(e) });
      console.error(`bench: row ${name} failed: ${e.stack ?? e}`);
    }
    console.log(`   (${name}: ${((Date.now() - t) / 1000).toFixed(0)} s)\n`);
    save(false);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
  cleanupScratch();
}

console.log(formatTable(entries));
const result = save(true);
console.log(
  `\n${entries.filter((e) => e.met === false).length} of ${entries.filter((e) => e.met !== null).length} goals not met; figures in bench/results/latest.json (${result.seconds} s)`,
);
if (failures.length > 0) process.exitCode = 1;
