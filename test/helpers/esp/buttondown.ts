import { checkBody, segments, startServer, type FakeServer, type Recorded, type Reply, type Schema } from './server.js';

/**
 * Buttondown's emails API as its OpenAPI document describes it:
 * Authorization: Token <key>; POST /v1/emails (EmailInput, additionalProperties
 * false, subject required) → 201; GET/PATCH /v1/emails/{id} → 200, 404 {detail};
 * POST /v1/emails/{id}/send-draft (SendDraftInput) → 200; 401 {detail};
 * 422 {detail: [{type, loc, msg}]}; 400 {code, detail, metadata: {field}};
 * X-Idempotency-Key answers a repeated create once.
 */
const STATUSES = [
  'draft',
  'managed_by_rss',
  'about_to_send',
  'scheduled',
  'in_flight',
  'paused',
  'deleted',
  'errored',
  'sent',
  'imported',
  'throttled',
  'resending',
  'transactional',
  'suppressed',
] as const;
const TEMPLATES = ['classic', 'custom', 'modern', 'plaintext', 'naked'] as const;

const INPUT: Schema = {
  required: ['subject'],
  props: {
    attachments: 'string[]',
    publish_date: 'string?',
    subject: 'string',
    slug: 'string?',
    description: 'string',
    canonical_url: 'string',
    image: 'string',
    body: 'string',
    archival_mode: ['archive_only', 'disabled', 'enabled', 'enabled_for_paid_subscribers', 'enabled_for_subscribers'],
    email_type: ['public', 'private', 'premium', 'free', 'churned', 'archival'],
    status: STATUSES,
    metadata: 'object',
    secondary_id: 'int',
    filters: 'object',
    template: TEMPLATES,
    commenting_mode: 'any',
    related_email_ids: 'string[]',
    featured: 'bool',
    should_trigger_pay_per_email_billing: 'bool',
  },
  closed: true,
};
const UPDATE: Schema = { props: { ...INPUT.props, subject: 'string', suppression_reason: 'any' }, closed: true };
const SEND_DRAFT: Schema = { props: { subscribers: 'string[]', recipients: 'string[]' }, closed: true };

export interface ButtondownEmail {
  id: string;
  subject: string;
  body: string;
  description: string;
  status: string;
  template: string | null;
  publish_date: string | null;
}

export class FakeButtondown {
  readonly emails = new Map<string, ButtondownEmail>();
  readonly tests: { id: string; recipients: string[] }[] = [];
  private readonly idempotent = new Map<string, Reply>();
  private next = 1;

  constructor(
    readonly server: FakeServer,
    readonly key: string,
  ) {}

  static async start(key = 'bd-secret-key-456'): Promise<FakeButtondown> {
    let fake: FakeButtondown | null = null;
    const server = await startServer((r) => fake!.route(r));
    fake = new FakeButtondown(server, key);
    return fake;
  }

  route(r: Recorded): Reply {
    if (r.headers.authorization !== `Token ${this.key}`) return { status: 401, body: { detail: 'Invalid token.' } };
    const seg = segments(r.path, '/v1/emails');
    if (!seg) return { status: 404, body: { detail: 'Not found.' } };
    if (seg.length === 0 && r.method === 'POST') {
      const key = r.headers['x-idempotency-key'];
      const seen = key ? this.idempotent.get(key) : undefined;
      if (seen) return seen;
      const reply = this.create(r.body);
      if (key && reply.status === 201) this.idempotent.set(key, reply);
      return reply;
    }
    const e = this.emails.get(seg[0] ?? '');
    if (!e) return { status: 404, body: { detail: 'Not found.' } };
    if (seg.length === 1 && r.method === 'GET') return { status: 200, body: e };
    if (seg.length === 1 && r.method === 'PATCH') return this.update(e, r.body);
    if (seg.length === 2 && seg[1] === 'send-draft' && r.method === 'POST') {
      const p = checkBody(r.body, SEND_DRAFT);
      if (p) return invalid(p.field, p.message);
      this.tests.push({ id: e.id, recipients: (r.body as { recipients: string[] }).recipients });
      return { status: 200 };
    }
    return { status: 404, body: { detail: 'Not found.' } };
  }

  private create(body: unknown): Reply {
    const p = checkBody(body, INPUT);
    if (p) return invalid(p.field, p.message, p.problem);
    const b = body as Record<string, unknown>;
    const id = `em_${String(this.next++).padStart(26, '0')}`;
    const e: ButtondownEmail = {
      id,
      subject: b.subject as string,
      body: (b.body as string | undefined) ?? '',
      description: (b.description as string | undefined) ?? '',
      // The documented default: an email created without a status goes out.
      status: (b.status as string | undefined) ?? 'about_to_send',
      template: (b.template as string | undefined) ?? null,
      publish_date: (b.publish_date as string | undefined) ?? null,
    };
    this.emails.set(id, e);
    return { status: 201, body: e };
  }

  private update(e: ButtondownEmail, body: unknown): Reply {
    const p = checkBody(body, UPDATE);
    if (p) return invalid(p.field, p.message, p.problem);
    if (e.status !== 'draft' && e.status !== 'scheduled')
      return { status: 400, body: { code: 'status_invalid', detail: 'This email has already been sent.', metadata: { field: 'status' } } };
    const b = body as Partial<ButtondownEmail>;
    if (b.status === 'scheduled' && !b.publish_date && !e.publish_date) {
      return {
        status: 400,
        body: { code: 'publish_date_missing', detail: 'A publish date is required to schedule an email.', metadata: { field: 'publish_date' } },
      };
    }
    Object.assign(e, body);
    return { status: 200, body: e };
  }

  markSent(id: string): void {
    this.emails.get(id)!.status = 'sent';
  }

  /** Buttondown keeps a deleted email, with the status "deleted". */
  softDelete(id: string): void {
    this.emails.get(id)!.status = 'deleted';
  }
}

function invalid(field: string, msg: string, type = 'invalid'): Reply {
  return { status: 422, body: { detail: [{ type: type === 'extra' ? 'extra_forbidden' : type, loc: ['body', 'payload', field], msg }] } };
}
