/**
 * Mailchimp Marketing API 3.0: campaigns, campaign content and actions.
 * Source: mailchimp.com/developer/marketing/api (Campaigns, Campaign Content,
 * Errors), read through the SDKs Mailchimp generates from its API definition
 * (mailchimp/mailchimp-marketing-typescript-sdk, mailchimp-client-lib-codegen).
 *   POST /campaigns → 200; GET|PATCH /campaigns/{id} → 200; PUT /campaigns/{id}/content → 200;
 *   POST /campaigns/{id}/actions/{schedule,unschedule,test,send} → 204;
 *   errors application/problem+json {type, title, status, detail, instance, errors: [{field, message}]}.
 * Auth is HTTP Basic with any user name and the key as password; the key's
 * suffix (…-us6) names the data centre: https://us6.api.mailchimp.com/3.0.
 * publish.api_url, when set, replaces https://us6.api.mailchimp.com.
 */
import { fallbackOrThrow } from '../render/mergeTags.js';
import { basicAuth, obj, str, type Http, type HttpResult } from './http.js';
import { dryRunDraft, editableState } from './remote.js';
import type { Dialect, DraftContent, Provider, ProviderClient, RemoteDraft } from './types.js';

export const mailchimpDialect: Dialect = {
  unsubscribeUrl: '*|UNSUB|*',
  preferencesUrl: '*|UPDATE_PROFILE|*',
  webVersionUrl: '*|ARCHIVE|*',
  address: '*|LIST:ADDRESSLINE|*',
  firstName: (fallback) => `*|IF:FNAME|**|FNAME|**|ELSE:|*${fallbackOrThrow(fallback)}*|END:IF|*`,
  // Mailchimp merges *|...|* anywhere; an author's "*|" must not open one.
  literal: (out, kind) => out.split('*|').join(kind === 'html' ? '*&#124;' : '*\u200B|'),
};

export const mailchimp: Provider = {
  id: 'mailchimp',
  name: 'Mailchimp',
  dialect: mailchimpDialect,
  envVars: ['MAILCHIMP_API_KEY'],
  defaultBaseUrl: null,
  templatesSubject: true,
  settings: [
    { key: 'list_id', kind: 'string', required: true, doc: 'the audience (list) id to send to' },
    { key: 'segment_id', kind: 'int', doc: 'a saved segment of that audience' },
    { key: 'from_name', kind: 'string', doc: 'the From name (default: the name in from: of the config)' },
    { key: 'reply_to', kind: 'string', doc: 'the reply-to address (default: reply_to:, else the from: address)' },
    { key: 'folder_id', kind: 'string', doc: 'the campaign folder' },
  ],
  credentials(env) {
    const key = env.MAILCHIMP_API_KEY?.trim();
    if (!key) {
      return {
        ok: false,
        missing: ['MAILCHIMP_API_KEY'],
        placeholder: { headers: { Authorization: 'Basic (MAILCHIMP_API_KEY)' }, secrets: [], baseUrl: 'https://<dc>.api.mailchimp.com' },
      };
    }
    const header = basicAuth('newsletter', key);
    const dc = /-([a-z]{2,4}\d{1,3})$/.exec(key)?.[1];
    return {
      ok: true,
      credentials: {
        headers: { Authorization: header },
        secrets: [key, header.slice('Basic '.length)],
        baseUrl: dc ? `https://${dc}.api.mailchimp.com` : undefined,
      },
    };
  },
  checkSchedule: (at) =>
    at.getUTCMinutes() % 15 === 0 && at.getUTCSeconds() === 0 && at.getUTCMilliseconds() === 0
      ? null
      : 'Mailchimp schedules only on the quarter-hour (:00, :15, :30, :45)',
  readError: (status, json, text) => readMailchimpError(status, json, text),
  client: (http) => new MailchimpClient(http),
  draftLink: () => null,
};

export function readMailchimpError(_status: number, json: unknown, text: string): { message: string; field?: string | undefined } {
  const errors = obj(json, 'errors');
  const detail = str(json, 'detail') ?? str(json, 'title');
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as Record<string, unknown>;
    return { message: errors.map((e) => str(e, 'message') ?? JSON.stringify(e)).join('; '), field: str(first, 'field') || undefined };
  }
  return { message: detail ?? (text.trim().slice(0, 200) || 'no details') };
}

