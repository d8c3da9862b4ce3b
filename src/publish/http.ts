import { NewsletterError } from '../problems/errors.js';

/** A request as the report shows it: the credentials' headers redacted. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** What a provider makes of an error body: its own message and, where it names one, the field. */
export type ErrorReader = (status: number, json: unknown, text: string) => { message: string; field?: string | undefined };

export interface HttpOptions {
  baseUrl: string;
  credentials: Credentials;
  /** "Kit", for messages. */
  service: string;
  /** The environment variables that hold the key, for the hint after a 401. */
  envVars: readonly string[];
  readError: ErrorReader;
  fetch?: typeof fetch | undefined;
  /** Per attempt, the whole exchange (connect, send, read the body). Default 30 s. */
  timeoutMs?: number | undefined;
  /** How many times a failed attempt (429, 5xx, a dropped connection) is repeated. Default 3. */
  retries?: number | undefined;
  /** First back-off; doubled each time, up to maxBackoffMs. Default 500 ms, 8 s. */
  backoffMs?: number | undefined;
  maxBackoffMs?: number | undefined;
  /** The longest Retry-After honoured; a longer one ends the run with "try again later". Default 60 s. */
  maxRetryAfterMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Record the requests, send nothing. */
  dryRun?: boolean | undefined;
}

export interface CallSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The statuses that mean success. */
  ok: readonly number[];
  /** For reads: this answer means "no such draft" (404, or Listmonk's 400 "not found"). */
  missing?: (status: number, json: unknown) => boolean;
  /**
   * Whether sending it twice does no harm. A create is not (a lost answer
   * may hide a draft that was made), unless the service deduplicates it
   * with an idempotency key.
   */
  idempotent: boolean;
}

export interface HttpResult {
  status: number;
  json: unknown;
  /** The read found nothing (see CallSpec.missing). */
  missing: boolean;
  /** Nothing was sent: json is null. */
  dryRun: boolean;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/**
 * The one door to a sending service: JSON over fetch with a bounded
 * timeout, bounded retries that honour Retry-After, and every failure
 * turned into a NewsletterError with the service's own words and the host.
 */
export class Http {
  readonly requests: RecordedRequest[] = [];
  readonly host: string;

  constructor(readonly opts: HttpOptions) {
    this.host = hostOf(opts.baseUrl);
  }

  get dryRun(): boolean {
    return this.opts.dryRun === true;
  }

  async call(spec: CallSpec): Promise<HttpResult> {
    const url = this.opts.baseUrl + spec.path;
    const headers: Record<string, string> = { Accept: 'application/json', ...this.opts.credentials.headers, ...spec.headers };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    this.requests.push({ method: spec.method, url, headers: this.redactHeaders(headers), ...(spec.body === undefined ? {} : { body: spec.body }) });
    if (this.dryRun) return { status: spec.ok[0] ?? 200, json: null, missing: false, dryRun: true };

    const retries = this.opts.retries ?? 3;
    const what = `${spec.method} ${spec.path}`;
    for (let attempt = 0; ; attempt++) {
      const left = attempt < retries;
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        ({ status, text, retryAfter } = await this.exchange(url, spec, headers));
      } catch (e) {
        const failure = this.networkFailure(e, what, spec.idempotent);
        if (failure.retry && left) {
          await this.wait(this.backoff(attempt));
          continue;
        }
        throw failure.error;
      }
      const json = parseJson(text);
      if (spec.ok.includes(status)) return { status, json, missing: false, dryRun: false };
      if (spec.missing?.(status, json)) return { status, json, missing: true, dryRun: false };

      const transient = status === 429 || status === 502 || status === 503 || status === 504 || (status >= 500 && spec.idempotent);
      if (transient && left) {
        const asked = retryAfterMs(retryAfter);
        const max = this.opts.maxRetryAfterMs ?? 60_000;
        if (asked !== null && asked > max) throw this.temporary(status, json, text, what, `it asks to wait ${Math.ceil(asked / 1000)} s`);
        await this.wait(asked ?? this.backoff(attempt));
        continue;
      }
      throw this.statusError(status, json, text, what, attempt + 1);
    }
  }

  /** An answer that doesn't have the shape the API reference documents. */
  unexpected(what: string): NewsletterError {
    return new NewsletterError('PUBLISH_PROTOCOL', `${this.opts.service} (${this.host}) answered with ${what}`, {
      hint: 'Check publish.api_url (it must be the API, not the web app) and try again',
    });
  }

