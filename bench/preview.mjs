// The preview part of `npm run bench`: `newsletter preview --no-screenshots`
// of 200 generated issues, a first run (empty output folder) and a second
// run with nothing changed (the cache), each against a serial in-process
// mjml2html compile of the same 200 MJML documents, measured in the same
// round so machine load hits both alike. Reports medians and ratios.
//
//   node bench/preview.mjs            (after `node scripts/bundle.mjs`)
//   BENCH_PREVIEW_ROUNDS=5 BENCH_PREVIEW_ISSUES=200 node bench/preview.mjs
//
// import { runPreviewBench } from './preview.mjs' returns the figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/newsletter.js');

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A workspace of `count` issues made from the example issues: new titles, dates and slugs, no drafts. */
export function generateWorkspace(count) {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-bench-preview-'));
  cpSync(join(ROOT, 'newsletter.config.yaml'), join(dir, 'newsletter.config.yaml'));
  cpSync(join(ROOT, 'assets'), join(dir, 'assets'), { recursive: true });
  mkdirSync(join(dir, 'issues'));
  const examples = readdirSync(join(ROOT, 'issues'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => readFileSync(join(ROOT, 'issues', f), 'utf8'));
  const start = Date.UTC(2022, 0, 5);
  for (let i = 0; i < count; i++) {
    const date = new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10);
    const slug = `${date}-bench-${i}`;
    const source = examples[i % examples.length]
      .replace(/^title: (.*)$/m, (_, t) => `title: ${JSON.stringify(`${t.replace(/^["']|["']$/g, '')} (no. ${i})`)}`)
      .replace(/^subject: .*$/m, '')
      .replace(/^date: .*$/m, `date: ${date}\nslug: ${slug}`)
      .replace(/^slug: (?!.*bench).*$/m, '')
      .replace(/^draft: .*$/m, '');
    writeFileSync(join(dir, 'issues', `${slug}.md`), source);
  }
  return dir;
}

function preview(ws, out) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'preview', '--no-screenshots', '--out', out], { cwd: ws, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - t;
  if (r.status !== 0) throw new Error(`newsletter preview failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  const ticks = r.stderr.split('\n').filter((l) => l.startsWith('Rendering ['));
  return { ms: elapsed, unchanged: ticks.filter((l) => l.includes('unchanged')).length, ticks: ticks.length };
}

function tsx(args) {
  return execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/preview-mjml.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function runPreviewBench({ issues = 200, rounds = 3, log = () => {} } = {}) {
  const ws = generateWorkspace(issues);
  const docs = join(ws, 'docs.json');
  tsx(['docs', ws, docs]);
  const bytes = JSON.parse(readFileSync(docs, 'utf8')).reduce((n, d) => n + d.length, 0);
  const first = [];
  const second = [];
  const mjml = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const out = join(ws, `out-${round}`);
      const a = preview(ws, out);
      if (a.ticks !== issues || a.unchanged !== 0) throw new Error(`first run: ${a.ticks} issues, ${a.unchanged} from the cache`);
      const b = preview(ws, out);
      if (b.unchanged !== issues) throw new Error(`second run: only ${b.unchanged} of ${issues} issues came from the cache`);
      const c = Number(tsx(['compile', docs]));
      first.push(a.ms);
      second.push(b.ms);
      mjml.push(c);
      log(`   round ${round}: first ${a.ms.toFixed(0)} ms, second ${b.ms.toFixed(0)} ms, serial mjml2html ${c.toFixed(0)} ms`);
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  const m = { first: median(first), second: median(second), mjml: median(mjml) };
  return {
    issues,
    rounds,
    cores: availableParallelism(),
    mjmlKb: bytes / 1024 / issues,
    medians: m,
    ratios: { first: m.first / m.mjml, second: m.second / m.mjml },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const issues = Number(process.env.BENCH_PREVIEW_ISSUES ?? 200);
  const rounds = Number(process.env.BENCH_PREVIEW_ROUNDS ?? 3);
  console.log(`   ${issues} generated issues, ${rounds} rounds, ${availableParallelism()} cores; the whole CLI run (start to exit) vs the compile alone`);
  const r = runPreviewBench({ issues, rounds, log: console.log });
  const s = (x) => `${(x / 1000).toFixed(2)} s`;
  console.log(`   serial in-process mjml2html of the same ${issues} documents (${r.mjmlKb.toFixed(0)} KB of MJML each): median ${s(r.medians.mjml)}`);
  console.log(`   newsletter preview, first run:              median ${s(r.medians.first)} = ${r.ratios.first.toFixed(2)} x the serial compile`);
  console.log(`   newsletter preview, second run (unchanged): median ${s(r.medians.second)} = ${r.ratios.second.toFixed(3)} x the serial compile`);
}
