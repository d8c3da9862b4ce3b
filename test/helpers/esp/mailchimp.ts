import { checkBody, segments, startServer, type FakeServer, type Recorded, type Reply, type Schema } from './server.js';

/**
 * Mailchimp Marketing API 3.0 campaigns, as mailchimp.com/developer and the
 * SDKs generated from its definition describe them: HTTP Basic (any user,
 * the key as password); POST /3.0/campaigns → 200; GET/PATCH → 200;
 * PUT /content → 200; POST /actions/{schedule,unschedule,test,send} → 204;
 * errors are application/problem+json {type, title, status, detail, instance, errors?}.
 */
const SETTINGS: Schema = {
  props: {
    subject_line: 'string',
    preview_text: 'string',
    title: 'string',
    from_name: 'string',
    reply_to: 'string',
    folder_id: 'string',
    auto_footer: 'bool',
    inline_css: 'bool',
    template_id: 'int',
    to_name: 'string',
    authenticate: 'bool',
  },
  closed: true,
};
const CAMPAIGN: Schema = {
  required: ['type'],
  props: { type: ['regular', 'plaintext', 'absplit', 'rss', 'variate'], recipients: 'object', settings: 'object', tracking: 'object' },
  closed: true,
};
const RECIPIENTS: Schema = { required: ['list_id'], props: { list_id: 'nonempty', segment_opts: 'object' }, closed: true };
const CONTENT: Schema = { props: { html: 'string', plain_text: 'string', archive_html: 'string', url: 'string' }, closed: true };
const SCHEDULE: Schema = { required: ['schedule_time'], props: { schedule_time: 'string', timewarp: 'bool', batch_delivery: 'object' }, closed: true };
const TEST: Schema = { required: ['test_emails', 'send_type'], props: { test_emails: 'string[]', send_type: ['html', 'plaintext'] }, closed: true };

export interface McCampaign {
  id: string;
  type: string;
  status: string;
  send_time: string;
  recipients: Record<string, unknown>;
  settings: Record<string, unknown>;
  content: { html: string; plain_text: string };
}

export class FakeMailchimp {
  readonly campaigns = new Map<string, McCampaign>();
  readonly tests: { id: string; emails: string[] }[] = [];
  private next = 1;

  constructor(
    readonly server: FakeServer,
    readonly key: string,
  ) {}

  static async start(key = 'mc0123456789abcdef-us6'): Promise<FakeMailchimp> {
    let fake: FakeMailchimp | null = null;
    const server = await startServer((r) => fake!.route(r));
    fake = new FakeMailchimp(server, key);
    return fake;
  }

  route(r: Recorded): Reply {
    const auth = r.headers.authorization ?? '';
    const password = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':') : '';
    if (password !== this.key) return problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    const seg = segments(r.path, '/3.0/campaigns');
    if (!seg) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    if (seg.length === 0 && r.method === 'POST') return this.create(r.body);
    const c = this.campaigns.get(seg[0] ?? '');
    if (!c) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    const [, sub, action] = seg;
    if (!sub && r.method === 'GET') return { status: 200, body: view(c) };
    if (!sub && r.method === 'PATCH') return this.patch(c, r.body);
    if (sub === 'content' && r.method === 'PUT') return this.content(c, r.body);
    if (sub === 'actions' && r.method === 'POST') return this.action(c, action ?? '', r.body);
    return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
  }

  private create(body: unknown): Reply {
    const bad = validate(body);
    if (bad) return bad;
    const b = body as Record<string, Record<string, unknown>>;
    const id = `c${String(this.next++).padStart(9, '0')}`;
    const c: McCampaign = {
      id,
      type: 'regular',
      status: 'save',
      send_time: '',
      recipients: b.recipients ?? {},
      settings: b.settings ?? {},
      content: { html: '', plain_text: '' },
    };
    this.campaigns.set(id, c);
    return { status: 200, body: view(c) };
  }

  private patch(c: McCampaign, body: unknown): Reply {
    if (c.status !== 'save') return problem(400, 'Bad Request', `This campaign cannot be updated because it is in the '${c.status}' state.`);
    const bad = validate(body, false);
    if (bad) return bad;
    const b = body as Record<string, Record<string, unknown>>;
    if (b.recipients) c.recipients = b.recipients;
    if (b.settings) c.settings = { ...c.settings, ...b.settings };
    return { status: 200, body: view(c) };
  }

  private content(c: McCampaign, body: unknown): Reply {
    if (c.status !== 'save') return problem(400, 'Bad Request', 'The content of this campaign cannot be changed now.');
    const p = checkBody(body, CONTENT);
    if (p) return invalidResource(p.field, p.message);
    Object.assign(c.content, body);
    return { status: 200, body: { html: c.content.html, plain_text: c.content.plain_text } };
  }

  private action(c: McCampaign, name: string, body: unknown): Reply {
    if (name === 'unschedule') {
      if (c.status !== 'schedule') return problem(400, 'Bad Request', 'This campaign is not scheduled.');
      c.status = 'save';
      c.send_time = '';
      return { status: 204 };
    }
    if (c.status !== 'save') return problem(400, 'Bad Request', `This campaign is in the '${c.status}' state.`);
    if (name === 'schedule') {
      const p = checkBody(body, SCHEDULE);
      if (p) return invalidResource(p.field, p.message);
      const t = new Date((body as { schedule_time: string }).schedule_time);
      if (Number.isNaN(t.getTime()) || t.getUTCMinutes() % 15 !== 0) return invalidResource('schedule_time', 'Schedule time must be on the quarter-hour');
      c.status = 'schedule';
      c.send_time = t.toISOString();
      return { status: 204 };
    }
    if (name === 'test') {
      const p = checkBody(body, TEST);
      if (p) return invalidResource(p.field, p.message);
      this.tests.push({ id: c.id, emails: (body as { test_emails: string[] }).test_emails });
      return { status: 204 };
    }
    if (name === 'send') {
      if (!c.content.html.includes('*|UNSUB|*')) return problem(400, 'Bad Request', 'Your campaign is missing the *|UNSUB|* merge tag.');
      c.status = 'sending';
      return { status: 204 };
    }
    return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
  }

  markSent(id: string): void {
    this.campaigns.get(id)!.status = 'sent';
  }

  delete(id: string): void {
    this.campaigns.delete(id);
  }
}

function validate(body: unknown, create = true): Reply | null {
  const p = checkBody(body, create ? CAMPAIGN : { ...CAMPAIGN, required: [] });
  if (p) return invalidResource(p.field, p.message);
  const b = body as Record<string, unknown>;
  if (b.recipients !== undefined) {
    const q = checkBody(b.recipients, RECIPIENTS);
    if (q) return invalidResource(`recipients.${q.field}`, q.message);
  }
  if (b.settings !== undefined) {
    const q = checkBody(b.settings, SETTINGS);
    if (q) return invalidResource(`settings.${q.field}`, q.message);
  }
  return null;
}

function view(c: McCampaign): Record<string, unknown> {
  return { id: c.id, type: c.type, status: c.status, send_time: c.send_time, recipients: c.recipients, settings: c.settings };
}

function problem(status: number, title: string, detail: string): Reply {
  return {
    status,
    body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'b1e3c6f0-0000-4000-8000-000000000000' },
    headers: { 'Content-Type': 'application/problem+json' },
  };
}

function invalidResource(field: string, message: string): Reply {
  const r = problem(400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.");
  (r.body as Record<string, unknown>).errors = [{ field, message }];
  return r;
}
