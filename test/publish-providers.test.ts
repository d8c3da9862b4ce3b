import { afterEach, describe, expect, it } from 'vitest';
import { NewsletterError, formatError } from '../src/problems/errors.js';
import { applyDialect, mergeTokens, newNonce } from '../src/render/mergeTags.js';
import { PROVIDERS } from '../src/publish/providers.js';
import { publishIssue, type PublishOptions, type PublishReport } from '../src/publish/publishIssue.js';
import { emptyState, entryFor, type PublishState } from '../src/publish/state.js';
import type { Settings } from '../src/publish/types.js';
import { FakeButtondown } from './helpers/esp/buttondown.js';
import { FakeKit } from './helpers/esp/kit.js';
import { FakeListmonk } from './helpers/esp/listmonk.js';
import { FakeMailchimp } from './helpers/esp/mailchimp.js';
import { startServer, type FakeServer, type Recorded } from './helpers/esp/server.js';

/** One provider's fake, with what the tests need to know about it. */
interface Harness {
  server: FakeServer;
  env: Record<string, string>;
  secret: string;
  settings: Settings;
  /** Mark a remote draft as sent from the service's own app. */
  markSent(id: string): void;
  /** Delete it there. */
  remove(id: string): void;
  /** The HTML the service holds for it now. */
  html(id: string): string | undefined;
  status(id: string): string | undefined;
  /** Test sends the fake received, as [id, recipients]. */
  tests(): [string, string[]][];
  isCreate(r: Recorded): boolean;
  createIsIdempotent: boolean;
  /** The error status a wrong key gets. */
  authStatus: number;
  /** A request the service refuses as invalid, and the field it names. */
  badSetting: { settings: Settings; field: string } | null;
}

const PROVIDERS_UNDER_TEST: Record<string, () => Promise<Harness>> = {
  kit: async () => {
    const f = await FakeKit.start();
    return {
      server: f.server,
      env: { KIT_API_KEY: f.key },
      secret: f.key,
      settings: { segment_ids: [18] },
      markSent: (id) => f.markSent(id),
      remove: (id) => f.delete(id),
      html: (id) => f.broadcasts.get(Number(id))?.content,
      status: (id) => f.broadcasts.get(Number(id))?.status,
      tests: () => [],
      isCreate: (r) => r.method === 'POST' && r.path === '/v4/broadcasts',
      createIsIdempotent: false,
      authStatus: 401,
      badSetting: null,
    };
  },
  buttondown: async () => {
    const f = await FakeButtondown.start();
    return {
      server: f.server,
      env: { BUTTONDOWN_API_KEY: f.key },
      secret: f.key,
      settings: {},
      markSent: (id) => f.markSent(id),
      remove: (id) => f.softDelete(id),
      html: (id) => f.emails.get(id)?.body,
      status: (id) => f.emails.get(id)?.status,
      tests: () => f.tests.map((t) => [t.id, t.recipients]),
      isCreate: (r) => r.method === 'POST' && r.path === '/v1/emails',
      createIsIdempotent: true,
      authStatus: 401,
      badSetting: null,
    };
  },
  mailchimp: async () => {
    const f = await FakeMailchimp.start();
    return {
      server: f.server,
      env: { MAILCHIMP_API_KEY: f.key },
      secret: f.key,
      settings: { list_id: 'a1b2c3', segment_id: 7 },
      markSent: (id) => f.markSent(id),
      remove: (id) => f.delete(id),
      html: (id) => f.campaigns.get(id)?.content.html,
      status: (id) => f.campaigns.get(id)?.status,
      tests: () => f.tests.map((t) => [t.id, t.emails]),
      isCreate: (r) => r.method === 'POST' && r.path === '/3.0/campaigns',
      createIsIdempotent: false,
      authStatus: 401,
      badSetting: { settings: { list_id: '  ' }, field: 'recipients.list_id' },
    };
  },
  listmonk: async () => {
    const f = await FakeListmonk.start();
    return {
      server: f.server,
      env: { LISTMONK_API_USER: f.user, LISTMONK_API_TOKEN: f.token },
      secret: f.token,
      settings: { list_ids: [3], template_id: 4 },
      markSent: (id) => f.markFinished(id),
      remove: (id) => f.delete(id),
      html: (id) => f.campaigns.get(Number(id))?.body,
      status: (id) => f.campaigns.get(Number(id))?.status,
      tests: () => f.tests.map((t) => [String(t.id), t.subscribers]),
      isCreate: (r) => r.method === 'POST' && r.path === '/api/campaigns',
      createIsIdempotent: false,
      authStatus: 403,
      badSetting: { settings: { list_ids: [3], from_email: 'The Quiet Build' }, field: 'from_email' },
    };
  },
};

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An issue rendered for `provider`: merge tags from its dialect, and author text that looks like template syntax. */
function rendered(
  provider: string,
  subject = 'Code review is a conversation',
): { slug: string; subject: string; preheader: string; html: string; text: string } {
  const nonce = newNonce();
  const t = mergeTokens(nonce);
  const d = PROVIDERS[provider as keyof typeof PROVIDERS].dialect;
  const html = `<html><body><p>Hi ${t.firstName('there')},</p><p>Author wrote {{ subscriber.email }} and *|EMAIL|*</p><a href="${t.unsubscribeUrl}">Unsubscribe</a></body></html>`;
  const text = `Hi ${t.firstName('there')},\nAuthor wrote {{ subscriber.email }}\nUnsubscribe: ${t.unsubscribeUrl}\n`;
  return {
    slug: '2026-10-28-code-review',
    subject,
    preheader: 'Reviews that teach',
    html: applyDialect(html, d, t, 'html'),
    text: applyDialect(text, d, t, 'text'),
  };
}

