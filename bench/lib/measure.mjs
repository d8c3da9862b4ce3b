// Timing and peak memory of child processes, alternated against a baseline.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/newsletter.js');
const PRELOAD = pathToFileURL(join(ROOT, 'bench/lib/maxrss.mjs')).href;
const scratch = mkdtempSync(join(tmpdir(), 'newsletter-bench-rss-'));
let serial = 0;
const live = new Set();
// A bench stopped halfway (Ctrl-C, SIGTERM) leaves no dev server running.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function median(xs) {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function maxOf(xs) {
  const s = xs.filter((x) => x !== null && Number.isFinite(x));
  return s.length ? Math.max(...s) : null;
}

function rssFile() {
  return join(scratch, `rss-${process.pid}-${++serial}`);
}

/** Peak RSS in MiB and CPU time (user + system, every thread) in ms written by the preload (the first line: the process we started). */
function readUsage(file) {
  try {
    const [, rss, user, sys] = readFileSync(file, 'utf8').split('\n')[0].split(' ').map(Number);
    rmSync(file, { force: true });
    return { rss: rss / 1024, cpu: Number.isFinite(user + sys) ? (user + sys) / 1000 : null };
  } catch {
    return { rss: null, cpu: null };
  }
}

/**
 * Runs `node ARGS` to the end (wall time from spawn to exit, in ms) with the
 * peak-RSS preload. `ok(status)` decides which exit codes are a failure of
 * the bench (default: only 0 is fine). stdout is dropped unless asked for.
 */
export function runNode(args, { cwd = ROOT, env = {}, ok = (s) => s === 0, stdout = false } = {}) {
  const file = rssFile();
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, ...args], {
    cwd,
    env: { ...process.env, ...env, BENCH_MAXRSS_FILE: file },
    stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  if (!ok(r.status)) throw new Error(`node ${args.join(' ')} (in ${cwd}) exited ${r.status ?? r.signal}:\n${(r.stderr ?? '').slice(-3000)}`);
  return { ms, ...readUsage(file), status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A long-running child (dev): started with the preload; stop() ends it with SIGTERM and returns its peak RSS (and CPU time). */
export function startNode(args, { cwd = ROOT, env = {} } = {}) {
  const file = rssFile();
  const child = spawn(process.execPath, ['--import', PRELOAD, ...args], {
    cwd,
    env: { ...process.env, ...env, BENCH_MAXRSS_FILE: file },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', () => live.delete(child));
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      return readUsage(file);
    },
  };
}

/**
 * Alternates the sides (a function each, returning { ms, rss }) for `rounds`
 * rounds, after one untimed warm-up run of each (disk cache, compile cache),
 * so that machine load hits every side alike. The side run first swaps each
 * round. Returns, per side, the times, their median, the peak RSS, and the
 * median CPU time (user + system of every thread: steadier than wall time on
 * a loaded machine, but blind to what a second thread buys).
 */
export function alternate(sides, rounds, { warmup = true, log = () => {} } = {}) {
  const names = Object.keys(sides);
  if (warmup) for (const n of names) sides[n]();
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const n of order) runs[n].push(sides[n]());
    log(`   round ${r + 1}/${rounds}: ${names.map((n) => `${n} ${runs[n].at(-1).ms.toFixed(0)} ms`).join(', ')}`);
  }
  return Object.fromEntries(
    names.map((n) => [
      n,
      { ms: runs[n].map((x) => x.ms), median: median(runs[n].map((x) => x.ms)), rss: maxOf(runs[n].map((x) => x.rss)), cpu: median(runs[n].map((x) => x.cpu)) },
    ]),
  );
}

export function cleanupScratch() {
  rmSync(scratch, { recursive: true, force: true });
}
