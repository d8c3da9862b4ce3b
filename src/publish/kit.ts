/**
 * Kit (formerly ConvertKit), API v4 broadcasts.
 * Source: developers.kit.com/api-reference (Broadcasts: create, get, update,
 * delete; Authentication), read through Kit's OpenAPI document.
 *   POST /v4/broadcasts → 201 {broadcast}; GET|PUT /v4/broadcasts/{id} → 200 {broadcast};
 *   errors {"errors": ["..."]}: 401 bad key, 403 no permission, 404, 422 invalid.
 * A broadcast is a draft while send_at is null; a send_at schedules it. The
 * v4 API has no "send now" and no test send: sending now is a send_at of now.
 */
import { fallbackOrThrow, replaceOpeners } from '../render/mergeTags.js';
import { obj, str, type Http, type HttpResult } from './http.js';
import type { Dialect, DraftContent, Provider, ProviderClient, RemoteDraft, Settings } from './types.js';
import { dryRunDraft, editableState } from './remote.js';

export const kitDialect: Dialect = {
  unsubscribeUrl: '{{ unsubscribe_url }}',
  preferencesUrl: '{{ subscriber_preferences_url }}',
  webVersionUrl: null,
  address: '{{ address }}',
  firstName: (fallback) => `{{ subscriber.first_name | default: "${fallbackOrThrow(fallback)}" }}`,
  // Kit runs Liquid over the whole email: an author's "{{" prints as itself.
  literal: (out) => replaceOpeners(out, { '{{': "{{ '{{' }}", '{%': "{{ '{%' }}" }),
};

export const kit: Provider = {
  id: 'kit',
  name: 'Kit',
  dialect: kitDialect,
  envVars: ['KIT_API_KEY'],
  defaultBaseUrl: 'https://api.kit.com',
  templatesSubject: true,
  settings: [
    { key: 'email_template_id', kind: 'int', doc: 'the Kit email template (a "Text only" or your bare HTML template)' },
    { key: 'email_address', kind: 'string', doc: 'the sending address, one verified in Kit (default: the account’s)' },
    { key: 'segment_ids', kind: 'ints', doc: 'send only to subscribers in all of these segments' },
    { key: 'tag_ids', kind: 'ints', doc: 'send only to subscribers with all of these tags' },
    { key: 'public', kind: 'bool', doc: 'also publish the broadcast on your Kit creator profile (default false)' },
  ],
  credentials(env) {
    const key = env.KIT_API_KEY?.trim();
    const headers = (k: string): Record<string, string> => ({ 'X-Kit-Api-Key': k });
    if (!key) return { ok: false, missing: ['KIT_API_KEY'], placeholder: { headers: headers('(KIT_API_KEY)'), secrets: [] } };
    return { ok: true, credentials: { headers: headers(key), secrets: [key] } };
  },
  readError: (status, json, text) => readKitError(status, json, text),
  client: (http) => new KitClient(http),
  draftLink: (id) => `https://app.kit.com/campaigns/${encodeURIComponent(id)}/draft`,
};

export function readKitError(_status: number, json: unknown, text: string): { message: string } {
  const errors = obj(json, 'errors');
  if (Array.isArray(errors) && errors.length > 0) return { message: errors.map(String).join('; ') };
  return { message: text.trim().slice(0, 200) || 'no details' };
}

class KitClient implements ProviderClient {
  constructor(private readonly http: Http) {}

  async read(id: string): Promise<RemoteDraft | null> {
    const r = await this.http.call({ method: 'GET', path: `/v4/broadcasts/${encodeURIComponent(id)}`, ok: [200], missing: (s) => s === 404, idempotent: true });
    return r.missing ? null : this.toDraft(r, id);
  }

  async create(c: DraftContent, created: (d: RemoteDraft) => void): Promise<RemoteDraft> {
    const r = await this.http.call({ method: 'POST', path: '/v4/broadcasts', body: body(c, null), ok: [201, 200], idempotent: false });
    const draft = this.toDraft(r);
    created(draft);
    return draft;
  }

  async update(current: RemoteDraft, c: DraftContent): Promise<RemoteDraft> {
    // send_at goes back as it was: an update keeps a scheduled broadcast scheduled.
    const r = await this.http.call({ method: 'PUT', path: this.path(current), body: body(c, current.scheduledAt), ok: [200], idempotent: true });
    return this.toDraft(r, current.id);
  }

  async schedule(current: RemoteDraft, at: string, c: DraftContent): Promise<void> {
    await this.http.call({ method: 'PUT', path: this.path(current), body: body(c, at), ok: [200], idempotent: true });
  }

  async sendNow(current: RemoteDraft, c: DraftContent): Promise<void> {
    await this.http.call({ method: 'PUT', path: this.path(current), body: body(c, new Date().toISOString()), ok: [200], idempotent: false });
  }

  private path(d: RemoteDraft): string {
    return `/v4/broadcasts/${encodeURIComponent(d.id)}`;
  }

  private toDraft(r: HttpResult, id?: string): RemoteDraft {
    if (r.dryRun) return dryRunDraft(id);
    const b = obj(r.json, 'broadcast');
    const bid = str(b, 'id');
    if (!bid) throw this.http.unexpected('a broadcast without an id');
    const sendAt = str(b, 'send_at') ?? null;
    const status = str(b, 'status') ?? (sendAt === null ? 'draft' : Date.parse(sendAt) > Date.now() ? 'scheduled' : 'sent');
    return { id: bid, status, state: editableState(status, { draft: ['draft'], scheduled: ['scheduled'], sending: ['sending'] }), scheduledAt: sendAt };
  }
}

function body(c: DraftContent, sendAt: string | null): Record<string, unknown> {
  const s: Settings = c.settings;
  const filters = [
    ...(Array.isArray(s.segment_ids) && s.segment_ids.length ? [{ type: 'segment', ids: s.segment_ids }] : []),
    ...(Array.isArray(s.tag_ids) && s.tag_ids.length ? [{ type: 'tag', ids: s.tag_ids }] : []),
  ];
  return {
    subject: c.subject,
    preview_text: c.preheader,
    content: c.html,
    description: c.name,
    public: s.public === true,
    send_at: sendAt,
    ...(typeof s.email_template_id === 'number' ? { email_template_id: s.email_template_id } : {}),
    ...(typeof s.email_address === 'string' ? { email_address: s.email_address } : {}),
    // No filter means every subscriber (Kit's default); a filter is one "all" group.
    ...(filters.length ? { subscriber_filter: [{ all: filters, any: null, none: null }] } : {}),
  };
}