async function publish(
  id: string,
  h: Harness,
  state: PublishState,
  options: PublishOptions = {},
  extra: { env?: Record<string, string>; settings?: Settings; subject?: string } = {},
) {
  const sleeps: number[] = [];
  let saved: PublishState | null = null;
  const run = publishIssue({
    rendered: rendered(id, extra.subject),
    name: 'The Quiet Build: Code review',
    sender: { fromName: 'Maren Holloway', fromEmail: 'letters@example.com', replyTo: 'maren@example.com' },
    testTo: ['me@example.com'],
    config: { provider: id, apiUrl: h.server.url, settings: extra.settings ?? h.settings },
    env: extra.env ?? h.env,
    state,
    saveState: (s) => (saved = s),
    options: { retries: 2, backoffMs: 1, timeoutMs: 5000, sleep: async (ms) => void sleeps.push(ms), ...options },
  });
  return { run, sleeps, saved: () => saved };
}

async function fails(p: Promise<PublishReport>): Promise<NewsletterError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected publish to fail');
}

for (const [id, start] of Object.entries(PROVIDERS_UNDER_TEST)) {
  describe(`publish to ${id}`, () => {
    async function harness(): Promise<Harness> {
      const h = await start();
      servers.push(h.server);
      return h;
    }

    it('creates a draft with the dialect’s merge tags and the author’s template syntax made inert, and remembers its id', async () => {
      const h = await harness();
      const { run, saved } = await publish(id, h, emptyState());
      const report = await run;
      expect(report.action).toBe('created');
      expect(h.status(report.id)).toBe(id === 'mailchimp' ? 'save' : 'draft');
      const html = h.html(report.id)!;
      expect(html).toContain(`href="${PROVIDERS[id as keyof typeof PROVIDERS].dialect.unsubscribeUrl}"`);
      expect(html).toContain(PROVIDERS[id as keyof typeof PROVIDERS].dialect.firstName('there'));
      // The author's "{{ subscriber.email }}" (or "*|EMAIL|*" for Mailchimp) never reaches the service as live syntax.
      expect(html).not.toContain(id === 'mailchimp' ? '*|EMAIL|*' : '{{ subscriber.email }}');
      expect(html).toMatch(
        id === 'mailchimp'
          ? /Author wrote \{\{ subscriber\.email \}\} and \*&#124;EMAIL\|\*/
          : /Author wrote \{\{ ?["'{%][^}]*\}\}|Author wrote \{% templatetag openvariable %\}/,
      );
      expect(entryFor(saved()!, '2026-10-28-code-review', id)).toMatchObject({ id: report.id, state: 'draft' });
      expect(h.server.requests.filter(h.isCreate)).toHaveLength(1);
      for (const r of h.server.requests) expect(r.raw).not.toContain('undefined');
    });

    it('an author’s template syntax in the subject stays text where the service templates subjects', async () => {
      const h = await harness();
      const subject = id === 'mailchimp' ? 'Why *|FNAME|* matters' : 'Why {{ name }} matters';
      const report = await (await publish(id, h, emptyState(), {}, { subject })).run;
      const sent = JSON.stringify(h.server.requests.find(h.isCreate)?.body);
      expect(report.action).toBe('created');
      if (PROVIDERS[id as keyof typeof PROVIDERS].templatesSubject) expect(sent).not.toContain(subject);
      else expect(sent).toContain(subject);
    });

    it('updates the same draft on the next run instead of making a second one', async () => {
      const h = await harness();
      const first = await (await publish(id, h, emptyState())).run;
      const second = await (await publish(id, h, first.state, {}, { subject: 'Code review, revised' })).run;
      expect(second.action).toBe('updated');
      expect(second.id).toBe(first.id);
      expect(h.server.requests.filter(h.isCreate)).toHaveLength(1);
      expect(JSON.stringify(h.server.requests.at(-1)?.body ?? '') + JSON.stringify(h.server.writes().map((r) => r.body))).toContain('Code review, revised');
    });

    it('creates a new draft, saying so, when the remembered one was deleted in the service', async () => {
      const h = await harness();
      const first = await (await publish(id, h, emptyState())).run;
      h.remove(first.id);
      const again = await (await publish(id, h, first.state)).run;
      expect(again.action).toBe('recreated');
      expect(again.previousId).toBe(first.id);
      expect(again.id).not.toBe(first.id);
      expect(again.lines.join('\n')).toMatch(new RegExp(`${first.id}.*no longer exists`));
      expect(entryFor(again.state, '2026-10-28-code-review', id)?.id).toBe(again.id);
    });

    it('never touches a broadcast that was already sent, and remembers that it was', async () => {
      const h = await harness();
      const first = await (await publish(id, h, emptyState())).run;
      h.markSent(first.id);
      const writesBefore = h.server.writes().length;
      const { run, saved } = await publish(id, h, first.state);
      const e = await fails(run);
      expect(e.code).toBe('PUBLISH_ALREADY_SENT');
      expect(e.exitCode).toBe(65);
      expect(h.server.writes().length).toBe(writesBefore);
      expect(entryFor(saved()!, '2026-10-28-code-review', id)?.state).toBe('sent');
      // The next run refuses from the state file alone, without asking the service.
      const requestsBefore = h.server.requests.length;
      await fails((await publish(id, h, saved()!)).run);
      expect(h.server.requests.length).toBe(requestsBefore);
    });

    it('schedules it, and an update keeps the schedule', async () => {
      const h = await harness();
      const at = new Date(Date.UTC(2031, 0, 6, 7, 15)).toISOString();
      const report = await (await publish(id, h, emptyState(), { schedule: '2031-01-06T08:15:00+01:00' })).run;
      expect(report.scheduledAt).toBe(at);
      expect(h.status(report.id)).toBe(id === 'mailchimp' ? 'schedule' : 'scheduled');
      const again = await (await publish(id, h, report.state, {}, { subject: 'New subject' })).run;
      expect(again.action).toBe('updated');
      expect(h.status(report.id)).toBe(id === 'mailchimp' ? 'schedule' : 'scheduled');
      expect(entryFor(again.state, '2026-10-28-code-review', id)?.state).toBe('scheduled');
    });

    it('sends now only when asked, and then counts it as sending', async () => {
      const h = await harness();
      const report = await (await publish(id, h, emptyState(), { send: true })).run;
      expect(report.sent).toBe(true);
      expect(['sending', 'running', 'about_to_send']).toContain(h.status(report.id));
      expect(entryFor(report.state, '2026-10-28-code-review', id)?.state).toBe('sending');
    });

    it('asks the service for a test send of the draft where its API has one', async () => {
      const h = await harness();
      const { run } = await publish(id, h, emptyState(), { test: true });
      if (id === 'kit') {
        const e = await fails(run);
        expect(e.code).toBe('PUBLISH_UNSUPPORTED');
        expect(h.server.requests).toHaveLength(0);
        return;
      }
      const report = await run;
      expect(report.testedTo).toEqual(['me@example.com']);
      expect(h.tests()).toEqual([[report.id, ['me@example.com']]]);
    });

    it('a wrong key ends with exit 77, the service’s words, and never the key', async () => {
      const h = await harness();
      const env = Object.fromEntries(Object.entries(h.env).map(([k, v]) => [k, k.endsWith('USER') ? v : `${v}-wrong`]));
      const e = await fails((await publish(id, h, emptyState(), {}, { env })).run);
      expect(e.code).toBe('PUBLISH_AUTH');
      expect(e.exitCode).toBe(77);
      expect(e.message).toContain(String(h.authStatus));
      expect(e.message).toMatch(/nothing was created/);
      expect(formatError(e)).not.toContain(h.secret);
    });

    it('a missing key ends with exit 77 naming the variable, before any request', async () => {
      const h = await harness();
      const e = await fails((await publish(id, h, emptyState(), {}, { env: {} })).run);
      expect(e.code).toBe('PUBLISH_KEY_MISSING');
      expect(e.exitCode).toBe(77);
      expect(e.message).toContain(PROVIDERS[id as keyof typeof PROVIDERS].envVars[0]);
      expect(h.server.requests).toHaveLength(0);
    });

    it('a rejected request ends with exit 65 and the service’s message', async () => {
      const h = await harness();
      // Every service refuses an empty subject.
      if (h.badSetting) {
        const e = await fails((await publish(id, h, emptyState(), {}, { settings: h.badSetting.settings })).run);
        expect(e.code).toBe('PUBLISH_REJECTED');
        expect(e.exitCode).toBe(65);
        expect(e.message).toContain(h.badSetting.field);
      }
      h.server.fail(h.isCreate, { status: 422, body: errorBody(id, 'subject', 'Subject can’t be blank') });
      const e = await fails((await publish(id, h, emptyState())).run);
      expect(e.exitCode).toBe(65);
      expect(e.message).toContain('Subject can’t be blank');
      expect(e.message).toMatch(/nothing was created/);
    });

    it('429 with Retry-After is waited out (bounded) and retried', async () => {
      const h = await harness();
      h.server.fail(h.isCreate, { status: 429, body: errorBody(id, null, 'Too many requests'), headers: { 'Retry-After': '2' } });
      const { run, sleeps } = await publish(id, h, emptyState());
      const report = await run;
      expect(report.action).toBe('created');
      expect(sleeps).toEqual([2000]);
      expect(h.server.requests.filter(h.isCreate)).toHaveLength(2);
    });

    it('a Retry-After longer than the bound ends the run with exit 75 instead of waiting', async () => {
      const h = await harness();
      h.server.fail(h.isCreate, { status: 429, body: errorBody(id, null, 'Slow down'), headers: { 'Retry-After': '3600' } });
      const { run, sleeps } = await publish(id, h, emptyState(), { maxRetryAfterMs: 60_000 });
      const e = await fails(run);
      expect(e.exitCode).toBe(75);
      expect(e.message).toContain('3600 s');
      expect(sleeps).toEqual([]);
    });

    it('503 is retried with growing back-off, then exit 75 says what exists in the service', async () => {
      const h = await harness();
      const first = await (await publish(id, h, emptyState())).run;
      h.server.fail(() => true, { status: 503, body: errorBody(id, null, 'Service Unavailable') }, 10);
      const { run, sleeps } = await publish(id, h, first.state);
      const e = await fails(run);
      expect(e.code).toBe('PUBLISH_TEMPORARY');
      expect(e.exitCode).toBe(75);
      expect(sleeps).toEqual([1, 2]);
      expect(e.message).toContain(`has draft ${first.id} as it was before this run`);
    });

    it('a timeout is bounded: exit 75, and a create that may have arrived is not repeated unless the service deduplicates it', async () => {
      const h = await harness();
      h.server.fail(h.isCreate, 'hang', 5);
      // A timeout long enough that the request lands even on a busy machine; the server never answers.
      const e = await fails((await publish(id, h, emptyState(), { timeoutMs: 1000 })).run);
      expect(e.code).toBe('PUBLISH_TIMEOUT');
      expect(e.exitCode).toBe(75);
      expect(e.message).toContain(new URL(h.server.url).host);
      const creates = h.server.requests.filter(h.isCreate).length;
      // Never sent twice where the service cannot tell a repeat; tried again where it deduplicates.
      if (h.createIsIdempotent) expect(creates).toBeGreaterThanOrEqual(2);
      else expect(creates).toBeLessThanOrEqual(1);
    });
  });
}

describe('network failures', () => {
  it('connection refused: exit 69 with host and port, nothing sent', async () => {
    const s = await startServer(() => ({ status: 200 }));
    const url = s.url;
    await s.close();
    const e = await fails(
      publishIssue({
        rendered: rendered('kit'),
        name: 'x',
        sender: { fromName: null, fromEmail: null, replyTo: null },
        testTo: [],
        config: { provider: 'kit', apiUrl: url, settings: {} },
        env: { KIT_API_KEY: 'k-123456' },
        state: emptyState(),
        options: { retries: 2, backoffMs: 1, sleep: async () => {} },
      }),
    );
    expect(e.code).toBe('PUBLISH_CONNECTION');
    expect(e.exitCode).toBe(69);
    expect(e.message).toContain(new URL(url).host);
    expect(e.message).toContain('ECONNREFUSED');
  });
});

/** An error body in the provider's documented shape. */
function errorBody(id: string, field: string | null, message: string): unknown {
  switch (id) {
    case 'kit':
      return { errors: [message] };
    case 'buttondown':
      return field ? { detail: [{ type: 'value_error', loc: ['body', 'payload', field], msg: message }] } : { detail: message };
    case 'mailchimp':
      return {
        type: 'https://mailchimp.com/developer/marketing/docs/errors/',
        title: 'Invalid Resource',
        status: 400,
        detail: message,
        instance: 'x',
        ...(field ? { errors: [{ field, message }] } : {}),
      };
    default:
      return { message };
  }
}
