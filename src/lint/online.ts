import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * `check --online`: asks every http(s) link and image of the checked issues
 * whether it still answers. A few requests at a time, each with a timeout,
 * the whole run within a deadline; HEAD first, then GET for servers that
 * refuse HEAD. Redirects are followed by hand (up to MAX_REDIRECTS) so a
 * permanent one can be reported.
 *
 * Links come from issues that may be someone else's pull request, and CI
 * runs inside a network: a link to 127.0.0.1, 10.x or a cloud metadata
 * address is not fetched unless `allowPrivate`. The address is checked where
 * the connection is made (the resolver's answer, every redirect), so a name
 * that resolves to a private address, or one that changes its answer
 * between two looks, is caught too.
 */

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The whole online check, however many links: CI jobs must end. */
export const DEFAULT_DEADLINE_MS = 120_000;
/** What --timeout and the concurrency are clamped to: a huge timeout would overflow setTimeout and fire at once. */
export const LIMITS = { timeoutMs: { min: 100, max: 60_000 }, concurrency: { min: 1, max: 32 }, deadlineMs: { min: 1_000, max: 30 * 60_000 } } as const;
const MAX_REDIRECTS = 5;
const USER_AGENT = 'newsletter-check/0.1 (+link checker; HEAD then GET)';

export interface LinkStatus {
  url: string;
  /** The final HTTP status, after redirects; absent when no answer came. */
  status?: number | undefined;
  ok: boolean;
  timedOut: boolean;
  /** Network failure (refused, DNS, TLS...), when there was no HTTP answer. */
  error?: string | undefined;
  /** Why the URL was not asked at all: a non-public address, or the deadline. */
  skipped?: string | undefined;
  /** Each redirect followed: its status and where it pointed. */
  redirects: { status: number; location: string }[];
  finalUrl: string;
}

export interface OnlineOptions {
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
  /** For the whole checkUrls run. */
  deadlineMs?: number | undefined;
  /** Fetch loopback, private, link-local... addresses too (`--allow-private`). */
  allowPrivate?: boolean | undefined;
  /** Aborts every request (the run's deadline). */
  signal?: AbortSignal | undefined;
}

function clamp(v: number | undefined, fallback: number, range: { min: number; max: number }): number {
  const n = v === undefined || !Number.isFinite(v) ? fallback : Math.round(v);
  return Math.min(range.max, Math.max(range.min, n));
}

/** The options as they are used: numbers inside LIMITS. */
export function clampOptions(opts: OnlineOptions): { concurrency: number; timeoutMs: number; deadlineMs: number } {
  return {
    concurrency: clamp(opts.concurrency, DEFAULT_CONCURRENCY, LIMITS.concurrency),
    timeoutMs: clamp(opts.timeoutMs, DEFAULT_TIMEOUT_MS, LIMITS.timeoutMs),
    deadlineMs: clamp(opts.deadlineMs, DEFAULT_DEADLINE_MS, LIMITS.deadlineMs),
  };
}

const RANGES: [string, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['shared (CGNAT)', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['benchmarking', '198.18.0.0', 15, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['IPv4-mapped', '::ffff:0:0', 96, 'ipv6'],
  ['IPv4-compatible', '::', 96, 'ipv6'],
  ['IPv4-translated', '64:ff9b::', 96, 'ipv6'],
  ['IPv4-translated', '64:ff9b:1::', 48, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['site-local', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];
const BLOCKS = RANGES.map(([kind, net, prefix, type]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { kind, type, list };
});

/** Why an IP address is not on the public internet ("loopback", "private"...), or null when it is. */
export function nonPublicKind(address: string): string | null {
  const version = isIP(address);
  if (version === 0) return 'not an IP address';
  const type = version === 4 ? 'ipv4' : 'ipv6';
  // A v4 range also matches v4-mapped v6 (::ffff:127.0.0.1); only the family's own ranges are asked.
  return BLOCKS.find((b) => b.type === type && b.list.check(address, type))?.kind ?? null;
}

class NonPublic extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(host === address ? `${host} is a ${kind} address` : `${host} is a ${kind} address (${address})`);
  }
}

/** A resolver for http.request that refuses to connect to a non-public address, whatever the name. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    // Every answer is checked: a name with one public and one private address could connect to either.
    for (const a of addresses) {
      const kind = nonPublicKind(a.address);
      if (kind) return callback(new NonPublic(hostname, a.address, kind), '', 0);
    }
    if (options.all) (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

class Timeout extends Error {}

function request(url: URL, method: 'HEAD' | 'GET', timeoutMs: number, opts: OnlineOptions): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(host)) {
    const kind = nonPublicKind(host);
    if (kind) return Promise.reject(new NonPublic(host, host, kind));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method,
      headers: { 'user-agent': USER_AGENT, accept: '*/*' },
      // No pooled sockets: each request resolves (and so is checked) afresh.
      agent: false,
      ...(opts.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const timer = setTimeout(() => req.destroy(new Timeout(`no answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      // Only the status matters: don't download bodies.
      res.destroy();
      resolve(res);
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end();
  });
}

/** Checks one URL: HEAD, GET when HEAD is refused (405, 501), following redirects. */
export async function checkUrl(url: string, opts: OnlineOptions = {}): Promise<LinkStatus> {
  const { timeoutMs } = clampOptions(opts);
  const redirects: LinkStatus['redirects'] = [];
  let current = url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return { url, ok: false, timedOut: false, error: `redirected to a ${target.protocol} address`, redirects, finalUrl: current };
      }
      let res = await request(target, 'HEAD', timeoutMs, opts);
      if (res.statusCode === 405 || res.statusCode === 501) res = await request(target, 'GET', timeoutMs, opts);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        const next = new URL(location, current).toString();
        redirects.push({ status, location: next });
        current = next;
        continue;
      }
      return { url, status, ok: status < 400, timedOut: false, redirects, finalUrl: current };
    }
    return { url, ok: false, timedOut: false, error: `more than ${MAX_REDIRECTS} redirects`, redirects, finalUrl: current };
  } catch (e) {
    if (e instanceof NonPublic) {
      const via = redirects.length ? ` (redirected from ${url})` : '';
      return { url, ok: false, timedOut: false, skipped: `${e.message}${via}`, redirects, finalUrl: current };
    }
    if (opts.signal?.aborted) return { url, ok: false, timedOut: false, skipped: 'the online check ran out of time', redirects, finalUrl: current };
    if (e instanceof Timeout) return { url, ok: false, timedOut: true, error: e.message, redirects, finalUrl: current };
    const err = e as { code?: string; message?: string };
    return { url, ok: false, timedOut: false, error: err.code ?? err.message ?? String(e), redirects, finalUrl: current };
  }
}

/** Checks each URL once, at most `concurrency` at a time, all within the deadline; what the deadline cuts off is skipped. */
export async function checkUrls(urls: string[], opts: OnlineOptions = {}): Promise<Map<string, LinkStatus>> {
  const { concurrency, deadlineMs } = clampOptions(opts);
  const unique = [...new Set(urls)];
  const results = new Map<string, LinkStatus>();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length && !signal.aborted) {
      const url = unique[next++]!;
      results.set(url, await checkUrl(url, { ...opts, signal }));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
  const why = `the online check ran out of time (${Math.round(deadlineMs / 1000)} s for all links)`;
  for (const url of unique) {
    const s = results.get(url);
    if (!s) results.set(url, { url, ok: false, timedOut: false, skipped: why, redirects: [], finalUrl: url });
    else if (s.skipped === 'the online check ran out of time') s.skipped = why;
  }
  return results;
}

export type OnlineRule = 'link-broken' | 'link-timeout' | 'link-redirect' | 'link-skipped';

/** What a failed, skipped or redirected check says, as a finding's rule and message; null when all is well. */
export function describeStatus(s: LinkStatus, kind: 'link' | 'image'): { rule: OnlineRule; message: string } | null {
  const what = kind === 'image' ? 'The image' : 'The link';
  if (s.skipped) {
    const fix = /ran out of time/.test(s.skipped) ? 'Run the check again, or check fewer issues at once.' : 'Use --allow-private to check it anyway.';
    return { rule: 'link-skipped', message: `${what} ${s.url} was not checked: ${s.skipped}. ${fix}` };
  }
  if (s.timedOut) {
    return {
      rule: 'link-timeout',
      message: `${what} ${s.url} did not answer (${s.error}). Check that the site is up; if it is just slow, run the check again.`,
    };
  }
  if (s.error) return { rule: 'link-broken', message: `${what} ${s.url} can't be reached (${s.error}). Fix or remove it.` };
  if (s.status !== undefined && s.status >= 400) {
    const via = s.redirects.length ? ` (after redirects to ${s.finalUrl})` : '';
    return { rule: 'link-broken', message: `${what} ${s.url} answers ${s.status}${via}. Fix the address or remove the ${kind}.` };
  }
  const permanent = s.redirects.find((r) => r.status === 301 || r.status === 308);
  if (permanent) {
    return {
      rule: 'link-redirect',
      message: `${what} ${s.url} is permanently redirected (${permanent.status}) to ${s.finalUrl}. Link to ${s.finalUrl} directly.`,
    };
  }
  return null;
}
