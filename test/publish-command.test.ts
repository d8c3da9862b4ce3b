import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { publish, type PublishIo } from '../src/commands/publish.js';
import { NewsletterError, type Warning } from '../src/problems/errors.js';
import { STATE_FILE } from '../src/publish/state.js';
import { FakeKit } from './helpers/esp/kit.js';
import { FakeMailchimp } from './helpers/esp/mailchimp.js';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

const ISSUE = 'issues/2026-10-28-code-review-is-a-conversation.md';
const SLUG = '2026-10-28-code-review-is-a-conversation';
const fakes: { server: { close(): Promise<void> } }[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.server.close()));
});
afterAll(() => cleanupWorkspaces());

function io(answer?: string): PublishIo & { lines: string[]; warnings: Warning[] } {
  const lines: string[] = [];
  const warnings: Warning[] = [];
  return { lines, warnings, info: (l) => lines.push(l), warn: (w) => warnings.push(w), ...(answer === undefined ? {} : { ask: async () => answer }) };
}

const quick = { retries: 1, backoffMs: 1, timeoutMs: 5000, sleep: async () => {} };

describe('newsletter publish (the command function)', () => {
  it('hands the example issue to Kit with Kit’s merge tags where the footer had static links, and writes the state file', async () => {
    const kit = await FakeKit.start();
    fakes.push(kit);
    const ws = makeWorkspace();
    setPublish(ws, `publish:\n  provider: kit\n  api_url: ${kit.server.url}\n  email_template_id: 6\n`);
    const out = io();
    const report = await publish({ cwd: ws, issue: ISSUE, env: { KIT_API_KEY: kit.key }, http: quick }, out);

    const b = kit.broadcasts.get(Number(report.id))!;
    expect(b.subject).toBe('🎙️ Code review is a conversation, not a verdict');
    expect(b.email_template_id).toBe(6);
    expect(b.content).toContain('href="{{ unsubscribe_url }}"');
    expect(b.content).toContain('href="{{ subscriber_preferences_url }}"');
    expect(b.content).toContain('{{ address }}');
    expect(b.content).not.toContain('https://example.com/quiet-build/unsubscribe');
    expect(b.content).not.toContain('2218 Example Avenue');
    // Kit has no web-version tag: the footer keeps the issue's own web page.
    expect(b.content).toContain(`https://example.com/quiet-build/${SLUG}/`);
    const state = JSON.parse(readFileSync(join(ws, STATE_FILE), 'utf8')) as { issues: Record<string, { kit: { id: string } }> };
    expect(state.issues[SLUG]?.kit.id).toBe(report.id);
    expect(out.lines.join('\n')).not.toContain(kit.key);

    // Again: the same broadcast is updated.
    const again = await publish({ cwd: ws, issue: ISSUE, env: { KIT_API_KEY: kit.key }, http: quick }, io());
    expect(again.action).toBe('updated');
    expect(kit.broadcasts.size).toBe(1);
  });

  it('--dry-run with no key: prints the requests, writes them to dist/, names the missing variable, sends nothing', async () => {
    const ws = makeWorkspace();
    setPublish(ws, 'publish:\n  provider: mailchimp\n  list_id: a1b2c3\n');
    const out = io();
    const report = await publish(
      { cwd: ws, issue: ISSUE, dryRun: true, env: {}, http: { fetch: (() => Promise.reject(new Error('network'))) as typeof fetch } },
      out,
    );
    expect(report.dryRun).toBe(true);
    const text = out.lines.join('\n');
    expect(text).toContain('would create a Mailchimp draft');
    expect(text).toContain('MAILCHIMP_API_KEY is not set: a real run needs it');
    expect(text).toMatch(/PUT https:\/\/<dc>\.api\.mailchimp\.com\/3\.0\/campaigns\/\(new\)\/content \{ html: \(\d+ bytes\), plain_text: \(\d+ bytes\) \}/);
    const written = JSON.parse(readFileSync(join(ws, 'dist', `${SLUG}.publish.json`), 'utf8')) as { requests: { body?: { html?: string } }[] };
    expect(written.requests[1]?.body?.html).toContain('href="*|UNSUB|*"');
    expect(written.requests[1]?.body?.html).toContain('*|LIST:ADDRESSLINE|*');
    expect(existsSync(join(ws, STATE_FILE))).toBe(false);
  });

  it('--send needs the slug typed (or --yes): without a terminal nothing is sent; typed, it goes', async () => {
    const mc = await FakeMailchimp.start();
    fakes.push(mc);
    const ws = makeWorkspace();
    setPublish(ws, `publish:\n  provider: mailchimp\n  list_id: a1b2c3\n  api_url: ${mc.server.url}\n`);
    const env = { MAILCHIMP_API_KEY: mc.key };

    const refused = await publish({ cwd: ws, issue: ISSUE, send: true, env, http: quick }, io()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NewsletterError);
    expect((refused as NewsletterError).exitCode).toBe(2);
    expect(mc.server.requests).toHaveLength(0);

    const wrong = await publish({ cwd: ws, issue: ISSUE, send: true, env, http: quick }, io('yes')).catch((e: unknown) => e);
    expect((wrong as NewsletterError).message).toBe('Not confirmed: nothing was sent');
    expect(mc.server.requests).toHaveLength(0);

    const report = await publish({ cwd: ws, issue: ISSUE, send: true, env, http: quick }, io(SLUG));
    expect(report.sent).toBe(true);
    expect(mc.campaigns.get(report.id)?.status).toBe('sending');
    expect(mc.campaigns.get(report.id)?.content.plain_text).toContain('*|UNSUB|*');
  });
});

/** The example config with its publish: section (the last one) replaced by `section`. */
function setPublish(ws: string, section: string): void {
  const file = join(ws, 'newsletter.config.yaml');
  const config = readFileSync(file, 'utf8');
  const at = config.indexOf('\npublish:\n');
  writeFileSync(file, (at < 0 ? config : config.slice(0, at + 1)) + section);
}

describe('build --for PROVIDER', () => {
  it('writes the email as the service will send it, beside the plain one, with its merge tags in place of the static links', async () => {
    const ws = makeWorkspace();
    const plain = await runMain(['build', 'issues/2026-10-28-code-review-is-a-conversation.md'], { cwd: ws });
    expect(plain.code, plain.stderr).toBe(0);
    const r = await runMain(['build', '--for', 'kit', 'issues/2026-10-28-code-review-is-a-conversation.md'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('dist/kit/2026-10-28-code-review-is-a-conversation.html');
    const html = readFileSync(join(ws, 'dist/kit/2026-10-28-code-review-is-a-conversation.html'), 'utf8');
    const text = readFileSync(join(ws, 'dist/kit/2026-10-28-code-review-is-a-conversation.txt'), 'utf8');
    const unsubscribe = /unsubscribe_url: (\S+)/.exec(readFileSync(join(ws, 'newsletter.config.yaml'), 'utf8'))![1]!;
    expect(html).toContain('href="{{ unsubscribe_url }}"');
    expect(text).toContain('{{ unsubscribe_url }}');
    expect(html).not.toContain(`href="${unsubscribe}"`);
    // The plain build is untouched, with its static link.
    expect(readFileSync(join(ws, 'dist/2026-10-28-code-review-is-a-conversation.html'), 'utf8')).toContain(unsubscribe);
  });

  it('an unknown service is a usage error naming the ones there are', async () => {
    const r = await runMain(['build', '--for', 'sendgrid', 'issues/2026-10-28-code-review-is-a-conversation.md'], { cwd: makeWorkspace() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--for sendgrid[\s\S]*kit, buttondown, mailchimp, listmonk/);
  });
});
