import { checkBody, segments, startServer, type FakeServer, type Recorded, type Reply, type Schema } from './server.js';

/**
 * Kit API v4 broadcasts, as developers.kit.com/api-reference documents them:
 * X-Kit-Api-Key; POST /v4/broadcasts → 201 {broadcast}; GET/PUT /v4/broadcasts/{id};
 * 401 {"errors": ["The access token is invalid"]}, 404 {"errors": ["Not Found"]},
 * 422 {"errors": [...]} for invalid parameters or a broadcast already sending.
 */
export interface KitBroadcast {
  id: number;
  subject: string;
  preview_text: string;
  content: string;
  description: string;
  public: boolean;
  send_at: string | null;
  status: string;
  email_template_id?: number;
  subscriber_filter?: unknown;
}

const FILTER_ITEM: Schema = { required: ['type', 'ids'], props: { type: ['segment', 'tag'], ids: 'int[]' }, closed: true };

// The fields we always send are checked as required; the rest of the documented body as optional, by type.
const BODY: Schema = {
  required: ['subject', 'content', 'description', 'public', 'preview_text'],
  props: {
    email_template_id: 'int',
    email_address: 'string?',
    content: 'string',
    description: 'string',
    public: 'bool',
    published_at: 'string',
    send_at: 'string?',
    thumbnail_alt: 'string?',
    thumbnail_url: 'string?',
    preview_text: 'string',
    subject: 'string',
    subscriber_filter: 'any',
  },
  closed: true,
};

export class FakeKit {
  readonly broadcasts = new Map<number, KitBroadcast>();
  private next = 100;

  constructor(
    readonly server: FakeServer,
    readonly key: string,
  ) {}

  static async start(key = 'kit-secret-key-123'): Promise<FakeKit> {
    let fake: FakeKit | null = null;
    const server = await startServer((r) => fake!.route(r));
    fake = new FakeKit(server, key);
    return fake;
  }

  route(r: Recorded): Reply {
    if (r.headers['x-kit-api-key'] !== this.key) return { status: 401, body: { errors: ['The access token is invalid'] } };
    const seg = segments(r.path, '/v4/broadcasts');
    if (!seg) return { status: 404, body: { errors: ['Not Found'] } };
    if (seg.length === 0 && r.method === 'POST') return this.create(r.body);
    const id = Number(seg[0]);
    const b = this.broadcasts.get(id);
    if (seg.length !== 1 || !b) return { status: 404, body: { errors: ['Not Found'] } };
    if (r.method === 'GET') return { status: 200, body: { broadcast: b } };
    if (r.method === 'PUT') return this.update(b, r.body);
    return { status: 404, body: { errors: ['Not Found'] } };
  }

  private create(body: unknown): Reply {
    const problem = this.invalid(body);
    if (problem) return { status: 422, body: { errors: [problem] } };
    const b = { id: this.next++, ...(body as object), status: 'draft' } as KitBroadcast;
    b.send_at ??= null;
    b.status = statusFor(b.send_at);
    this.broadcasts.set(b.id, b);
    return { status: 201, body: { broadcast: b } };
  }

  private update(b: KitBroadcast, body: unknown): Reply {
    if (b.status !== 'draft' && b.status !== 'scheduled') return { status: 422, body: { errors: ['Broadcast is already sending.'] } };
    const problem = this.invalid(body);
    if (problem) return { status: 422, body: { errors: [problem] } };
    Object.assign(b, body);
    b.status = statusFor(b.send_at);
    return { status: 200, body: { broadcast: b } };
  }

  private invalid(body: unknown): string | null {
    const p = checkBody(body, BODY);
    if (p) return p.problem === 'missing' ? `${p.field} can't be blank` : `${p.field} is invalid`;
    const filter = (body as Record<string, unknown>).subscriber_filter;
    if (filter !== undefined) {
      if (!Array.isArray(filter) || filter.length !== 1) return 'Only a single filter group is supported. Use one of `all`, `any`, or `none`.';
      const group = filter[0] as Record<string, unknown>;
      if (!Array.isArray(group.all) || group.all.some((i) => checkBody(i, FILTER_ITEM))) return 'subscriber_filter is invalid';
    }
    return null;
  }

  /** The broadcast went out (as if sent from Kit's app). */
  markSent(id: string | number): void {
    this.broadcasts.get(Number(id))!.status = 'completed';
  }

  delete(id: string | number): void {
    this.broadcasts.delete(Number(id));
  }
}

/** Kit reads a send_at in the past or now as "send now". */
function statusFor(sendAt: string | null): string {
  if (sendAt === null) return 'draft';
  return Date.parse(sendAt) > Date.now() + 1000 ? 'scheduled' : 'sending';
}
