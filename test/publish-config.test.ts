import { parsePublishConfig } from '../src/publish/config.js';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseYamlMapping } from '../src/parse/frontmatter.js';
import { validateConfig } from '../src/parse/validateConfig.js';
import { NewsletterError } from '../src/problems/errors.js';
import { publishIssue } from '../src/publish/publishIssue.js';
import { STATE_FILE, emptyState, entryFor, parseState, serializeState, withEntry } from '../src/publish/state.js';
import { readState, writeState } from '../src/workspace/publishState.js';

function config(publish: string) {
  const yaml = `name: The Quiet Build\nfooter:\n  address: 1 Example St\n  unsubscribe_url: https://example.com/u\n${publish}`;
  const parsed = parseYamlMapping(yaml, 'newsletter.config.yaml', 0, 'config');
  return validateConfig(parsed.data, parsed.lines, 'newsletter.config.yaml', '/tmp', parsed.raw, { publish: parsePublishConfig });
}

function configError(publish: string): NewsletterError {
  try {
    config(publish);
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected a config error');
}

describe('publish: in newsletter.config.yaml', () => {
  it('reads the provider, api_url and the provider’s settings', () => {
    const { config: c, warnings } = config('publish:\n  provider: Mailchimp\n  list_id: a1b2c3\n  segment_id: 7\n  api_url: https://us6.api.mailchimp.com/\n');
    expect(c.publish).toMatchObject({
      provider: 'mailchimp',
      apiUrl: 'https://us6.api.mailchimp.com',
      settings: { list_id: 'a1b2c3', segment_id: 7 },
      line: 5,
    });
    expect(warnings).toEqual([]);
  });

  it('no publish: section is null', () => {
    expect(config('').config.publish).toBeNull();
  });

  it('an unknown provider is a config error (exit 78) on its line, listing the ones there are', () => {
    const e = configError('publish:\n  provider: substack\n');
    expect(e.exitCode).toBe(78);
    expect(e.line).toBe(6);
    expect(e.hint).toBe('Use one of: kit, buttondown, mailchimp, listmonk');
  });

  it('refuses an API key in the config, pointing at the environment', () => {
    const e = configError('publish:\n  provider: kit\n  api_key: abc\n');
    expect(e.message).toContain('never go in the config');
    expect(e.hint).toContain('KIT_API_KEY');
    expect(e.line).toBe(7);
  });

  it('listmonk needs api_url; api_url is https, or http on this machine only, and holds no password', () => {
    expect(configError('publish:\n  provider: listmonk\n  list_ids: [1]\n').message).toContain('required for listmonk');
    expect(configError('publish:\n  provider: listmonk\n  list_ids: [1]\n  api_url: http://listmonk.example.com\n').message).toContain('https://');
    expect(configError('publish:\n  provider: listmonk\n  list_ids: [1]\n  api_url: https://u:p@listmonk.example.com\n').message).toContain('password');
    expect(config('publish:\n  provider: listmonk\n  list_ids: 4\n  api_url: http://127.0.0.1:9000\n').config.publish).toMatchObject({
      apiUrl: 'http://127.0.0.1:9000',
      settings: { list_ids: [4] },
    });
  });

  it('reports every wrong setting at once, each with its line', () => {
    const e = configError('publish:\n  provider: kit\n  segment_ids: [x]\n  public: yes please\n  email_template_id: 1.5\n');
    const all = [e, ...e.more];
    expect(all.map((x) => x.line).sort()).toEqual([7, 8, 9]);
    expect(all.every((x) => x.exitCode === 78)).toBe(true);
  });

  it('a missing required setting names what it is for', () => {
    const e = configError('publish:\n  provider: mailchimp\n');
    expect(e.message).toBe('"publish.list_id" is required for this service: the audience (list) id to send to');
    expect(e.exitCode).toBe(78);
  });

  it('a misspelt setting is a warning with "did you mean"', () => {
    const { warnings } = config('publish:\n  provider: mailchimp\n  list_id: a\n  from_nme: Maren\n');
    expect(warnings).toEqual([expect.objectContaining({ rule: 'unknown-key', line: 8, message: 'Unknown key "publish.from_nme": did you mean from_name?' })]);
  });
});

describe('the state file', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const entry = { id: '42', status: 'draft', state: 'draft' as const, scheduled_at: null, updated_at: '2026-11-01T10:00:00.000Z' };

  it('round-trips, with sorted keys and a final newline, so its diffs stay small', () => {
    let s = withEntry(emptyState(), 'b-issue', 'kit', entry);
    s = withEntry(s, 'a-issue', 'mailchimp', { ...entry, id: 'c1' });
    s = withEntry(s, 'a-issue', 'buttondown', { ...entry, id: 'em_1' });
    const text = serializeState(s);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('a-issue')).toBeLessThan(text.indexOf('b-issue'));
    expect(text.indexOf('buttondown')).toBeLessThan(text.indexOf('mailchimp'));
    expect(serializeState(parseState(text, STATE_FILE))).toBe(text);
    expect(entryFor(parseState(text, STATE_FILE), 'a-issue', 'mailchimp')?.id).toBe('c1');
  });

  it('a slug like __proto__ is an ordinary key', () => {
    const s = withEntry(emptyState(), '__proto__', 'kit', entry);
    expect(entryFor(parseState(serializeState(s), STATE_FILE), '__proto__', 'kit')?.id).toBe('42');
    expect(({} as Record<string, unknown>).kit).toBeUndefined();
  });

  it('a broken file is an error that names it, never a silent reset', () => {
    for (const text of ['{', '[]', '{"version":2,"issues":{}}', '{"version":1,"issues":{"x":{"kit":{"id":""}}}}']) {
      expect(() => parseState(text, STATE_FILE)).toThrow(expect.objectContaining({ code: 'PUBLISH_STATE', file: STATE_FILE }));
    }
  });

  it('is written atomically beside the config, and read back; a workspace without one starts empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsletter-state-'));
    dirs.push(dir);
    expect(readState(dir, dir)).toEqual(emptyState());
    writeState(dir, dir, withEntry(emptyState(), 'x', 'kit', entry));
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'))).toMatchObject({ version: 1, issues: { x: { kit: { id: '42' } } } });
    expect(entryFor(readState(dir, dir), 'x', 'kit')?.id).toBe('42');
  });
});

