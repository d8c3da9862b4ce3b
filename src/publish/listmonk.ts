/**
 * listmonk (self-hosted), campaigns API.
 * Source: listmonk.app/docs/apis/campaigns and /apis/apis (the knadh/listmonk
 * repository: docs/docs/content/apis/campaigns.md, docs/swagger/collections.yaml,
 * and cmd/campaigns.go for the status codes the handlers return).
 *   POST /api/campaigns → 200 {data}; GET|PUT /api/campaigns/{id} → 200 {data};
 *   PUT /api/campaigns/{id}/status {status} → 200; POST /api/campaigns/{id}/test → 200 {data: true};
 *   errors {"message": "..."}: 400 for invalid fields and for an id that does
 *   not exist ("Campaign not found"), 403 for bad credentials ("invalid API credentials").
 * Auth: an API user and its token, as HTTP Basic. There is no hosted
 * listmonk: publish.api_url (the instance's root URL) is required.
 */
import { fallbackOrThrow, replaceOpeners } from '../render/mergeTags.js';
import { basicAuth, obj, str, type Http, type HttpResult } from './http.js';
import { dryRunDraft, editableState } from './remote.js';
import type { Dialect, DraftContent, Provider, ProviderClient, RemoteDraft } from './types.js';

export const listmonkDialect: Dialect = {
  unsubscribeUrl: '{{ UnsubscribeURL }}',
  preferencesUrl: '{{ ManageURL }}',
  webVersionUrl: '{{ MessageURL }}',
  address: null,
  // Sprig's default: the fallback when the first name is empty.
  firstName: (fallback) => `{{ .Subscriber.FirstName | default "${fallbackOrThrow(fallback)}" }}`,
  // listmonk compiles the body as a Go template: "{{" must print as itself.
  literal: (out) => replaceOpeners(out, { '{{': '{{ "{{" }}' }),
};

export const listmonk: Provider = {
  id: 'listmonk',
  name: 'listmonk',
  dialect: listmonkDialect,
  envVars: ['LISTMONK_API_USER', 'LISTMONK_API_TOKEN'],
  defaultBaseUrl: null,
  templatesSubject: true,
  settings: [
    { key: 'list_ids', kind: 'ints', required: true, doc: 'the lists to send to' },
    { key: 'template_id', kind: 'int', doc: 'the campaign template: one holding only {{ template "content" . }}' },
    { key: 'from_email', kind: 'string', doc: 'the From address (default: from: of the config)' },
    { key: 'tags', kind: 'strings', doc: 'tags to mark the campaign with' },
  ],
  credentials(env) {
    const user = env.LISTMONK_API_USER?.trim();
    const token = env.LISTMONK_API_TOKEN?.trim();
    const missing = [...(user ? [] : ['LISTMONK_API_USER']), ...(token ? [] : ['LISTMONK_API_TOKEN'])];
    if (!user || !token)
      return { ok: false, missing, placeholder: { headers: { Authorization: 'Basic (LISTMONK_API_USER:LISTMONK_API_TOKEN)' }, secrets: [] } };
    const header = basicAuth(user, token);
    return { ok: true, credentials: { headers: { Authorization: header }, secrets: [token, header.slice('Basic '.length)] } };
  },
  readError: (status, json, text) => readListmonkError(status, json, text),
  client: (http) => new ListmonkClient(http),
  draftLink: (id, base) => `${base}/admin/campaigns/${encodeURIComponent(id)}`,
};

export function readListmonkError(_status: number, json: unknown, text: string): { message: string; field?: string | undefined } {
  const message = str(json, 'message') ?? (text.trim().slice(0, 200) || 'no details');
  // listmonk names the field in backquotes: "Invalid `from_email`."
  return { message, field: /`([a-z_]+)`/.exec(message)?.[1] };
}

const missing = (status: number, json: unknown): boolean => status === 404 || (status === 400 && /not found/i.test(str(json, 'message') ?? ''));

class ListmonkClient implements ProviderClient {
  constructor(private readonly http: Http) {}

  async read(id: string): Promise<RemoteDraft | null> {
    const r = await this.http.call({ method: 'GET', path: this.path(id), ok: [200], missing, idempotent: true });
    return r.missing ? null : this.toDraft(r, id);
  }

  async create(c: DraftContent, created: (d: RemoteDraft) => void): Promise<RemoteDraft> {
    const r = await this.http.call({ method: 'POST', path: '/api/campaigns', body: this.body(c), ok: [200], idempotent: false });
    const draft = this.toDraft(r);
    created(draft);
    return draft;
  }

  async update(current: RemoteDraft, c: DraftContent): Promise<RemoteDraft> {
    // listmonk keeps the fields a PUT leaves out: send_at (and so a schedule) stays as it was.
    const r = await this.http.call({ method: 'PUT', path: this.path(current.id), body: this.body(c), ok: [200], idempotent: true });
    return this.toDraft(r, current.id);
  }

  async schedule(current: RemoteDraft, at: string, c: DraftContent): Promise<void> {
    await this.http.call({ method: 'PUT', path: this.path(current.id), body: { ...this.body(c), send_at: at }, ok: [200], idempotent: true });
    if (current.state !== 'scheduled') await this.status(current.id, 'scheduled');
  }

  async sendNow(current: RemoteDraft): Promise<void> {
    // Only a draft (or paused) campaign can start running.
    if (current.state === 'scheduled') await this.status(current.id, 'draft');
    await this.status(current.id, 'running');
  }

  async test(current: RemoteDraft, to: string[], c: DraftContent): Promise<void> {
    // The test takes the campaign's fields, as the create does, and the addresses of existing subscribers.
    await this.http.call({ method: 'POST', path: `${this.path(current.id)}/test`, body: { ...this.body(c), subscribers: to }, ok: [200], idempotent: false });
  }

  private async status(id: string, status: 'scheduled' | 'running' | 'draft'): Promise<void> {
    await this.http.call({ method: 'PUT', path: `${this.path(id)}/status`, body: { status }, ok: [200], idempotent: status !== 'running' });
  }

  private body(c: DraftContent): Record<string, unknown> {
    const s = c.settings;
    const from =
      typeof s.from_email === 'string'
        ? s.from_email
        : c.sender.fromEmail
          ? c.sender.fromName
            ? `${c.sender.fromName} <${c.sender.fromEmail}>`
            : c.sender.fromEmail
          : null;
    return {
      name: c.name,
      subject: c.subject,
      lists: s.list_ids,
      type: 'regular',
      content_type: 'html',
      body: c.html,
      altbody: c.text,
      messenger: 'email',
      ...(from ? { from_email: from } : {}),
      ...(typeof s.template_id === 'number' ? { template_id: s.template_id } : {}),
      ...(Array.isArray(s.tags) ? { tags: s.tags } : {}),
    };
  }

  private path(id: string): string {
    return `/api/campaigns/${encodeURIComponent(id)}`;
  }

  private toDraft(r: HttpResult, id?: string): RemoteDraft {
    if (r.dryRun) return dryRunDraft(id);
    const data = obj(r.json, 'data');
    const cid = str(data, 'id');
    if (!cid) throw this.http.unexpected('a campaign without an id');
    const status = str(data, 'status') ?? 'unknown';
    // A paused campaign has gone out to part of the list: it counts as sending.
    const state = editableState(status, { draft: ['draft'], scheduled: ['scheduled'], sending: ['running', 'paused'] });
    return { id: cid, status, state, scheduledAt: state === 'scheduled' ? (str(data, 'send_at') ?? null) : null };
  }
}
