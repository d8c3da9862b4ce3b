/**
 * `check --online` against a local HTTP server on 127.0.0.1, port 0:
 * 200, 404, permanent and temporary redirects, a server that refuses HEAD,
 * and one that never answers. Timeouts are short only where nothing is to
 * answer; where an answer is expected they leave room for a busy machine.
 * The server is on loopback, which is skipped by default: these tests allow it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl as checkAny, checkUrls as checkAll, describeStatus, type OnlineOptions } from '../src/lint/online.js';
import { check } from '../src/commands/check.js';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

const checkUrl = (url: string, opts: OnlineOptions = {}) => checkAny(url, { allowPrivate: true, ...opts });
const checkUrls = (urls: string[], opts: OnlineOptions = {}) => checkAll(urls, { allowPrivate: true, ...opts });

let server: Server;
let base = '';
const seen: { method: string; url: string }[] = [];
let inFlight = 0;
let maxInFlight = 0;
/** /count answers nothing until this many requests are in flight at once, then answers those. */
let holdUntil = 0;
const held: ServerResponse[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '' });
  const path = (req.url ?? '').split('?')[0];
  switch (path) {
    case '/ok':
      res.writeHead(200, { 'content-type': 'text/plain' }).end(req.method === 'HEAD' ? undefined : 'ok');
      return;
    case '/missing':
      res.writeHead(404).end();
      return;
    case '/moved':
      res.writeHead(301, { location: '/ok' }).end();
      return;
    case '/temporary':
      res.writeHead(302, { location: `${base}/ok` }).end();
      return;
    case '/gone-after-redirect':
      res.writeHead(302, { location: '/missing' }).end();
      return;
    case '/no-head':
      if (req.method === 'HEAD') res.writeHead(405).end();
      else res.writeHead(200).end('fine');
      return;
    case '/slow':
      // Never answers: the client's timeout must end it.
      return;
    case '/count':
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      held.push(res);
      if (held.length >= holdUntil) {
        // Answered a little later, so that a client that does not wait for a free slot has sent more by then.
        const batch = held.splice(0);
        setTimeout(() => {
          for (const r of batch) {
            inFlight--;
            r.writeHead(200).end();
          }
        }, 20);
      }
      return;
    default:
      res.writeHead(500).end();
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  cleanupWorkspaces();
});

describe('checkUrl', () => {
  it('200 is fine, 404 is broken', async () => {
    expect(await checkUrl(`${base}/ok`)).toMatchObject({ ok: true, status: 200, redirects: [] });
    const s = await checkUrl(`${base}/missing`);
    expect(s).toMatchObject({ ok: false, status: 404 });
    expect(describeStatus(s, 'link')).toMatchObject({ rule: 'link-broken', message: expect.stringContaining('answers 404') });
  });

  it('follows redirects, and reports a permanent one', async () => {
    const moved = await checkUrl(`${base}/moved`);
    expect(moved).toMatchObject({ ok: true, status: 200, finalUrl: `${base}/ok`, redirects: [{ status: 301, location: `${base}/ok` }] });
    expect(describeStatus(moved, 'link')).toMatchObject({ rule: 'link-redirect', message: expect.stringContaining(`${base}/ok`) });
    const temporary = await checkUrl(`${base}/temporary`);
    expect(temporary.ok).toBe(true);
    expect(describeStatus(temporary, 'link')).toBeNull();
    const gone = await checkUrl(`${base}/gone-after-redirect`);
    expect(describeStatus(gone, 'image')).toMatchObject({ rule: 'link-broken', message: expect.stringMatching(/^The image .* answers 404 \(after redirects/) });
  });

  it('asks with GET when HEAD is refused', async () => {
    seen.length = 0;
    expect(await checkUrl(`${base}/no-head`)).toMatchObject({ ok: true, status: 200 });
    expect(seen.map((s) => s.method)).toEqual(['HEAD', 'GET']);
  });

  it('gives up on a silent server after the timeout', async () => {
    const s = await checkUrl(`${base}/slow`, { timeoutMs: 300 });
    expect(s).toMatchObject({ ok: false, timedOut: true });
    expect(describeStatus(s, 'link')).toMatchObject({ rule: 'link-timeout' });
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const s = await checkUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(s).toMatchObject({ ok: false, timedOut: false });
    expect(describeStatus(s, 'link')?.message).toMatch(/can't be reached \(ECONNREFUSED\)/);
  });

  it('keeps `concurrency` requests in flight, no more, and asks each URL once', async () => {
    maxInFlight = 0;
    seen.length = 0;
    // Nothing is answered until three are in flight: a client that asks one at a time never finishes.
    holdUntil = 3;
    const urls = Array.from({ length: 12 }, (_, i) => `${base}/count?i=${i}`);
    const results = await checkUrls([...urls, ...urls], { concurrency: 3 });
    expect(results.size).toBe(12);
    expect([...results.values()].every((r) => r.ok)).toBe(true);
    expect(maxInFlight).toBe(3);
    expect(seen.filter((s) => s.url.startsWith('/count')).length).toBe(12);
  });
});

describe('check --online', () => {
  // Long enough for every answering link on a busy machine; /slow never answers, so it takes this long once.
  const ANSWER_MS = 2000;

  function workspace(): string {
    const resources = ['ok', 'missing', 'moved', 'temporary', 'slow'].map((p) => `  - label: The ${p} page\n    url: ${base}/${p}`).join('\n');
    // Every link of this workspace is on the local server: the test must not reach out to any other host.
    return makeWorkspace(
      {
        'newsletter.config.yaml': `name: Online test\nfooter:\n  address: 1 Test Street, Testville\n  unsubscribe_url: ${base}/ok\n`,
        'issues/2026-12-02-online.md': issueSource(
          { preheader: 'Links to check.', resources: `\n${resources}` },
          'See [the page that refuses HEAD](' + base + '/no-head).',
        ),
      },
      { empty: true },
    );
  }

  it('reports each failing link with its status and line, and only those', async () => {
    const dir = workspace();
    const report = await check({ cwd: dir, files: ['issues/2026-12-02-online.md'], online: true, timeoutMs: ANSWER_MS, allowPrivate: true });
    const online = report.findings.filter((f) => ['link-broken', 'link-redirect', 'link-timeout'].includes(f.rule));
    const byRule = online.map((f) => `${f.rule} ${f.line} ${f.message.slice(f.message.indexOf(base) + base.length).split(/[ /]/)[1]}`).sort();
    expect(byRule).toEqual(['link-broken 9 missing', 'link-redirect 11 moved', 'link-timeout 15 slow']);
    expect(online.find((f) => f.rule === 'link-broken')).toMatchObject({ severity: 'error', file: 'issues/2026-12-02-online.md' });
  });

  it('is off by default: no request is made', async () => {
    const dir = workspace();
    seen.length = 0;
    const report = await check({ cwd: dir, files: ['issues/2026-12-02-online.md'] });
    expect(seen).toEqual([]);
    expect(report.findings.some((f) => f.rule === 'link-broken')).toBe(false);
  });

  it('works from the command line with --timeout, and fails on the broken link', async () => {
    const dir = workspace();
    const r = await runMain(['check', '--online', '--allow-private', '--timeout', String(ANSWER_MS), 'issues/2026-12-02-online.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error\[link-broken\] issues\/2026-12-02-online\.md:9\n {2}The link http:\/\/127\.0\.0\.1:\d+\/missing answers 404/);
    expect(r.stdout).toMatch(/warning\[link-timeout\] issues\/2026-12-02-online\.md:15/);
    expect(r.stdout).toMatch(/links checked online/);
  });
});
