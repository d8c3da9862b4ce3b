/**
 * `check --online`: asks every http(s) link and image of the checked issues
 * whether it still answers. A few requests at a time, each with a timeout;
 * HEAD first, then GET for servers that refuse HEAD. Redirects are followed
 * by hand (up to MAX_REDIRECTS) so a permanent one can be reported.
 */

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 10_000;
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
  /** Each redirect followed: its status and where it pointed. */
  redirects: { status: number; location: string }[];
  finalUrl: string;
}

export interface OnlineOptions {
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

class Timeout extends Error {}

async function request(url: string, method: 'HEAD' | 'GET', timeoutMs: number, doFetch: typeof fetch): Promise<Response> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new Timeout(`no answer in ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await doFetch(url, { method, redirect: 'manual', signal: ac.signal, headers: { 'user-agent': USER_AGENT, accept: '*/*' } });
    // Only the status matters: don't download bodies.
    await res.body?.cancel().catch(() => {});
    return res;
  } catch (e) {
    if (ac.signal.aborted) throw new Timeout(`no answer in ${timeoutMs} ms`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Checks one URL: HEAD, GET when HEAD is refused (405, 501), following redirects. */
export async function checkUrl(url: string, opts: OnlineOptions = {}): Promise<LinkStatus> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetch ?? fetch;
  const redirects: LinkStatus['redirects'] = [];
  let current = url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let res = await request(current, 'HEAD', timeoutMs, doFetch);
      if (res.status === 405 || res.status === 501) res = await request(current, 'GET', timeoutMs, doFetch);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, current).toString();
        redirects.push({ status: res.status, location: next });
        current = next;
        continue;
      }
      return { url, status: res.status, ok: res.status < 400, timedOut: false, redirects, finalUrl: current };
    }
    return { url, ok: false, timedOut: false, error: `more than ${MAX_REDIRECTS} redirects`, redirects, finalUrl: current };
  } catch (e) {
    if (e instanceof Timeout) return { url, ok: false, timedOut: true, error: e.message, redirects, finalUrl: current };
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { url, ok: false, timedOut: false, error: cause?.code ?? cause?.message ?? (e as Error).message, redirects, finalUrl: current };
  }
}

/** Checks each URL once, at most `concurrency` at a time. */
export async function checkUrls(urls: string[], opts: OnlineOptions = {}): Promise<Map<string, LinkStatus>> {
  const unique = [...new Set(urls)];
  const results = new Map<string, LinkStatus>();
  const limit = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const url = unique[next++]!;
      results.set(url, await checkUrl(url, opts));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, unique.length) }, worker));
  return results;
}

/** What a failed or redirected check says, as a finding's rule and message; null when all is well. */
export function describeStatus(s: LinkStatus, kind: 'link' | 'image'): { rule: 'link-broken' | 'link-timeout' | 'link-redirect'; message: string } | null {
  const what = kind === 'image' ? 'The image' : 'The link';
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
