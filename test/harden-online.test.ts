/**
 * Class 8 of the trust issue, `check --online`: non-public addresses are
 * skipped (and reported as skipped) unless --allow-private, the whole run
 * has a deadline, and the options are clamped. The only server is on
 * 127.0.0.1, port 0: the tests that fetch it allow private addresses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { check } from '../src/commands/check.js';
import { checkUrl, checkUrls, clampOptions, describeStatus, LIMITS, nonPublicKind } from '../src/lint/online.js';
import { runMain } from './helpers/harden.js';
import { cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

let server: Server;
let port = 0;
const hits: string[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  hits.push(req.url ?? '');
  const path = (req.url ?? '').split('?')[0];
  if (path === '/ok') res.writeHead(200).end();
  else if (path === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
  else if (path === '/slow')
    return; // never answers
  else res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  cleanupWorkspaces();
});

describe('which addresses are public', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.254', 'shared (CGNAT)'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['64:ff9b::a9fe:a9fe', 'IPv4-translated'],
    ['255.255.255.255', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(nonPublicKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450::1'])('%s is public', (address) => {
    expect(nonPublicKind(address)).toBeNull();
  });
});

describe('non-public addresses are skipped unless allowed', () => {
  it.each([
    ['an IPv4 literal', () => `http://127.0.0.1:${port}/ok`],
    ['a name that resolves to loopback', () => `http://localhost:${port}/ok`],
    ['an IPv6 literal', () => `http://[::1]:${port}/ok`],
    ['a v4-mapped IPv6 literal', () => `http://[::ffff:127.0.0.1]:${port}/ok`],
    ['a hex IPv4', () => `http://0x7f.0.0.1:${port}/ok`],
    ['a decimal IPv4', () => `http://2130706433:${port}/ok`],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('%s: skipped, and no request is made', async (_, url) => {
    hits.length = 0;
    const s = await checkUrl(url(), { timeoutMs: 2000 });
    expect(s.ok).toBe(false);
    expect(s.skipped).toMatch(/is a (loopback|link-local|IPv4-mapped) address/);
    expect(hits).toEqual([]);
    const d = describeStatus(s, 'link');
    expect(d).toMatchObject({ rule: 'link-skipped', message: expect.stringContaining('--allow-private') });
  });

  it('with allowPrivate, the same link is fetched', async () => {
    hits.length = 0;
    expect(await checkUrl(`http://127.0.0.1:${port}/ok`, { allowPrivate: true })).toMatchObject({ ok: true, status: 200 });
    expect(hits).toEqual(['/ok']);
  });

  it('never follows a redirect to a file: address', async () => {
    const s = await checkUrl(`http://127.0.0.1:${port}/to-file`, { allowPrivate: true });
    expect(s).toMatchObject({ ok: false, error: 'redirected to a file: address' });
    expect(describeStatus(s, 'link')?.rule).toBe('link-broken');
  });

  function workspace(): string {
    return makeWorkspace(
      {
        // Every link is on 127.0.0.1: the test must not reach out to any other host.
        'newsletter.config.yaml': `name: Online\nfooter:\n  address: 1 Test Street\n  unsubscribe_url: mailto:leave@example.com\ncheck:\n  rules: { unsubscribe: off }\n`,
        'issues/2026-12-02-x.md': issueSource({ preheader: 'Links.' }, `Read [the internal page](http://127.0.0.1:${port}/ok).`),
      },
      { empty: true },
    );
  }

  it('check --online reports them as skipped, with the line, and fetches nothing', async () => {
    hits.length = 0;
    const report = await check({ cwd: workspace(), files: ['issues/2026-12-02-x.md'], online: true, timeoutMs: 2000 });
    const skipped = report.findings.filter((f) => f.rule === 'link-skipped');
    expect(skipped).toEqual([expect.objectContaining({ severity: 'warn', file: 'issues/2026-12-02-x.md', line: 7 })]);
    expect(skipped[0]!.message).toMatch(/was not checked: 127\.0\.0\.1 is a loopback address/);
    expect(hits).toEqual([]);
  });

  it('from the command line: exit 0 with the skip as a warning; --allow-private fetches it', async () => {
    const ws = workspace();
    hits.length = 0;
    const skipped = await runMain(['check', '--online', '--timeout', '2000', 'issues/2026-12-02-x.md'], ws);
    expect(skipped.code, skipped.stdout + skipped.stderr).toBe(0);
    expect(skipped.stdout).toMatch(/warning\[link-skipped\] issues\/2026-12-02-x\.md:7/);
    expect(hits).toEqual([]);
    const allowed = await runMain(['check', '--online', '--allow-private', '--timeout', '2000', 'issues/2026-12-02-x.md'], ws);
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stdout).not.toMatch(/link-skipped/);
    expect(hits).toEqual(['/ok']);
  });
});

describe('bounds', () => {
  it('clamps the options', () => {
    expect(clampOptions({ timeoutMs: 1e15, concurrency: 1e6, deadlineMs: 1e15 })).toEqual({
      timeoutMs: LIMITS.timeoutMs.max,
      concurrency: LIMITS.concurrency.max,
      deadlineMs: LIMITS.deadlineMs.max,
    });
    expect(clampOptions({ timeoutMs: 1, concurrency: 0, deadlineMs: 1 })).toEqual({
      timeoutMs: LIMITS.timeoutMs.min,
      concurrency: 1,
      deadlineMs: LIMITS.deadlineMs.min,
    });
    expect(clampOptions({ timeoutMs: Number.NaN, concurrency: Number.POSITIVE_INFINITY })).toEqual({ timeoutMs: 10_000, concurrency: 8, deadlineMs: 120_000 });
  });

  it('a huge --timeout does not overflow the timer (no warning, the request still runs)', async () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      expect(await checkUrl(`http://127.0.0.1:${port}/ok`, { allowPrivate: true, timeoutMs: 1e15 })).toMatchObject({ ok: true });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('the whole run ends at its deadline: what it cut off is reported as skipped', async () => {
    const urls = ['a', 'b', 'c'].map((q) => `http://127.0.0.1:${port}/slow?${q}`);
    // Each request alone would wait a minute; the deadline (1 s) ends the run long before the test's own timeout.
    const results = await checkUrls(urls, { allowPrivate: true, timeoutMs: 60_000, concurrency: 1, deadlineMs: 1000 });
    expect([...results.keys()]).toEqual(urls);
    for (const s of results.values()) {
      expect(s.skipped).toBe('the online check ran out of time (1 s for all links)');
      expect(describeStatus(s, 'link')).toMatchObject({ rule: 'link-skipped', message: expect.stringContaining('Run the check again') });
    }
  });
});
