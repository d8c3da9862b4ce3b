import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { NewsletterError } from '../problems/errors.js';
import { isPrivateAddress } from './addresses.js';

/**
 * Fetching a feed or a chapters file over the network, the one place this
 * tool reads from URLs an author pasted. https only; the host is resolved
 * first and refused if any address is private, loopback or link-local, and
 * the connection goes to exactly the address that was checked (no second
 * lookup a DNS answer could change); redirects are followed a few times,
 * each one checked the same way; the whole exchange has one deadline and
 * the body (after decompression) a size limit.
 */

export interface FetchOptions {
  /** For the whole exchange, redirects and body included. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Exact addresses allowed although private (tests serve on 127.0.0.1). */
  allowAddresses?: readonly string[];
  /** Allow http: URLs, and only to hosts whose every address is in allowAddresses. */
  allowHttp?: boolean;
}

export interface Fetched {
  text: string;
  /** The URL the content came from, after redirects: the base for relative links in it. */
  url: string;
  contentType: string | null;
}

const USER_AGENT = 'newsletter (podcast feed reader; +https://www.npmjs.com/package/newsletter)';

export function fetchFeed(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  return fetchText(url, { maxBytes: 10 * 1024 * 1024, ...opts }, 'feed', 'application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1');
}

export function fetchChapters(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  return fetchText(
    url,
    { maxBytes: 1024 * 1024, ...opts },
    'chapters file',
    'application/json+chapters, application/json;q=0.9, application/xml;q=0.8, text/plain;q=0.5, */*;q=0.1',
  );
}

export async function fetchText(url: string, opts: FetchOptions, what: string, accept: string): Promise<Fetched> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = await checkTarget(current, opts, what, controller.signal);
      const res = await get(target, accept, controller.signal);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= (opts.maxRedirects ?? 5)) {
          throw new NewsletterError('FETCH_FAILED', `The ${what} at ${url} redirects more than ${opts.maxRedirects ?? 5} times`, { file: url });
        }
        current = new URL(res.headers.location, current).href;
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        const temporary = status === 429 || status >= 500;
        throw new NewsletterError(temporary ? 'FETCH_TEMPORARY' : 'FETCH_FAILED', `The ${what} at ${current} answered HTTP ${status}`, {
          file: current,
          hint: temporary ? 'The server is busy or failing; try again later' : 'Check the URL; copy it from your podcast host',
        });
      }
      const body = await readBody(res, maxBytes, current, what);
      const contentType = res.headers['content-type'] ?? null;
      return { text: decodeBody(body, contentType, current, what), url: current, contentType };
    }
  } catch (e) {
    if (controller.signal.aborted && !(e instanceof NewsletterError && e.code !== 'FETCH_FAILED')) {
      throw new NewsletterError('FETCH_TEMPORARY', `The ${what} at ${url} did not arrive within ${timeoutMs / 1000} s`, {
        file: url,
        hint: 'The server is slow or unreachable; try again later',
      });
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Refuses what must not be fetched, before any connection: scheme, credentials, private addresses. */
async function checkTarget(raw: string, opts: FetchOptions, what: string, signal: AbortSignal): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NewsletterError('FETCH_REFUSED', `"${raw.slice(0, 80)}" is not a URL`, { hint: 'Give the full https:// URL, or a file path' });
  }
  const allowed = new Set(opts.allowAddresses ?? []);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && opts.allowHttp)) {
    throw new NewsletterError('FETCH_REFUSED', `The ${what} URL ${raw} is not https`, { file: raw, hint: `Use the https:// address of the ${what}` });
  }
  if (url.username || url.password) {
    throw new NewsletterError('FETCH_REFUSED', `The ${what} URL has a user name or password in it; it is not fetched`, {
      hint: 'Download the file and give its path instead',
    });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await abortable(lookup(host, { all: true, verbatim: true }), signal);
    } catch (e) {
      if (signal.aborted) throw e;
      throw new NewsletterError('FETCH_FAILED', `Can't find the host ${host} of the ${what} URL`, {
        file: raw,
        hint: 'Check the URL and your internet connection',
        cause: e,
      });
    }
  }
  const refused = addresses.find((a) => isPrivateAddress(a.address) && !allowed.has(a.address));
  if (refused || addresses.length === 0) {
    throw new NewsletterError(
      'FETCH_REFUSED',
      `The ${what} URL ${raw} points at a private or local address (${refused?.address ?? 'none'}); it is not fetched`,
      {
        file: raw,
        hint: 'Feeds are fetched from public https:// addresses only; download the file and give its path instead',
      },
    );
  }
  if (url.protocol === 'http:' && !addresses.every((a) => allowed.has(a.address))) {
    throw new NewsletterError('FETCH_REFUSED', `The ${what} URL ${raw} is not https`, { file: raw, hint: `Use the https:// address of the ${what}` });
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

function get(target: Target, accept: string, signal: AbortSignal): Promise<IncomingMessage> {
  // Connect to the address that was checked, whatever the resolver would say now.
  const pinned: LookupFunction = (_host, options, cb) => {
    if (options.all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      {
        method: 'GET',
        lookup: pinned,
        signal,
        headers: { 'user-agent': USER_AGENT, accept, 'accept-encoding': 'gzip, deflate, br' },
      },
      resolve,
    );
    req.on('error', (e: NodeJS.ErrnoException) => reject(signal.aborted ? e : connectionError(e, target.url.href)));
    req.end();
  });
}

