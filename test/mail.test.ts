import { describe, expect, test } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { formatMailbox, parseMailbox, uniqueMailboxes } from '../src/mail/addresses.js';
import { composeMessage, contentId, envelopeMismatch, inlineImages, listId, senderOf, type ComposeInput } from '../src/mail/compose.js';
import { checkRecipients, describeSmtpError, replyText, type FailureContext } from '../src/mail/smtpErrors.js';
import { parseSmtpUrl, redact, redactUrlText, secretsOf } from '../src/mail/smtpUrl.js';
import type { Config } from '../src/parse/types.js';

const ok = (s: string): { name: string | null; address: string } => {
  const r = parseMailbox(s);
  if ('error' in r) throw new Error(`${s}: ${r.error}`);
  return r.mailbox;
};
const refused = (s: string): string => {
  const r = parseMailbox(s);
  if (!('error' in r)) throw new Error(`${JSON.stringify(s)} was accepted as ${r.mailbox.address}`);
  return r.error;
};

describe('parseMailbox', () => {
  test('accepts one address in its usual forms', () => {
    expect(ok('me@example.com')).toEqual({ name: null, address: 'me@example.com' });
    expect(ok('  <me@example.com> ')).toEqual({ name: null, address: 'me@example.com' });
    expect(ok('Jo Doe <jo@example.com>')).toEqual({ name: 'Jo Doe', address: 'jo@example.com' });
    expect(ok('"Doe, Jo" <jo@example.com>')).toEqual({ name: 'Doe, Jo', address: 'jo@example.com' });
    expect(ok('Zoë Ñúñez <z@Example.COM>')).toEqual({ name: 'Zoë Ñúñez', address: 'z@example.com' });
    expect(ok("o'brien+news@mail.example.co.uk").address).toBe("o'brien+news@mail.example.co.uk");
    expect(ok('me@localhost').address).toBe('me@localhost');
  });

  test('turns an international domain into punycode for the envelope', () => {
    expect(ok('me@bücher.example').address).toBe('me@xn--bcher-kva.example');
  });

  test.each([
    ['me@example.com\r\nBcc: victim@example.org', /carriage return/],
    ['me@example.com\nBcc: victim@example.org', /line break/],
    ['me@example.com\u0000', /NUL/],
    ['me@example.com\u2028', /U\+2028/],
    ['me@example.com\u2029', /U\+2029/],
    ['Me\u0085 <me@example.com>', /U\+0085/],
    ['a@example.com, b@example.com', /several addresses/],
    ['a@example.com; b@example.com', /several addresses/],
    ['a@example.com b@example.com', /several addresses glued/],
    ['a@example.com<b@example.com>', /several addresses glued/],
    ['team: a@example.com, b@example.com;', /several|group/],
    ['team: a@example.com;', /group/],
    ['me@example.com (work)', /comment/],
    ['"me b"@example.com', /quoted local part/],
    ['"a@example.com" <b@example.net>', /looks like an address/],
    ['a@example.com <b@example.net>', /glued/],
    ['', /empty/],
    ['me.example.com', /no "@"/],
    ['me@', /no domain/],
    ['@example.com', /nothing before/],
    ['me@exa_mple.com', /not a host name/],
    ['me@[127.0.0.1]', /IP address/],
    ['mé@example.com', /non-ASCII/],
    ['me..x@example.com', /not a valid address/],
    ['Jo <jo@example.com', /single <address>/],
    ['Jo <jo@example.com> x', /single <address>/],
    ['"Jo <jo@example.com>', /never closed/],
  ])('refuses %j', (input, why) => {
    expect(refused(input)).toMatch(why);
  });

  test('formats a mailbox back, quoting a name that needs it', () => {
    expect(formatMailbox({ name: 'Jo Doe', address: 'jo@example.com' })).toBe('Jo Doe <jo@example.com>');
    expect(formatMailbox({ name: 'Doe, Jo', address: 'jo@example.com' })).toBe('"Doe, Jo" <jo@example.com>');
    expect(formatMailbox({ name: null, address: 'jo@example.com' })).toBe('jo@example.com');
  });

  test('keeps each address once', () => {
    const list = uniqueMailboxes([ok('a@example.com'), ok('A <A@EXAMPLE.com>'), ok('b@example.com')]);
    expect(list.map((m) => m.address)).toEqual(['a@example.com', 'b@example.com']);
  });
});