class MailchimpClient implements ProviderClient {
  constructor(private readonly http: Http) {}

  async read(id: string): Promise<RemoteDraft | null> {
    const r = await this.http.call({ method: 'GET', path: this.path(id), ok: [200], missing: (s) => s === 404, idempotent: true });
    return r.missing ? null : this.toDraft(r, id);
  }

  async create(c: DraftContent, created: (d: RemoteDraft) => void): Promise<RemoteDraft> {
    const r = await this.http.call({ method: 'POST', path: '/3.0/campaigns', body: { type: 'regular', ...this.settings(c) }, ok: [200], idempotent: false });
    const draft = this.toDraft(r);
    // The campaign exists from here on, even if setting its content fails.
    created(draft);
    await this.content(draft.id, c);
    return draft;
  }

  async update(current: RemoteDraft, c: DraftContent): Promise<RemoteDraft> {
    // A scheduled campaign can't be edited: unschedule, edit, schedule again for the same time.
    if (current.state === 'scheduled') await this.action(current.id, 'unschedule');
    const r = await this.http.call({ method: 'PATCH', path: this.path(current.id), body: this.settings(c), ok: [200], idempotent: true });
    await this.content(current.id, c);
    if (current.state === 'scheduled' && current.scheduledAt) await this.action(current.id, 'schedule', { schedule_time: current.scheduledAt });
    return { ...this.toDraft(r, current.id), ...(current.state === 'scheduled' ? { state: 'scheduled', scheduledAt: current.scheduledAt } : {}) };
  }

  async schedule(current: RemoteDraft, at: string): Promise<void> {
    if (current.state === 'scheduled') await this.action(current.id, 'unschedule');
    await this.action(current.id, 'schedule', { schedule_time: at });
  }

  async sendNow(current: RemoteDraft): Promise<void> {
    if (current.state === 'scheduled') await this.action(current.id, 'unschedule');
    await this.action(current.id, 'send');
  }

  async test(current: RemoteDraft, to: string[]): Promise<void> {
    await this.action(current.id, 'test', { test_emails: to, send_type: 'html' });
  }

  private async content(id: string, c: DraftContent): Promise<void> {
    await this.http.call({ method: 'PUT', path: `${this.path(id)}/content`, body: { html: c.html, plain_text: c.text }, ok: [200], idempotent: true });
  }

  private async action(id: string, name: 'schedule' | 'unschedule' | 'test' | 'send', body?: unknown): Promise<void> {
    await this.http.call({
      method: 'POST',
      path: `${this.path(id)}/actions/${name}`,
      ...(body === undefined ? {} : { body }),
      ok: [204],
      idempotent: name !== 'send' && name !== 'test',
    });
  }

  private settings(c: DraftContent): Record<string, unknown> {
    const s = c.settings;
    return {
      recipients: { list_id: s.list_id, ...(typeof s.segment_id === 'number' ? { segment_opts: { saved_segment_id: s.segment_id } } : {}) },
      settings: {
        subject_line: c.subject,
        preview_text: c.preheader,
        title: c.name,
        ...optional('from_name', s.from_name ?? c.sender.fromName),
        ...optional('reply_to', s.reply_to ?? c.sender.replyTo ?? c.sender.fromEmail),
        ...optional('folder_id', s.folder_id),
        // Our footer carries the unsubscribe link and address: Mailchimp's own would repeat them.
        auto_footer: false,
      },
    };
  }

  private path(id: string): string {
    return `/3.0/campaigns/${encodeURIComponent(id)}`;
  }

  private toDraft(r: HttpResult, id?: string): RemoteDraft {
    if (r.dryRun) return dryRunDraft(id);
    const cid = str(r.json, 'id');
    if (!cid) throw this.http.unexpected('a campaign without an id');
    const status = str(r.json, 'status') ?? 'unknown';
    const state = editableState(status, { draft: ['save'], scheduled: ['schedule'], sending: ['sending'] });
    return { id: cid, status, state, scheduledAt: state === 'scheduled' ? (str(r.json, 'send_time') ?? null) : null };
  }
}

function optional(key: string, v: unknown): Record<string, unknown> {
  return typeof v === 'string' && v ? { [key]: v } : {};
}