function connectionError(e: NodeJS.ErrnoException, url: string): NewsletterError {
  const why =
    e.code === 'ECONNREFUSED'
      ? 'the connection was refused'
      : e.code === 'ECONNRESET'
        ? 'the connection was closed'
        : e.code?.startsWith('ERR_TLS') || /certificate/i.test(e.message)
          ? `its TLS certificate was not accepted (${e.message})`
          : e.message;
  return new NewsletterError('FETCH_FAILED', `Can't fetch ${url}: ${why}`, { file: url, cause: e });
}

/** The body, decompressed, refused as soon as it passes `maxBytes` (declared or counted). */
async function readBody(res: IncomingMessage, maxBytes: number, url: string, what: string): Promise<Buffer> {
  const tooLarge = (): NewsletterError =>
    new NewsletterError('FETCH_TOO_LARGE', `The ${what} at ${url} is larger than ${Math.round(maxBytes / 1024)} KB`, {
      file: url,
      hint: 'That is not a podcast feed of usual size; check the URL',
    });
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
  const decoder: Transform | null =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  if (decoder) res.on('error', (e) => decoder.destroy(e));
  const stream = decoder ? res.pipe(decoder) : res;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (e) {
    res.destroy();
    decoder?.destroy();
    if (e instanceof NewsletterError) throw e;
    throw new NewsletterError('FETCH_FAILED', `The ${what} at ${url} could not be read to the end (${(e as Error).message})`, { file: url, cause: e });
  }
  return Buffer.concat(chunks);
}

/** Text in the charset the server or the XML declaration names; UTF-8 otherwise, refused when it is not valid. */
function decodeBody(body: Buffer, contentType: string | null, url: string, what: string): string {
  const declared =
    /charset="?([\w.-]+)/i.exec(contentType ?? '')?.[1] ??
    /^<\?xml[^>]*encoding=["']([\w.-]+)["']/i.exec(body.subarray(0, 200).toString('latin1'))?.[1] ??
    'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared.toLowerCase(), { fatal: true });
  } catch {
    throw new NewsletterError('FEED_INVALID', `The ${what} at ${url} is in the unknown character set ${declared}`, { file: url });
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new NewsletterError('FEED_INVALID', `The ${what} at ${url} is not valid ${declared} text`, { file: url });
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
