// The render for a sending service: merge tags from the dialect only, the
// greeting's neutral first-name form, and `check --for` / `publish` refusing
// an email whose published form lacks the service's unsubscribe link.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, PROVIDERS } from '../src/publish/providers.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { configFrom, exampleConfigYaml, issue, templates } from './helpers/lint.js';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, makeWorkspace, ROOT } from './helpers/workspace.js';

afterAll(() => cleanupWorkspaces());

const STATIC_UNSUB = 'https://example.com/quiet-build/unsubscribe';
const PLAIN = '---\ntitle: A plain issue\ndate: 2026-01-07\npreheader: A short preheader about this issue.\n---\n\nHello there, this is the letter.\n';
const withGreeting = (greeting: string): string => exampleConfigYaml.replace(/^greeting: .*$/m, `greeting: ${greeting}`);

describe('the render for a sending service', () => {
  const config = configFrom(withGreeting('"Hi {first_name|there},"'));

  it('shows the greeting’s fallback where there is no subscriber: previews, test sends, the web page', async () => {
    const r = await renderIssue(issue(PLAIN), config, templates, []);
    expect(r.html).toContain('Hi there,');
    expect(r.text).toContain('Hi there,');
    expect(r.html + r.text).not.toContain('first_name');
  });

  it.each(PROVIDER_IDS)('%s: its first-name tag, its unsubscribe tag, no static unsubscribe link, no token left', async (id) => {
    const dialect = PROVIDERS[id].dialect;
    const r = await renderIssue(issue(PLAIN), config, templates, [], { provider: dialect });
    const tag = dialect.firstName('there');
    // Byte for byte, through Handlebars, MJML and the text wrapper.
    expect(r.html).toContain(`Hi ${tag},`);
    expect(r.text).toContain(`Hi ${tag},`);
    expect(r.html).toContain(`href="${dialect.unsubscribeUrl}"`);
    expect(r.text).toContain(dialect.unsubscribeUrl);
    expect(r.html).not.toContain(STATIC_UNSUB);
    expect(r.text).not.toContain(STATIC_UNSUB);
    expect(r.html + r.text).not.toMatch(/[\uE000\uE001]/);
    // Merge tags are the service's, not links for the link checks.
    expect(r.links).not.toContain(dialect.unsubscribeUrl);
    expect(r.links.length).toBeGreaterThan(3);
  });

  it('a long fallback wraps the text part as the short tag will read: the greeting stays on one line', async () => {
    const fallback = 'my dear friend and fellow quiet builder';
    const long = configFrom(withGreeting(`"Hi {first_name|${fallback}},"`));
    const dialect = PROVIDERS.kit.dialect;
    const r = await renderIssue(issue(PLAIN), long, templates, [], { provider: dialect });
    expect(r.text.split('\n')).toContain(`Hi ${dialect.firstName(fallback)},`);
  });

  it('gives the service’s unsubscribe link even when the config has none', async () => {
    const noUnsub = configFrom(exampleConfigYaml.replace(/^ {2}unsubscribe_url: .*\n/m, ''));
    expect(noUnsub.footer.unsubscribe_url).toBeNull();
    const dialect = PROVIDERS.mailchimp.dialect;
    const r = await renderIssue(issue(PLAIN), noUnsub, templates, [], { provider: dialect });
    expect(r.html).toContain(`href="${dialect.unsubscribeUrl}"`);
  });

  it('never turns author text into a merge tag: the service’s own syntax stays text, and a forged token is dropped', async () => {
    const body = 'Write to {{ subscriber.email }} or *|EMAIL|* today. \uE000aaaaaaaaaaaaaaaa.unsubscribeUrl\uE001 done.';
    const r = await renderIssue(issue(PLAIN.replace('Hello there, this is the letter.', body)), config, templates, [], {
      provider: PROVIDERS.kit.dialect,
    });
    expect(r.html).not.toContain('{{ subscriber.email }}');
    expect(r.text).not.toContain('{{ subscriber.email }}');
    expect(r.html).toContain('today.');
    expect(r.html).not.toContain('aaaaaaaaaaaaaaaa');
    // The only unsubscribe tags are the footer's (HTML link, text line).
    expect(r.html.split('{{ unsubscribe_url }}').length - 1).toBe(1);
  });
});