describe('parseSmtpUrl', () => {
  test('smtp:// upgrades when offered, port 587 by default', () => {
    const t = parseSmtpUrl('smtp://mail.example.com', 'SMTP_URL');
    expect(t).toMatchObject({
      secure: false,
      host: 'mail.example.com',
      port: 587,
      user: null,
      pass: null,
      requireTLS: false,
      hostPort: 'mail.example.com:587',
    });
  });

  test('smtps:// is implicit TLS on 465, and the password is decoded but never displayed', () => {
    const t = parseSmtpUrl('smtps://me%40example.com:p%40ss%3Aw%2Frd@mail.example.com', '--smtp');
    expect(t).toMatchObject({ secure: true, port: 465, user: 'me@example.com', pass: 'p@ss:w/rd' });
    expect(t.display).toBe('smtps://me%40example.com:****@mail.example.com:465');
  });

  test('?starttls=required never lets the session stay in plain text', () => {
    const t = parseSmtpUrl('smtp://localhost:1025?starttls=required', 'SMTP_URL');
    expect(t).toMatchObject({ requireTLS: true, tlsReason: 'url' });
    expect(t.display).toBe('smtp://localhost:1025?starttls=required');
  });

  test('a password to another machine requires TLS; to this machine it does not', () => {
    expect(parseSmtpUrl('smtp://u:secret@mail.example.com:587', 'SMTP_URL')).toMatchObject({ requireTLS: true, tlsReason: 'password' });
    expect(parseSmtpUrl('smtp://u:secret@127.0.0.1:2525', 'SMTP_URL')).toMatchObject({ requireTLS: false });
    expect(parseSmtpUrl('smtp://u:secret@localhost:2525', 'SMTP_URL')).toMatchObject({ requireTLS: false });
    expect(parseSmtpUrl('smtps://u:secret@mail.example.com', 'SMTP_URL')).toMatchObject({ requireTLS: false, secure: true });
  });

  test('IPv6 hosts keep their brackets only in host:port', () => {
    const t = parseSmtpUrl('smtp://[::1]:1025', 'SMTP_URL');
    expect(t.host).toBe('::1');
    expect(t.hostPort).toBe('[::1]:1025');
  });

  test.each([
    ['http://mail.example.com', /must start with smtp:\/\/ or smtps:\/\//],
    ['smtp://mail.example.com:99999', /not a valid URL/],
    ['smtp://mail.example.com/inbox', /has a path/],
    ['smtp://mail.example.com?tls=off', /unknown option "tls"/],
    ['smtp://mail.example.com?starttls=never', /starttls=never/],
    ['smtp://me@mail.example.com', /no password/],
    ['smtp://:pw@mail.example.com', /no user/],
    ['not a url', /not a valid URL/],
  ])('refuses %s with SMTP_URL (exit 78)', (url, why) => {
    let err: unknown;
    try {
      parseSmtpUrl(url, 'SMTP_URL');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NewsletterError);
    expect((err as NewsletterError).code).toBe('SMTP_URL');
    expect((err as NewsletterError).exitCode).toBe(78);
    expect((err as NewsletterError).message).toMatch(why);
  });

  test('an unparseable URL is reported without its password', () => {
    let msg = '';
    try {
      parseSmtpUrl('smtp://me:hunter2secret@host:notaport', 'SMTP_URL');
    } catch (e) {
      msg = (e as Error).message + (e as NewsletterError).hint;
    }
    expect(msg).toMatch(/not a valid URL/);
    expect(msg).not.toContain('hunter2secret');
    expect(msg).toContain('smtp://me:****@host:notaport');
  });
});

describe('redaction', () => {
  test('secretsOf finds the password as written, decoded and base64 as AUTH sends it', () => {
    const s = secretsOf('smtp://me:p%40ssw0rd@mail.example.com');
    expect(s).toContain('p%40ssw0rd');
    expect(s).toContain('p@ssw0rd');
    expect(s).toContain(Buffer.from('p@ssw0rd').toString('base64'));
    expect(s).toContain(Buffer.from('\u0000me\u0000p@ssw0rd').toString('base64'));
    expect(secretsOf(undefined)).toEqual([]);
    expect(secretsOf('smtp://mail.example.com')).toEqual([]);
  });

  test('redact replaces every occurrence; redactUrlText hides any URL password', () => {
    const secrets = secretsOf('smtp://me:p%40ssw0rd@mail.example.com');
    expect(redact('AUTH p@ssw0rd and p%40ssw0rd', secrets)).toBe('AUTH **** and ****');
    expect(redactUrlText("unknown option '--smpt=smtp://me:p@ss@host:25'")).toBe("unknown option '--smpt=smtp://me:****@host:25'");
    expect(redactUrlText('smtp://host:25 for me@example.com')).toBe('smtp://host:25 for me@example.com');
  });
});

function config(over: Partial<Config> = {}): Config {
  return {
    file: 'newsletter.config.yaml',
    root: '/w',
    name: 'The Quiet Build',
    description: null,
    url: 'https://example.com/qb',
    from: 'Maren Holloway <letters@example.com>',
    reply_to: 'maren@example.com',
    language: 'en',
    greeting: null,
    signoff: null,
    author: { name: null, title: [] },
    labels: {} as Config['labels'],
    listen: [],
    sponsors: [],
    promos: [],
    footer: { reason: null, text: null, address: null, preferences_url: null, unsubscribe_url: 'https://example.com/unsub' },
    theme: {} as Config['theme'],
    read_more: { count: 0 },
    test: { to: [] },
    check: { rules: {} },
    lines: new Map([
      ['from', 9],
      ['name', 3],
      ['reply_to', 10],
    ]),
    ...over,
  };
}

function input(over: Partial<ComposeInput> = {}): ComposeInput {
  return {
    config: config(),
    sender: senderOf(config()),
    issue: { file: 'issues/x.md', lines: new Map([['subject', 4]]), subject: 'Hello 🎙️' },
    rendered: { subject: 'Hello 🎙️', html: '<p><img src="assets/logo.png" alt="L"><img src="https://cdn.example.com/a.png" alt="A"></p>', text: 'Hello' },
    to: [{ name: 'Jo', address: 'jo@example.com' }],
    prefix: true,
    images: [{ src: 'assets/logo.png', content: Buffer.from('PNGDATA') }],
    ...over,
  };
}

describe('composeMessage', () => {
  test('subject with [TEST] prefix, from and reply-to from the config, the envelope from the checked addresses', () => {
    const m = composeMessage(input());
    expect(m.subject).toBe('[TEST] Hello 🎙️');
    expect(m.mail.from).toEqual({ name: 'Maren Holloway', address: 'letters@example.com' });
    expect(m.mail.replyTo).toEqual({ name: '', address: 'maren@example.com' });
    expect(m.envelope).toEqual({ from: 'letters@example.com', to: ['jo@example.com'] });
    expect(composeMessage(input({ prefix: false })).subject).toBe('Hello 🎙️');
  });

  test('List-Unsubscribe with One-Click, and a List-Id from the name and the sender domain', () => {
    const m = composeMessage(input());
    expect(m.mail.list?.unsubscribe).toBe('https://example.com/unsub');
    expect(m.mail.headers).toEqual({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(m.mail.list?.id).toEqual({ url: 'the-quiet-build.example.com', comment: 'The Quiet Build' });
    expect(m.warnings).toEqual([]);
  });

  test('an http unsubscribe URL gets no One-Click header, and a warning; none at all gets a warning', () => {
    const http = composeMessage(input({ config: config({ footer: { ...config().footer, unsubscribe_url: 'http://example.com/u' } }) }));
    expect(http.mail.headers).toEqual({});
    expect(http.warnings[0]?.message).toMatch(/not https/);
    const none = composeMessage(input({ config: config({ footer: { ...config().footer, unsubscribe_url: null } }) }));
    expect(none.mail.list?.unsubscribe).toBeUndefined();
    expect(none.warnings[0]?.message).toMatch(/no List-Unsubscribe/);
  });

  test('local images become cid: parts; remote images stay links', () => {
    const m = composeMessage(input());
    const cid = contentId({ src: 'assets/logo.png', content: Buffer.from('PNGDATA') });
    expect(m.mail.html).toContain(`src="cid:${cid}"`);
    expect(m.mail.html).toContain('src="https://cdn.example.com/a.png"');
    expect(m.mail.html).not.toContain('assets/logo.png');
    expect(m.mail.attachments).toEqual([{ filename: 'logo.png', content: Buffer.from('PNGDATA'), cid, contentDisposition: 'inline' }]);
  });

  test.each([
    ['Hello\r\nBcc: x@example.org', /carriage return/],
    ['Hello\nthere', /line break/],
    ['Hello\u0000', /NUL/],
    ['Hello\u2028there', /U\+2028/],
  ])('a subject holding %j is refused with its line', (subject, why) => {
    let err: NewsletterError | undefined;
    try {
      composeMessage(input({ rendered: { ...input().rendered, subject } }));
    } catch (e) {
      err = e as NewsletterError;
    }
    expect(err?.code).toBe('HEADER_INVALID');
    expect(err?.message).toMatch(why);
    expect(err?.file).toBe('issues/x.md');
    expect(err?.line).toBe(4);
  });

  test('no from in the config: CONFIG_INVALID naming newsletter.config.yaml, with its line', () => {
    let err: NewsletterError | undefined;
    try {
      senderOf(config({ from: null }));
    } catch (e) {
      err = e as NewsletterError;
    }
    expect(err?.code).toBe('CONFIG_INVALID');
    expect(err?.exitCode).toBe(78);
    expect(err?.message).toMatch(/newsletter\.config\.yaml has no "from"/);
    expect(err?.file).toBe('newsletter.config.yaml');
  });

  test('a from with two addresses, or a reply_to with a line break, is refused', () => {
    expect(() => senderOf(config({ from: 'a@example.com, b@example.com' }))).toThrow(/"from" in newsletter.config.yaml holds several/);
    expect(() => senderOf(config({ reply_to: 'a@example.com\nBcc: b@example.com' }))).toThrow(/"reply_to" holds a line break/);
    expect(() => composeMessage(input({ config: config({ name: 'Quiet\u2029Build' }) }))).toThrow(/"name" holds a paragraph separator/);
  });
});

describe('helpers of the message', () => {
  test('listId', () => {
    expect(listId('The Quiet Build', 'example.com')).toBe('the-quiet-build.example.com');
    expect(listId('Ça va? Überblick!', 'ex.org')).toBe('ca-va-uberblick.ex.org');
    expect(listId('日本語', 'ex.org')).toBe('newsletter.ex.org');
  });

  test('inlineImages rewrites only the srcs it knows, entity-encoded ones included', () => {
    const cids = new Map([['assets/a b&c.png', 'x@newsletter']]);
    expect(inlineImages('<img alt="" src="assets/a b&amp;c.png"><img src="assets/other.png">', cids)).toBe(
      '<img alt="" src="cid:x@newsletter"><img src="assets/other.png">',
    );
  });

  test('envelopeMismatch catches a header that names other recipients than were checked', () => {
    expect(envelopeMismatch({ from: 'a@x.org', to: ['b@x.org'] }, { from: 'A@x.org', to: ['B@x.org'] })).toBeNull();
    expect(envelopeMismatch({ from: 'a@x.org', to: ['b@x.org'] }, { from: 'a@x.org', to: ['b@x.org', 'evil@x.org'] })).toMatch(/evil@x.org/);
    expect(envelopeMismatch({ from: 'a@x.org', to: ['b@x.org'] }, { from: 'c@x.org', to: ['b@x.org'] })).toMatch(/sender/);
  });
});

describe('SMTP failures', () => {
  const target = parseSmtpUrl('smtp://u:pw12345@127.0.0.1:2525', 'SMTP_URL');
  const ctx = (over: Partial<FailureContext> = {}): FailureContext => ({
    target,
    phase: 'envelope',
    timeoutMs: 10_000,
    tlsCa: false,
    messageBytes: 2048,
    ...over,
  });

  test('replyText makes one printable line of a server reply', () => {
    expect(replyText('550-5.1.1 No such\r\n550 5.1.1 user\u001b[31m')).toBe('550-5.1.1 No such 550 5.1.1 user [31m');
    expect(replyText('x'.repeat(400))).toHaveLength(300);
  });

  test.each([
    [
      { message: 'x', code: 'EENVELOPE', command: 'RCPT TO', response: '451 4.7.1 Greylisted', responseCode: 451 },
      'envelope',
      'SMTP_TEMPORARY',
      75,
      /refused every recipient: 451 4.7.1 Greylisted/,
    ],
    [
      { message: 'x', code: 'EENVELOPE', command: 'RCPT TO', response: '550 No such user', responseCode: 550 },
      'envelope',
      'SMTP_REJECTED',
      69,
      /550 No such user/,
    ],
    [
      { message: 'x', code: 'EMESSAGE', command: 'DATA', response: '552 Too big', responseCode: 552 },
      'data',
      'SMTP_REJECTED',
      69,
      /refused the message: 552 Too big/,
    ],
    [{ message: 'x', code: 'EMESSAGE', command: 'DATA', response: '451 Try later', responseCode: 451 }, 'data', 'SMTP_TEMPORARY', 75, /451 Try later/],
    [{ message: 'Connection closed unexpectedly', code: 'ECONNECTION', command: 'CONN' }, 'data', 'SMTP_UNKNOWN_STATE', 75, /Delivery state unknown/],
    [{ message: 'Timeout', code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }, 'data', 'SMTP_UNKNOWN_STATE', 75, /did not answer within 10 s/],
    [
      { message: 'Invalid login', code: 'EAUTH', response: '535 5.7.8 Bad credentials', responseCode: 535 },
      'auth',
      'SMTP_AUTH',
      77,
      /refused the login for user "u": 535/,
    ],
    [
      { message: 'x', code: 'EENVELOPE', command: 'MAIL FROM', response: '530 5.7.0 Authentication required', responseCode: 530 },
      'envelope',
      'SMTP_AUTH',
      77,
      /requires a login/,
    ],
    [{ message: 'x', code: 'EPROTOCOL', response: '421 Too busy', responseCode: 421 }, 'connect', 'SMTP_TEMPORARY', 75, /not taking mail now: 421 Too busy/],
    [{ message: 'connect ECONNREFUSED 127.0.0.1:2525', code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'connect', 'SMTP_CONNECTION', 69, /connection refused/],
    [{ message: 'Greeting never received', code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' }, 'connect', 'SMTP_TIMEOUT', 75, /no SMTP greeting within 10 s/],
    [
      { message: 'Error upgrading connection with STARTTLS', code: 'ETLS', command: 'STARTTLS', response: '454 4.7.0 TLS not available', responseCode: 454 },
      'connect',
      'SMTP_TLS',
      69,
      /did not switch to TLS \(STARTTLS: 454 4.7.0 TLS not available\); a session that offered TLS does not go on in plain text/,
    ],
  ] as const)('%o in the %s phase → %s (%i)', (e, phase, code, exit, message) => {
    const err = describeSmtpError(e, ctx({ phase }));
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(exit);
    expect(err.message).toMatch(message);
    expect(err.message).toContain('127.0.0.1:2525');
    expect(err.message + err.hint).not.toContain('pw12345');
  });

  test('checkRecipients: some refused is still a failure that names who got it and who did not', () => {
    expect(checkRecipients(['a@x.org', 'b@x.org'], ['a@x.org', 'b@x.org'], [])).toBeNull();
    const some = checkRecipients(['a@x.org', 'b@x.org'], ['a@x.org'], [{ address: 'b@x.org', reply: '550 No such user', status: 550 }]);
    expect(some?.code).toBe('SMTP_REJECTED');
    expect(some?.message).toBe('Sent to a@x.org, but b@x.org was refused (550 No such user)');
    const grey = checkRecipients(['a@x.org', 'b@x.org'], ['a@x.org'], [{ address: 'b@x.org', reply: '451 later', status: 451 }]);
    expect(grey?.code).toBe('SMTP_TEMPORARY');
    expect(checkRecipients(['a@x.org'], ['a@x.org', 'z@x.org'], [])?.code).toBe('SMTP_UNKNOWN_STATE');
    expect(checkRecipients(['a@x.org', 'b@x.org'], ['a@x.org'], [])?.message).toMatch(/b@x.org was not accepted/);
  });
});
