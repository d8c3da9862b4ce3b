// Row 2: `newsletter dev`, from saving an issue to its new HTML being served,
// at 6, 100 and 1,000 issues. The server runs in a child (`dev --port 0`);
// the bench listens to /__events as an open page does, and on each new
// generation fetches what the page then loads: the issue's page, then its
// email. The time runs from the write to the email that has the edit (if a
// generation comes before the edit is served, it fetches again). The goal
// is absolute (50 ms); the ratio is to that.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, maxOf, median, startNode } from '../lib/measure.mjs';

const TIMEOUT_MS = 120_000;

function fetchText(url) {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

/** Listens to the server's generation events; next() resolves at the next one. */
function events(url) {
  let waiting = [];
  let latest = 0;
  const req = get(`${url}__events`, (res) => {
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk) => {
      buf += chunk;
      let at;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const m = /^event: generation\ndata: (\d+)$/m.exec(block);
        if (!m) continue;
        latest = Number(m[1]);
        for (const w of waiting) w(latest);
        waiting = [];
      }
    });
  });
  req.on('error', () => {});
  return {
    latest: () => latest,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => req.destroy(),
  };
}

async function serverUrl(child) {
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev did not start in ${TIMEOUT_MS} ms:\n${err.slice(-2000)}`)), TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (c) => {
      out += c;
      const m = /Serving previews at (http:\/\/\S+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`dev exited ${code}:\n${err.slice(-2000)}`)));
  });
}

/** One size: start dev, warm the issue's page, then `rounds` edits. Returns the times in ms and the peak RSS. */
async function measureSize(ctx, n, rounds) {
  const ws = ctx.workspace(n);
  const files = readdirSync(join(ws, 'issues')).sort();
  // The middle issue: it has neighbours on both sides, as an issue being written among others does.
  const name = files[files.length >> 1];
  const file = join(ws, 'issues', name);
  const original = readFileSync(file, 'utf8');
  const id = name.replace(/\.md$/, '');
  const proc = startNode([BIN, 'dev', '--port', '0'], { cwd: ws });
  const times = [];
  let ev = null;
  let usage = { rss: null, cpu: null };
  try {
    const url = await serverUrl(proc.child);
    ev = events(url);
    const page = `${url}issues/${encodeURIComponent(id)}.html`;
    const email = `${url}email/${encodeURIComponent(id)}.html`;
    // Warm: the first render loads MJML; a save is measured on a running server.
    for (const u of [page, email]) {
      const r = await fetchText(u);
      if (r.status !== 200) throw new Error(`dev: GET ${u} answered ${r.status}`);
    }
    for (let i = 0; i < rounds; i++) {
      const marker = `bench-edit-${n}-${i}-${process.pid}`;
      const source = `${original.trimEnd()}\n\nEdited for the bench: ${marker}.\n`;
      const next = ev.next();
      const t = performance.now();
      writeFileSync(file, source);
      for (;;) {
        const seen = await Promise.race([next, sleep(TIMEOUT_MS).then(() => null)]);
        if (seen === null) throw new Error(`dev: no reload within ${TIMEOUT_MS} ms of saving ${name}`);
        await fetchText(page);
        const r = await fetchText(email);
        if (r.body.includes(marker)) break;
        if (performance.now() - t > TIMEOUT_MS) throw new Error(`dev: ${email} never showed the edit`);
        // A reload for an earlier event: wait for the next, or poll while none comes.
        await Promise.race([ev.next(), sleep(5)]);
      }
      times.push(performance.now() - t);
      ctx.log(`   ${n} issues, save ${i + 1}/${rounds}: ${times.at(-1).toFixed(0)} ms`);
      // Let the editor's burst of events settle before the next save.
      await sleep(300);
    }
  } finally {
    ev?.close();
    writeFileSync(file, original);
    usage = await proc.stop();
  }
  // The server's CPU time covers its start-up and warm-up too: not comparable to the others, so left out.
  return { ms: times, median: median(times), rss: usage.rss, cpu: null, serverCpu: usage.cpu };
}

export async function dev(ctx) {
  const sizes = (process.env.BENCH_DEV_SIZES ?? (ctx.quick ? '6,100' : '6,100,1000')).split(',').map(Number);
  const entries = [];
  const goal = { median: 50, rss: null, ms: [], label: '50 ms' };
  for (const n of sizes) {
    const rounds = ctx.rounds('DEV', n >= 1000 ? 5 : 9);
    ctx.log(`2. dev: save → new HTML served, ${n} issues, ${rounds} saves`);
    const r = await measureSize(ctx, n, rounds);
    entries.push(ctx.entry('2', `dev save → HTML, ${n} issues ÷ 50 ms`, goal, r, 1, { rounds, issues: n, peakRss: maxOf([r.rss]), serverCpuMs: r.serverCpu }));
  }
  return entries;
}