describe('publish --dry-run', () => {
  const rendered = { slug: 'x', subject: 'Hello', preheader: 'Pre', html: '<p>Hi</p><a href="*|UNSUB|*">u</a>', text: 'Hi' };
  const noNetwork = (() => {
    throw new Error('a dry run must not use the network');
  }) as unknown as typeof fetch;
  const input = (env: Record<string, string>, state = emptyState()) => ({
    rendered,
    name: 'QB: Hello',
    sender: { fromName: 'Maren', fromEmail: 'letters@example.com', replyTo: null },
    testTo: ['me@example.com'],
    config: { provider: 'mailchimp', apiUrl: null, settings: { list_id: 'abc' } },
    env,
    state,
    options: { dryRun: true, fetch: noNetwork, test: true, schedule: '2031-01-06T07:15:00Z' },
  });

  it('works without a key: the requests it would make, and which variable a real run needs', async () => {
    const report = await publishIssue(input({}));
    expect(report.missingEnv).toEqual(['MAILCHIMP_API_KEY']);
    expect(report.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST https://<dc>.api.mailchimp.com/3.0/campaigns',
      'PUT https://<dc>.api.mailchimp.com/3.0/campaigns/(new)/content',
      'POST https://<dc>.api.mailchimp.com/3.0/campaigns/(new)/actions/test',
      'POST https://<dc>.api.mailchimp.com/3.0/campaigns/(new)/actions/schedule',
    ]);
    expect(report.lines[0]).toBe('would create a Mailchimp draft: "Hello"');
    expect(report.requests[1]?.body).toEqual({ html: rendered.html, plain_text: 'Hi' });
  });

  it('with a key: the key appears nowhere in the report, and a known draft would be updated', async () => {
    const key = '0123456789abcdef0123456789abcdef-us6';
    const state = withEntry(emptyState(), 'x', 'mailchimp', { id: 'c77', status: 'save', state: 'draft', scheduled_at: null, updated_at: '' });
    const report = await publishIssue(input({ MAILCHIMP_API_KEY: key }, state));
    const all = JSON.stringify(report);
    expect(all).not.toContain(key);
    expect(all).not.toContain(Buffer.from(`newsletter:${key}`).toString('base64'));
    expect(report.requests[0]).toMatchObject({
      method: 'PATCH',
      url: 'https://us6.api.mailchimp.com/3.0/campaigns/c77',
      headers: { Authorization: 'Basic ****' },
    });
    expect(report.lines[0]).toBe('would update the Mailchimp draft c77: "Hello"');
  });
});
