import { checkBody, segments, startServer, type FakeServer, type Recorded, type Reply, type Schema } from './server.js';

/**
 * listmonk's campaigns API as its docs (docs/docs/content/apis/campaigns.md)
 * and handlers (cmd/campaigns.go, internal/auth) describe it: Basic auth with
 * an API user and token, 403 {"message": "invalid API credentials"} when wrong;
 * POST /api/campaigns → 200 {data}; GET/PUT /api/campaigns/{id} → 200 {data};
 * a missing id → 400 {"message": "Campaign not found"}; PUT .../status with the
 * documented transitions; POST .../test with the campaign fields and subscribers.
 */
const FIELDS: Schema = {
  required: ['name', 'subject', 'lists', 'type', 'content_type', 'body'],
  props: {
    name: 'string',
    subject: 'string',
    lists: 'int[]',
    from_email: 'string',
    type: ['regular', 'optin'],
    content_type: ['richtext', 'html', 'markdown', 'plain', 'visual'],
    body: 'string',
    body_source: 'string?',
    altbody: 'string',
    send_at: 'string?',
    messenger: 'string',
    template_id: 'int',
    tags: 'string[]',
    headers: 'any',
    attribs: 'object',
    media: 'int[]',
    archive: 'bool',
    subscribers: 'string[]',
  },
};

export interface LmCampaign {
  id: number;
  name: string;
  subject: string;
  lists: number[];
  body: string;
  altbody: string;
  content_type: string;
  template_id: number | null;
  send_at: string | null;
  status: string;
  from_email: string;
}

export class FakeListmonk {
  readonly campaigns = new Map<number, LmCampaign>();
  readonly tests: { id: number; subscribers: string[] }[] = [];
  private next = 1;

  constructor(
    readonly server: FakeServer,
    readonly user: string,
    readonly token: string,
  ) {}

  static async start(user = 'publisher', token = 'lm-secret-token-789'): Promise<FakeListmonk> {
    let fake: FakeListmonk | null = null;
    const server = await startServer((r) => fake!.route(r));
    fake = new FakeListmonk(server, user, token);
    return fake;
  }

  route(r: Recorded): Reply {
    if (r.headers.authorization !== `Basic ${Buffer.from(`${this.user}:${this.token}`).toString('base64')}`)
      return { status: 403, body: { message: 'invalid API credentials' } };
    const seg = segments(r.path, '/api/campaigns');
    if (!seg) return { status: 404, body: { message: 'Not Found' } };
    if (seg.length === 0 && r.method === 'POST') return this.create(r.body);
    const c = this.campaigns.get(Number(seg[0]));
    if (!c) return { status: 400, body: { message: 'Campaign not found' } };
    if (seg.length === 1 && r.method === 'GET') return { status: 200, body: { data: c } };
    if (seg.length === 1 && r.method === 'PUT') return this.update(c, r.body);
    if (seg[1] === 'status' && r.method === 'PUT') return this.status(c, (r.body as { status?: string }).status ?? '');
    if (seg[1] === 'test' && r.method === 'POST') {
      const bad = this.invalid({ ...c, ...(r.body as object) });
      if (bad) return bad;
      const subs = (r.body as { subscribers?: string[] }).subscribers ?? [];
      if (subs.length === 0) return { status: 400, body: { message: 'There are no subscribers to target.' } };
      this.tests.push({ id: c.id, subscribers: subs });
      return { status: 200, body: { data: true } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private create(body: unknown): Reply {
    const bad = this.invalid(body);
    if (bad) return bad;
    const b = body as Partial<LmCampaign>;
    const c: LmCampaign = {
      id: this.next++,
      name: b.name!,
      subject: b.subject!,
      lists: b.lists!,
      body: b.body!,
      altbody: b.altbody ?? '',
      content_type: b.content_type!,
      template_id: b.template_id ?? 1,
      send_at: b.send_at ?? null,
      // "Newly created campaigns are always drafts."
      status: 'draft',
      from_email: b.from_email ?? 'listmonk <noreply@listmonk.yoursite.com>',
    };
    this.campaigns.set(c.id, c);
    return { status: 200, body: { data: c } };
  }

  private update(c: LmCampaign, body: unknown): Reply {
    if (!['draft', 'paused', 'scheduled'].includes(c.status)) return { status: 400, body: { message: 'Cannot update a running or a finished campaign.' } };
    // listmonk binds the request over the stored campaign: fields left out keep their values.
    const merged = { ...c, ...(body as object) };
    const bad = this.invalid(merged);
    if (bad) return bad;
    Object.assign(c, merged);
    return { status: 200, body: { data: c } };
  }

  private status(c: LmCampaign, to: string): Reply {
    const from = c.status;
    const allowed: Record<string, string[]> = {
      draft: ['scheduled'],
      scheduled: ['draft', 'paused'],
      running: ['paused', 'draft'],
      paused: ['running'],
      cancelled: ['running', 'paused'],
    };
    if (!allowed[to]?.includes(from)) return { status: 400, body: { message: `Cannot change status from ${from} to ${to}.` } };
    if (to === 'scheduled' && !c.send_at) return { status: 400, body: { message: 'Campaign needs a `send_at` date to be scheduled.' } };
    c.status = to;
    return { status: 200, body: { data: c } };
  }

  private invalid(body: unknown): Reply | null {
    const p = checkBody(body, FIELDS);
    if (p) return { status: 400, body: { message: p.field === 'lists' ? 'Invalid list IDs.' : `Invalid \`${p.field}\`.` } };
    const b = body as LmCampaign;
    if (b.from_email !== undefined && !/[^@\s<]+@[^@\s>]+>?$/.test(b.from_email)) return { status: 400, body: { message: 'Invalid `from_email`.' } };
    if (!b.subject.trim()) return { status: 400, body: { message: 'Invalid length for subject.' } };
    if (b.lists.length === 0) return { status: 400, body: { message: 'Invalid list IDs.' } };
    if (b.send_at && Date.parse(b.send_at) < Date.now()) return { status: 400, body: { message: 'Scheduled date should be in the future.' } };
    // What listmonk's Go template compiler would refuse here: an action that is none of the tags we use.
    const actions =
      b.body
        .split('{{ "{{" }}')
        .join('')
        .match(/\{\{[^}]*\}\}|\{\{/g) ?? [];
    if (actions.some((a) => !/^\{\{ (UnsubscribeURL|ManageURL|MessageURL|\.Subscriber\.FirstName \| default "[^"]*") \}\}$/.test(a))) {
      return { status: 400, body: { message: 'Error compiling campaign body: template: unknown function' } };
    }
    return null;
  }

  markFinished(id: string | number): void {
    this.campaigns.get(Number(id))!.status = 'finished';
  }

  delete(id: string | number): void {
    this.campaigns.delete(Number(id));
  }
}