describe('the greeting’s neutral form', () => {
  it.each([
    ['"Hi {first_name},"', 'has no fallback'],
    ['"Hi {first_name|},"', 'has no fallback'],
    ['"Hi {first_name|the\\"re},"', "can't go inside a merge tag"],
  ])('%s in the config is refused with its line', async (greeting, message) => {
    const yaml = withGreeting(greeting);
    const ws = makeWorkspace({ 'newsletter.config.yaml': yaml });
    const r = await runMain(['build', 'issues/2026-10-07-the-case-for-small-commits.md'], { cwd: ws });
    expect(r.code).toBe(78);
    const line = yaml.split('\n').findIndex((l) => l.startsWith('greeting:')) + 1;
    expect(r.stderr).toContain(`newsletter.config.yaml:${line}`);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('in an issue, the same rule, with the issue’s line', async () => {
    const ws = makeWorkspace({ 'issues/x.md': PLAIN.replace('date:', 'greeting: Hey {first_name}\ndate:') });
    const r = await runMain(['build', 'issues/x.md'], { cwd: ws });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('issues/x.md:3');
    expect(r.stderr).toContain('{first_name|there}');
  });
});

describe('check --for and publish: the email as the service gets it', () => {
  // An override that writes the static unsubscribe address itself: fine in a test send, wrong for every reader of a real send.
  const footer = readFileSync(join(ROOT, 'templates/footer.mjml.hbs'), 'utf8').replace('href="{{footer.unsubscribe_url}}"', `href="${STATIC_UNSUB}"`);

  it('check --for kit flags a hard-coded unsubscribe link in an override; check without --for does not', async () => {
    const ws = makeWorkspace({ 'templates/footer.mjml.hbs': footer });
    const file = 'issues/2026-11-04-the-courage-to-delete.md';
    const plain = await runMain(['check', file, '--json'], { cwd: ws });
    expect(plain.stdout).not.toContain('publish-merge-tags');
    const r = await runMain(['check', file, '--for', 'kit', '--json'], { cwd: ws });
    expect(r.code).toBe(1);
    const found = (JSON.parse(r.stdout) as { findings: { rule: string; file: string; message: string }[] }).findings.filter(
      (f) => f.rule === 'publish-merge-tags',
    );
    expect(found.map((f) => f.file)).toEqual(['templates/footer.mjml.hbs', 'templates/footer.mjml.hbs']);
    expect(found.map((f) => f.message).join('\n')).toContain('{{ unsubscribe_url }}');
    expect(found.map((f) => f.message).join('\n')).toContain(STATIC_UNSUB);
  });

  it('check --for on the example workspace is clean for every service', async () => {
    const ws = makeWorkspace();
    for (const id of PROVIDER_IDS) {
      const r = await runMain(['check', '--for', id, '--json'], { cwd: ws });
      const rules = (JSON.parse(r.stdout) as { findings: { rule: string; severity: string }[] }).findings.filter((f) => f.severity === 'error');
      expect({ id, errors: rules }).toEqual({ id, errors: [] });
    }
  });

  it('check --for an unknown service is a usage error', async () => {
    const r = await runMain(['check', '--for', 'sendgrid'], { cwd: makeWorkspace() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kit, buttondown, mailchimp, listmonk');
  });

  it('publish refuses such an issue, says nothing was sent, and writes no request file', async () => {
    const ws = makeWorkspace({ 'templates/footer.mjml.hbs': footer });
    const r = await runMain(['publish', 'issues/2026-11-04-the-courage-to-delete.md', '--dry-run'], { cwd: ws });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('publish-merge-tags');
    expect(r.stderr).toContain('nothing was sent to Kit');
    expect(r.stderr).toContain('check --for kit');
    expect(() => readFileSync(join(ws, 'dist/2026-11-04-the-courage-to-delete.publish.json'))).toThrow();
  });

  it('build --for writes the greeting as the service’s tag and the plain build keeps the fallback', async () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws, 'newsletter.config.yaml'), withGreeting('"Hello {first_name|friend}!"'));
    const file = 'issues/2026-11-04-the-courage-to-delete.md';
    expect((await runMain(['build', file], { cwd: ws })).code).toBe(0);
    expect((await runMain(['build', file, '--for', 'buttondown'], { cwd: ws })).code).toBe(0);
    const slug = '2026-11-04-the-courage-to-delete';
    expect(readFileSync(join(ws, `dist/${slug}.txt`), 'utf8')).toContain('Hello friend!');
    expect(readFileSync(join(ws, `dist/buttondown/${slug}.txt`), 'utf8')).toContain(`Hello ${PROVIDERS.buttondown.dialect.firstName('friend')}!`);
  });
});