  private async exchange(url: string, spec: CallSpec, headers: Record<string, string>): Promise<{ status: number; text: string; retryAfter: string | null }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutError()), this.opts.timeoutMs ?? 30_000);
    try {
      const res = await (this.opts.fetch ?? fetch)(url, {
        method: spec.method,
        headers,
        ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
        signal: controller.signal,
        redirect: 'error',
      });
      // The body is read under the same timer: a server that stalls mid-body is a timeout too.
      const text = await res.text();
      return { status: res.status, text, retryAfter: res.headers.get('retry-after') };
    } catch (e) {
      if (controller.signal.aborted) throw controller.signal.reason instanceof TimeoutError ? controller.signal.reason : e;
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private networkFailure(e: unknown, what: string, idempotent: boolean): { retry: boolean; error: NewsletterError } {
    const service = this.opts.service;
    if (e instanceof TimeoutError) {
      const secs = ((this.opts.timeoutMs ?? 30_000) / 1000).toString();
      return {
        retry: idempotent,
        error: new NewsletterError('PUBLISH_TIMEOUT', `${service} (${this.host}) did not answer ${what} within ${secs} s`, {
          hint: idempotent ? 'Try again later' : `${service} may have received it: look in ${service} before publishing again`,
        }),
      };
    }
    const code = errnoOf(e);
    if (code && NOT_SENT_CODES.has(code)) {
      return {
        retry: false,
        error: new NewsletterError('PUBLISH_CONNECTION', `Can't reach ${service} at ${this.host} (${code}); nothing was sent`, {
          hint: 'Check the network, and publish.api_url in the config if you set one',
          cause: e,
        }),
      };
    }
    return {
      retry: idempotent,
      error: new NewsletterError('PUBLISH_TEMPORARY', `The connection to ${service} (${this.host}) failed during ${what} (${code ?? (e as Error).message})`, {
        hint: idempotent ? 'Try again later' : `${service} may have received it: look in ${service} before publishing again`,
        cause: e,
      }),
    };
  }

  private statusError(status: number, json: unknown, text: string, what: string, attempts: number): NewsletterError {
    const service = this.opts.service;
    const { message, field } = this.opts.readError(status, json, text);
    if (status === 401 || status === 403) {
      return new NewsletterError('PUBLISH_AUTH', `${service} refused the API key (${status}: ${message})`, {
        hint: `Check ${this.opts.envVars.join(' and ')}: a key of this account, with permission to manage ${status === 403 ? 'and send ' : ''}emails`,
      });
    }
    if (status === 429 || status >= 500) return this.temporary(status, json, text, what, attempts > 1 ? `after ${attempts} tries` : '');
    if (status >= 400 && status < 500) {
      return new NewsletterError('PUBLISH_REJECTED', `${service} rejected ${what} (${status}): ${field ? `${field}: ` : ''}${message}`, {
        hint: field ? `Fix ${field} (in the issue, or under publish: in the config) and publish again` : 'Fix what it names and publish again',
      });
    }
    return new NewsletterError('PUBLISH_PROTOCOL', `${service} (${this.host}) answered ${what} with an unexpected ${status}`, { hint: 'Try again later' });
  }

  private temporary(status: number, json: unknown, text: string, what: string, why: string): NewsletterError {
    const { message } = this.opts.readError(status, json, text);
    return new NewsletterError('PUBLISH_TEMPORARY', `${this.opts.service} (${this.host}) answered ${what} with ${status}${why ? `, ${why}` : ''}: ${message}`, {
      hint: status === 429 ? 'The service is rate-limiting this key: try again in a few minutes' : 'The service is having trouble: try again later',
    });
  }

  private backoff(attempt: number): number {
    return Math.min((this.opts.backoffMs ?? 500) * 2 ** attempt, this.opts.maxBackoffMs ?? 8000);
  }

  private wait(ms: number): Promise<void> {
    return (this.opts.sleep ?? ((t: number) => new Promise<void>((r) => setTimeout(r, t))))(ms);
  }

  private redactHeaders(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (k in this.opts.credentials.headers) out[k] = /^(\w+) /.exec(v) ? `${/^(\w+) /.exec(v)![1]} ****` : '****';
      else out[k] = v;
    }
    return out;
  }
}

class TimeoutError extends Error {
  constructor() {
    super('timeout');
  }
}

function parseJson(text: string): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || !value.trim()) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function errnoOf(e: unknown): string | undefined {
  // fetch wraps socket errors: TypeError("fetch failed") with the errno error as its cause.
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Basic auth as RFC 7617 writes it. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** A string field of a JSON object, or undefined. */
export function str(json: unknown, key: string): string | undefined {
  const v = json && typeof json === 'object' ? (json as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function obj(json: unknown, key: string): unknown {
  return json && typeof json === 'object' ? (json as Record<string, unknown>)[key] : undefined;
}

export interface Credentials {
  /** Header values, ready to send. */
  headers: Record<string, string>;
  /** Every form in which the secret could appear in a message, to redact. */
  secrets: string[];
  /** Base URL derived from the key (Mailchimp's data centre), if any. */
  baseUrl?: string | undefined;
}
