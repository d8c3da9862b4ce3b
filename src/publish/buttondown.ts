/**
 * Buttondown, emails API v1.
 * Source: Buttondown's OpenAPI document (docs.buttondown.com/openapi.json,
 * from the buttondown/docs repository) and its pages on authentication,
 * idempotency keys, rate limits, error codes, statuses and templating.
 *   POST /v1/emails → 201 Email; GET|PATCH /v1/emails/{id} → 200; 404 {detail};
 *   POST /v1/emails/{id}/send-draft {recipients} → 200;
 *   errors: 400 {code, detail, metadata.field}, 422 {detail: [{type, loc, msg}]},
 *   401/403 {detail}, 429 with Retry-After.
 * An email created without a status is sent at once ("about_to_send" is the
 * default): every create here says status "draft".
 */
import { randomBytes } from 'node:crypto';
import { fallbackOrThrow, replaceOpeners } from '../render/mergeTags.js';
import { obj, str, type Http, type HttpResult } from './http.js';
import { dryRunDraft, editableState } from './remote.js';
import type { Dialect, DraftContent, Provider, ProviderClient, RemoteDraft } from './types.js';

export const buttondownDialect: Dialect = {
  unsubscribeUrl: '{{ unsubscribe_url }}',
  // Needs Buttondown's subscriber portal turned on.
  preferencesUrl: '{{ manage_subscription_url }}',
  webVersionUrl: '{{ email.absolute_url }}',
  address: null,
  firstName: (fallback) => `{{ subscriber.metadata.first_name|default:"${fallbackOrThrow(fallback)}" }}`,
  // Buttondown renders emails with Django templates: {{, {% and {# open them.
  literal: (out) =>
    replaceOpeners(out, {
      '{{': '{% templatetag openvariable %}',
      '{%': '{% templatetag openblock %}',
      '{#': '{% templatetag opencomment %}',
    }),
};

const TEMPLATES = ['naked', 'classic', 'modern', 'plaintext', 'custom'] as const;

export const buttondown: Provider = {
  id: 'buttondown',
  name: 'Buttondown',
  dialect: buttondownDialect,
  envVars: ['BUTTONDOWN_API_KEY'],
  defaultBaseUrl: 'https://api.buttondown.com',
  templatesSubject: false,
  settings: [{ key: 'template', kind: 'enum', values: TEMPLATES, doc: 'the Buttondown template; naked (the default) sends our HTML as it is' }],
  credentials(env) {
    const key = env.BUTTONDOWN_API_KEY?.trim();
    if (!key) return { ok: false, missing: ['BUTTONDOWN_API_KEY'], placeholder: { headers: { Authorization: 'Token (BUTTONDOWN_API_KEY)' }, secrets: [] } };
    return { ok: true, credentials: { headers: { Authorization: `Token ${key}` }, secrets: [key] } };
  },
  readError: (status, json, text) => readButtondownError(status, json, text),
  client: (http) => new ButtondownClient(http),
  draftLink: (id) => `https://buttondown.com/emails/${encodeURIComponent(id)}`,
};

export function readButtondownError(_status: number, json: unknown, text: string): { message: string; field?: string | undefined } {
  const detail = obj(json, 'detail');
  if (Array.isArray(detail) && detail.length > 0) {
    // 422: one entry per invalid field; loc is ["body", "payload", "subject"].
    const first = detail[0] as Record<string, unknown>;
    const loc = Array.isArray(first.loc) ? first.loc.map(String).filter((p) => p !== 'body' && p !== 'payload') : [];
    return { message: detail.map((d) => str(d, 'msg') ?? JSON.stringify(d)).join('; '), field: loc.join('.') || undefined };
  }
  if (typeof detail === 'string') return { message: detail, field: str(obj(json, 'metadata'), 'field') };
  return { message: text.trim().slice(0, 200) || 'no details' };
}

class ButtondownClient implements ProviderClient {
  constructor(private readonly http: Http) {}

  async read(id: string): Promise<RemoteDraft | null> {
    const r = await this.http.call({ method: 'GET', path: `/v1/emails/${encodeURIComponent(id)}`, ok: [200], missing: (s) => s === 404, idempotent: true });
    if (r.missing) return null;
    const d = this.toDraft(r, id);
    // Buttondown keeps deleted emails, with the status "deleted".
    return d.status === 'deleted' ? null : d;
  }

  async create(c: DraftContent, created: (d: RemoteDraft) => void): Promise<RemoteDraft> {
    // The idempotency key makes a retried create safe: Buttondown answers it once.
    const key = `newsletter-${c.slug.slice(0, 100)}-${randomBytes(8).toString('hex')}`;
    const r = await this.http.call({
      method: 'POST',
      path: '/v1/emails',
      body: { ...this.content(c), status: 'draft' },
      headers: { 'X-Idempotency-Key': key },
      ok: [201],
      idempotent: true,
    });
    const draft = this.toDraft(r);
    created(draft);
    return draft;
  }

  async update(current: RemoteDraft, c: DraftContent): Promise<RemoteDraft> {
    const r = await this.http.call({ method: 'PATCH', path: this.path(current), body: this.content(c), ok: [200], idempotent: true });
    return this.toDraft(r, current.id);
  }

  async schedule(current: RemoteDraft, at: string): Promise<void> {
    await this.http.call({ method: 'PATCH', path: this.path(current), body: { status: 'scheduled', publish_date: at }, ok: [200], idempotent: true });
  }

  async sendNow(current: RemoteDraft): Promise<void> {
    // Buttondown asks API clients to confirm a first send with this header; the author confirmed it.
    await this.http.call({
      method: 'PATCH',
      path: this.path(current),
      body: { status: 'about_to_send' },
      headers: { 'X-Buttondown-Live-Dangerously': 'true' },
      ok: [200],
      idempotent: true,
    });
  }

  async test(current: RemoteDraft, to: string[]): Promise<void> {
    await this.http.call({ method: 'POST', path: `${this.path(current)}/send-draft`, body: { recipients: to }, ok: [200], idempotent: false });
  }

  private content(c: DraftContent): Record<string, unknown> {
    // Buttondown takes no text part (it writes its own); its preheader is the description.
    return { subject: c.subject, body: c.html, description: c.preheader, template: c.settings.template ?? 'naked' };
  }

  private path(d: RemoteDraft): string {
    return `/v1/emails/${encodeURIComponent(d.id)}`;
  }

  private toDraft(r: HttpResult, id?: string): RemoteDraft {
    if (r.dryRun) return dryRunDraft(id);
    const eid = str(r.json, 'id');
    if (!eid) throw this.http.unexpected('an email without an id');
    const status = str(r.json, 'status') ?? 'unknown';
    return {
      id: eid,
      status,
      state: editableState(status, {
        draft: ['draft'],
        scheduled: ['scheduled'],
        sending: ['about_to_send', 'in_flight', 'throttled', 'resending', 'paused'],
      }),
      scheduledAt: status === 'scheduled' ? (str(r.json, 'publish_date') ?? null) : null,
    };
  }
}
