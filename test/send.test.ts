import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { buildMime } from '../src/mail/mime.js';
import { sendMessage } from '../src/mail/sendMessage.js';
import { parseSmtpUrl } from '../src/mail/smtpUrl.js';
import { runMain, type RunResult } from './helpers/run.js';
import { cleanupWorkspaces, issueSource, makeWorkspace, ROOT, spawnCli } from './helpers/workspace.js';

// ---------------------------------------------------------------------------
// Real servers on 127.0.0.1, port 0: smtp-server for SMTP, raw sockets for the rest.

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  secure: boolean;
  user: unknown;
}

interface Box {
  port: number;
  url: string;
  received: Received[];
  connections: number;
  sockets: net.Socket[];
  dataStarted: boolean;
}

const closers: (() => Promise<void>)[] = [];
let certDir = '';
let certFile = '';
let keyFile = '';

beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), 'newsletter-cert-'));
  certFile = join(certDir, 'cert.pem');
  keyFile = join(certDir, 'key.pem');
  // A self-signed certificate for 127.0.0.1, made fresh for this run (smtp-server's bundled one has expired).
  selfSignedCert(keyFile, certFile, 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
});

afterAll(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  cleanupWorkspaces();
  rmSync(certDir, { recursive: true, force: true });
});

/** A self-signed EC certificate made with openssl, valid for two days. */
function selfSignedCert(keyOut: string, certOut: string, commonName: string, extension?: string): void {
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyOut,
    '-out',
    certOut,
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
  ];
  if (extension) args.push('-addext', extension);
  execFileSync('openssl', args, { stdio: 'ignore' });
}

/** An smtp-server that keeps what it receives. Without TLS options it offers no STARTTLS, like Mailpit. */
async function smtp(opts: Partial<SMTPServerOptions> & { scheme?: 'smtp' | 'smtps'; query?: string } = {}): Promise<Box> {
  const { scheme = 'smtp', query = '', ...serverOpts } = opts;
  const box: Box = { port: 0, url: '', received: [], connections: 0, sockets: [], dataStarted: false };
  const server = new SMTPServer({
    authOptional: true,
    // No key: no STARTTLS at all (smtp-server would otherwise offer it with its expired bundled certificate).
    hideSTARTTLS: !serverOpts.key,
    disabledCommands: serverOpts.key ? [] : ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 100,
    onConnect(_session, cb) {
      box.connections++;
      cb();
    },
    onData(stream, session, cb) {
      box.dataStarted = true;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        box.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: session.user,
        });
        cb();
      });
    },
    ...serverOpts,
  });
  server.server.on('connection', (s: net.Socket) => box.sockets.push(s));
  server.on('error', () => {}); // a client that gives up mid-handshake is what some tests do
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  box.port = (server.server.address() as AddressInfo).port;
  box.url = `${scheme}://127.0.0.1:${box.port}${query}`;
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return box;
}

/** A TCP server that accepts and then does what `onSocket` says (nothing: it never greets). */
async function rawServer(onSocket: (s: net.Socket) => void = () => {}): Promise<{ port: number; connections: number }> {
  const sockets: net.Socket[] = [];
  const info = { port: 0, connections: 0 };
  const server = net.createServer((s) => {
    info.connections++;
    sockets.push(s);
    s.on('error', () => {});
    onSocket(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  info.port = (server.address() as AddressInfo).port;
  closers.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return info;
}

async function httpServer(): Promise<number> {
  const server = createHttpServer((_req, res) => res.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * `newsletter send` in this process, with an SMTP timeout that leaves room for a busy machine
 * (these tests share one event loop, which renders while others talk SMTP). A test about the
 * timeout sets NEWSLETTER_SMTP_TIMEOUT_MS itself.
 */
function runSend(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return runMain(args, { ...opts, env: { NEWSLETTER_SMTP_TIMEOUT_MS: '60000', ...opts.env } });
}

const NEWEST = 'issues/2026-10-28-code-review-is-a-conversation.md';
const SUBJECT = '[TEST] 🎙️ Code review is a conversation, not a verdict';
const FAST = { NEWSLETTER_SMTP_TIMEOUT_MS: '1000' };

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  return [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address ?? ''));
}

function headerBlock(raw: Buffer): string {
  return raw
    .toString('utf8')
    .split('\r\n\r\n')[0]!
    .replace(/\r\n[ \t]+/g, ' ');
}

// ---------------------------------------------------------------------------

describe.concurrent('newsletter send --test through a real SMTP server', () => {
  test('sends the newest non-draft issue: multipart/alternative text first, UTF-8 subject, CID images, List-Unsubscribe pair', async () => {
    const box = await smtp();
    const ws = makeWorkspace();
    const before = new Date();
    const r = await runSend(['send', '--test'], { cwd: ws, env: { SMTP_URL: box.url } });
    const after = new Date();
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`issue: ${NEWEST} (the newest non-draft issue, 2026-10-28)`);
    expect(r.stdout).toContain(`sent "${SUBJECT}" to me@example.com through smtp://127.0.0.1:${box.port}`);

    expect(box.received).toHaveLength(1);
    const got = box.received[0]!;
    expect(got.from).toBe('letters@example.com');
    expect(got.to).toEqual(['me@example.com']);

    const mail: ParsedMail = await simpleParser(got.raw, { keepCidLinks: true });
    expect(mail.subject).toBe(SUBJECT);
    expect(mail.from?.value).toEqual([{ name: 'Maren Holloway', address: 'letters@example.com' }]);
    expect(addresses(mail.replyTo)).toEqual(['maren@example.com']);
    expect(addresses(mail.to)).toEqual(['me@example.com']);
    // Dated when it was sent (the header has whole seconds).
    expect(mail.date!.getTime()).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
    expect(mail.date!.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(mail.messageId).toMatch(/^<[\w.-]+@example\.com>$/);

    // Parts and their order: text/plain, then the HTML (with its images beside it in multipart/related).
    const head = headerBlock(got.raw);
    expect(head).toMatch(/^Content-Type: multipart\/alternative;/m);
    const body = got.raw.toString('utf8');
    const textAt = body.indexOf('Content-Type: text/plain; charset=utf-8');
    const relatedAt = body.indexOf('Content-Type: multipart/related');
    const htmlAt = body.indexOf('Content-Type: text/html; charset=utf-8');
    expect(textAt).toBeGreaterThan(0);
    expect(textAt).toBeLessThan(relatedAt);
    expect(relatedAt).toBeLessThan(htmlAt);
    expect(mail.text).toContain('Olá, builders,');
    expect(mail.text).toContain('Code Review Is a Conversation, Not a Verdict');
    expect(mail.html).toContain('Olá, builders,');

    // List-Unsubscribe and its One-Click partner, List-Id.
    expect(head).toMatch(/^List-Unsubscribe: <https:\/\/example\.com\/quiet-build\/unsubscribe>$/m);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(head).toMatch(/^List-ID: "The Quiet Build" <the-quiet-build\.example\.com>$/m);

    // The logo travels inline; the HTML points at it by cid only.
    const html = mail.html as string;
    expect(html).not.toMatch(/src="assets\//);
    const logo = mail.attachments.find((a) => a.filename === 'logo.png');
    expect(logo).toMatchObject({ related: true, contentType: 'image/png', contentDisposition: 'inline' });
    expect(html).toContain(`src="cid:${logo!.cid}"`);
    expect(logo!.content.equals(readFileSync(join(ws, 'assets/logo.png')))).toBe(true);
  });

  test('--to (repeatable) replaces test.to, --no-prefix drops [TEST], a named issue is sent, remote images stay links', async () => {
    const box = await smtp();
    const ws = makeWorkspace({
      'issues/2026-12-02-remote.md': issueSource(
        { subject: '"Ça marche 🚀"' },
        'A chart from the CDN:\n\n![Listeners by week](https://cdn.example.com/chart.png)\n',
      ),
    });
    const r = await runSend(['send', '--test', 'issues/2026-12-02-remote.md', '--no-prefix', '--to', 'Jo Doe <jo@example.com>', '--to', 'al@example.org'], {
      cwd: ws,
      env: { SMTP_URL: box.url },
    });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('issue: issues/2026-12-02-remote.md\n');
    expect(box.received[0]!.to).toEqual(['jo@example.com', 'al@example.org']);
    const mail = await simpleParser(box.received[0]!.raw, { keepCidLinks: true });
    expect(mail.subject).toBe('Ça marche 🚀');
    expect(mail.to).toMatchObject({
      value: [
        { name: 'Jo Doe', address: 'jo@example.com' },
        { name: '', address: 'al@example.org' },
      ],
    });
    // The header logo and the config's sponsor logo travel inline, each referenced by its cid; the CDN image stays a link.
    const html = mail.html as string;
    expect(html).toContain('src="https://cdn.example.com/chart.png"');
    expect(html).not.toMatch(/src="assets\//);
    const images = mail.attachments.filter((a) => a.related);
    expect(images.map((a) => a.filename).sort()).toEqual(['logo-dark.png', 'logo.png', 'sponsor.png']);
    for (const img of images) {
      expect(img.contentType).toBe('image/png');
      expect(html).toContain(`src="cid:${img.cid}"`);
      expect(img.content.equals(readFileSync(join(ws, 'assets', img.filename!)))).toBe(true);
    }
  });

  test('logs in with AUTH PLAIN from the URL (percent-encoded password) and never prints the password', async () => {
    const box = await smtp({
      authOptional: false,
      allowInsecureAuth: true,
      authMethods: ['PLAIN'],
      onAuth(auth, _session, cb) {
        if (auth.method === 'PLAIN' && auth.username === 'news@example.com' && auth.password === 'p@ss:w/rd-42') cb(null, { user: 'news' });
        else cb(smtpError(535, '5.7.8 Authentication credentials invalid'));
      },
    });
    const url = `smtp://news%40example.com:p%40ss%3Aw%2Frd-42@127.0.0.1:${box.port}`;
    const ws = makeWorkspace();
    const r = await runSend(['send', '--test'], { cwd: ws, env: { SMTP_URL: url } });
    expect(r.code).toBe(0);
    expect(box.received[0]?.user).toBe('news');
    expect(r.stdout).toContain(`through smtp://news%40example.com:****@127.0.0.1:${box.port}`);
    for (const secret of ['p@ss:w/rd-42', 'p%40ss%3Aw%2Frd-42']) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  test('S5 a wrong password (535), given with --smtp: exit 77, and the password is not printed', async () => {
    const box = await smtp({
      authOptional: false,
      allowInsecureAuth: true,
      authMethods: ['PLAIN'],
      onAuth: (_auth, _session, cb) => cb(smtpError(535, '5.7.8 Authentication credentials invalid')),
    });
    const ws = makeWorkspace();
    const bad = await runSend(['send', '--test', '--smtp', `smtp://news%40example.com:wrong-Secret-9@127.0.0.1:${box.port}`], { cwd: ws });
    expect(bad.code).toBe(77);
    expect(bad.stderr).toContain(`error[SMTP_AUTH]`);
    expect(bad.stderr).toContain(`127.0.0.1:${box.port} refused the login for user "news@example.com": 535 5.7.8 Authentication credentials invalid`);
    expect(bad.stdout + bad.stderr).not.toContain('wrong-Secret-9');
    expect(box.received).toHaveLength(0);
  });

  test('STARTTLS with a certificate trusted through --tls-ca, and ?starttls=required', async () => {
    const box = await smtp({ key: readFileSync(keyFile), cert: readFileSync(certFile), query: '?starttls=required' });
    const ws = makeWorkspace();
    const r = await runSend(['send', '--test', '--tls-ca', certFile], { cwd: ws, env: { SMTP_URL: box.url } });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(box.received[0]?.secure).toBe(true);
  });

  test('smtps:// speaks TLS from the first byte', async () => {
    const box = await smtp({ secure: true, key: readFileSync(keyFile), cert: readFileSync(certFile), scheme: 'smtps' });
    const ws = makeWorkspace();
    const r = await runSend(['send', '--test', '--tls-ca', certFile], { cwd: ws, env: { SMTP_URL: box.url } });
    expect(r.code).toBe(0);
    expect(box.received[0]?.secure).toBe(true);
  });

  test('without SMTP it writes dist/<slug>.eml, the complete message, and says how to configure SMTP', async () => {
    const ws = makeWorkspace();
    const r = await runSend(['send', '--test'], { cwd: ws });
    expect(r.code).toBe(0);
    const eml = join(ws, 'dist/2026-10-28-code-review-is-a-conversation.eml');
    expect(r.stdout).toContain('wrote dist/2026-10-28-code-review-is-a-conversation.eml');
    const howTo = r.stdout.split('\n').filter((l) => l.includes('SMTP_URL'));
    expect(howTo).toHaveLength(1);
    expect(howTo[0]).toMatch(/^not sent: no SMTP configured; set SMTP_URL=smtp:\/\/.*Mailpit listens on smtp:\/\/localhost:1025$/);

    const raw = readFileSync(eml);
    expect(raw.includes('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(raw.toString('latin1'))).toBe(false);
    const mail = await simpleParser(raw, { keepCidLinks: true });
    expect(mail.subject).toBe(SUBJECT);
    expect(addresses(mail.to)).toEqual(['me@example.com']);
    expect(mail.text).toContain('Olá, builders,');
    expect(
      mail.attachments
        .filter((a) => a.related)
        .map((a) => a.filename)
        .sort(),
    ).toEqual(['logo-dark.png', 'logo.png']);
    expect(headerBlock(raw)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    // Written atomically: no temp file left beside it.
    expect(readdirSync(join(ws, 'dist')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--dry-run writes the .eml and prints the envelope even with SMTP configured; nothing connects', async () => {
    const box = await smtp();
    const ws = makeWorkspace();
    const url = `smtp://me:dry-run-Secret@127.0.0.1:${box.port}`;
    const r = await runSend(['send', '--test', '--dry-run', '--to', 'a@example.com', '--to', 'b@example.org', '--out', 'out'], {
      cwd: ws,
      env: { SMTP_URL: url },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('envelope: MAIL FROM:<letters@example.com> RCPT TO:<a@example.com>, <b@example.org>');
    expect(r.stdout).toContain(`dry run: nothing sent; would send through smtp://me:****@127.0.0.1:${box.port}`);
    expect(r.stdout + r.stderr).not.toContain('dry-run-Secret');
    expect(box.connections).toBe(0);
    const mail = await simpleParser(readFileSync(join(ws, 'out/2026-10-28-code-review-is-a-conversation.eml')));
    expect(addresses(mail.to)).toEqual(['a@example.com', 'b@example.org']);
  });

  test.each([
    ['me@example.com\r\nBcc: victim@example.org', 'HEADER_INVALID', /holds a carriage return/],
    ['me@example.com, victim@example.org', 'ADDRESS_INVALID', /holds several addresses/],
    ['me@example.com victim@example.org', 'ADDRESS_INVALID', /several addresses glued/],
    ['undisclosed: me@example.com;', 'ADDRESS_INVALID', /group/],
  ])('refuses --to %j before connecting', async (to, code, why) => {
    const box = await smtp();
    const ws = makeWorkspace();
    const r = await runSend(['send', '--test', '--to', 'ok@example.com', '--to', to], { cwd: ws, env: { SMTP_URL: box.url } });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(`error[${code}]`);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/nothing was sent/);
    expect(box.connections).toBe(0);
  });

  test('a subject with a line break, a config without from, and send without --test are refused before connecting', async () => {
    const box = await smtp();
    const env = { SMTP_URL: box.url };
    const cr = makeWorkspace({ 'issues/2026-12-09-cr.md': issueSource({ subject: '"Hello\\r\\nBcc: victim@example.org"' }) });
    const r1 = await runSend(['send', '--test', 'issues/2026-12-09-cr.md'], { cwd: cr, env });
    expect(r1.code).toBe(65);
    expect(r1.stderr).toContain('error[HEADER_INVALID] issues/2026-12-09-cr.md:4\n  The subject holds a carriage return (CR)');

    const noFrom = makeWorkspace();
    const cfg = readFileSync(join(noFrom, 'newsletter.config.yaml'), 'utf8').replace(/^from: .*\n/m, '');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(noFrom, 'newsletter.config.yaml'), cfg);
    const r2 = await runSend(['send', '--test'], { cwd: noFrom, env });
    expect(r2.code).toBe(78);
    expect(r2.stderr).toContain('error[CONFIG_INVALID] newsletter.config.yaml');
    expect(r2.stderr).toContain('newsletter.config.yaml has no "from": sending needs a sender address');

    // --test is the only mode, so it is no longer needed: without it the same checks run.
    const r3 = await runSend(['send'], { cwd: noFrom, env });
    expect(r3.code).toBe(78);
    expect(r3.stderr).toContain('newsletter.config.yaml has no "from": sending needs a sender address');
    expect(box.connections).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// S1-S10 through the real bin: one line naming host:port and what the server said, the exit code, bounded time.

describe.concurrent('SMTP faults, end to end', () => {
  test('S1 connection refused → 69 with the Mailpit hint', async () => {
    const port = await closedPort();
    const r = await runSend(['send', '--test'], { cwd: makeWorkspace(), env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    expect(r.code).toBe(69);
    expect(r.stderr).toContain(`error[SMTP_CONNECTION]\n  Can't connect to 127.0.0.1:${port}: connection refused; nothing was sent\n  hint:`);
    expect(r.stderr).toContain('smtp://localhost:1025');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('S9 connection dropped mid-DATA → 75 delivery state unknown', async () => {
    const box = await smtp({
      onData(stream) {
        stream.once('data', () => box.sockets.forEach((s) => s.destroy()));
      },
    });
    const r = await runSend(['send', '--test'], { cwd: makeWorkspace(), env: { SMTP_URL: box.url } });
    expect(r.code).toBe(75);
    expect(r.stderr).toContain('error[SMTP_UNKNOWN_STATE]');
    expect(r.stderr).toContain(`Delivery state unknown: the connection to 127.0.0.1:${box.port} dropped while the message was being sent`);
    expect(r.stderr).toMatch(/Check the test inbox before sending again/);
  });

  test('S10 an HTTP server on the port → 75 after NEWSLETTER_SMTP_TIMEOUT_MS, naming the port', async () => {
    const port = await httpServer();
    const r = await runSend(['send', '--test'], { cwd: makeWorkspace(), env: { SMTP_URL: `smtp://127.0.0.1:${port}`, ...FAST } });
    expect(r.code).toBe(75);
    expect(r.stderr).toContain(`127.0.0.1:${port} accepted the connection but sent no SMTP greeting within 1 s; nothing was sent`);
  });

  test('a malformed SMTP_URL → 78, without its password', async () => {
    const r = await runSend(['send', '--test'], { cwd: makeWorkspace(), env: { SMTP_URL: 'smtp://me:Leak-Me-Not@mail.example.com:notaport' } });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('error[SMTP_URL]');
    expect(r.stderr).not.toContain('Leak-Me-Not');
  });

  test('--tls-ca naming a file that is not a certificate → 78', async () => {
    const ws = makeWorkspace({ 'ca.pem': 'not a certificate' });
    const r = await runSend(['send', '--test', '--tls-ca', 'ca.pem', '--smtp', 'smtp://127.0.0.1:1'], { cwd: ws });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('error[TLS_CA_INVALID] ca.pem');
  });

  // These two spawn the real bin: a signal is the process's.
  test('Ctrl-C while the server holds the message after DATA → 130, delivery state unknown', async () => {
    let held!: () => void;
    const whole = new Promise<void>((resolve) => (held = resolve));
    const box = await smtp({
      onData(stream) {
        stream.on('end', held); // the whole message is here; the answer never comes
        stream.resume();
      },
    });
    const run = spawnCli(['send', '--test'], { cwd: makeWorkspace(), env: { SMTP_URL: box.url } });
    await whole;
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(
      `newsletter: interrupted (SIGINT). Delivery state unknown: the message was being handed to 127.0.0.1:${box.port}; check the test inbox before sending again.`,
    );
  });

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while waiting for the greeting → %i, not sent', async (signal, code) => {
    let connected!: () => void;
    const connection = new Promise<void>((resolve) => (connected = resolve));
    const silent = await rawServer(() => connected());
    const run = spawnCli(['send', '--test'], { cwd: makeWorkspace(), env: { SMTP_URL: `smtp://127.0.0.1:${silent.port}` } });
    await connection;
    run.child.kill(signal);
    const r = await run.done;
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`newsletter: interrupted (${signal}). The test email was not sent.`);
  });
});

// ---------------------------------------------------------------------------
// The whole fault matrix through sendMessage, in process, against real sockets.

const raw = Buffer.from('From: a@example.com\r\nTo: b@example.com, c@example.com\r\nSubject: t\r\n\r\nhello\r\n');
const envelope = { from: 'a@example.com', to: ['b@example.com', 'c@example.com'] };

/**
 * One sendMessage. The timeout is generous unless a test waits for it to
 * fire (a server that never answers): a busy machine must not turn an
 * answer into a timeout.
 */
async function attempt(url: string, over: { ca?: string; timeoutMs?: number } = {}): Promise<{ err: NewsletterError | null }> {
  try {
    await sendMessage({ target: parseSmtpUrl(url, 'SMTP_URL'), envelope, raw, timeoutMs: over.timeoutMs ?? 60_000, ca: over.ca });
    return { err: null };
  } catch (e) {
    if (!(e instanceof NewsletterError)) throw e;
    return { err: e };
  }
}

/** For the servers that never answer: the timeout is what the test is about. */
const SILENCE = 1000;

describe.concurrent('SMTP fault matrix (sendMessage against real servers)', () => {
  test('a healthy server: sent to both, the envelope exactly as asked', async () => {
    const box = await smtp();
    const { err } = await attempt(box.url);
    expect(err).toBeNull();
    expect(box.received[0]).toMatchObject({ from: 'a@example.com', to: ['b@example.com', 'c@example.com'] });
  });

  test('the bytes that arrive are exactly the bytes buildMime made, which the .eml holds', async () => {
    const box = await smtp();
    const built = await buildMime({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'Ünïcode ✓',
      text: 'line one\n.starts with a dot\n..two dots',
      html: '<p>x</p>',
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    await sendMessage({ target: parseSmtpUrl(box.url, 'SMTP_URL'), envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw: built.raw });
    expect(box.received[0]!.raw.equals(built.raw)).toBe(true);
    expect(built.envelope).toEqual({ from: 'a@example.com', to: ['b@example.com'] });
  });

  test.each([
    {
      name: 'S1 connection refused',
      code: 'SMTP_CONNECTION',
      exit: 69,
      message: /connection refused/,
      url: async () => `smtp://127.0.0.1:${await closedPort()}`,
    },
    {
      name: 'S2 a server that never greets',
      code: 'SMTP_TIMEOUT',
      exit: 75,
      message: /sent no SMTP greeting within 1 s/,
      url: async () => `smtp://127.0.0.1:${(await rawServer()).port}`,
      timeoutMs: SILENCE,
    },
    {
      name: 'S10 an HTTP server on the port',
      code: 'SMTP_TIMEOUT',
      exit: 75,
      message: /sent no SMTP greeting within 1 s/,
      url: async () => `smtp://127.0.0.1:${await httpServer()}`,
      timeoutMs: SILENCE,
    },
    {
      name: 'S10 a server that answers with something other than SMTP',
      code: 'SMTP_CONNECTION',
      exit: 69,
      message: /answered "HTTP\/1.1 400 Bad Request", which is not an SMTP greeting/,
      url: async () => `smtp://127.0.0.1:${(await rawServer((s) => s.write('HTTP/1.1 400 Bad Request\r\n\r\n'))).port}`,
    },
    {
      name: 'S3 smtps:// to a plain SMTP port',
      code: 'SMTP_TLS',
      exit: 69,
      message: /does not speak TLS from the first byte/,
      url: async () => `smtps://127.0.0.1:${(await smtp()).port}`,
    },
  ] as { name: string; code: string; exit: number; message: RegExp; url: () => Promise<string>; timeoutMs?: number }[])(
    '$name → $code ($exit)',
    async ({ code, exit, message, url: makeUrl, timeoutMs }) => {
      const url = await makeUrl();
      const { err } = await attempt(url, { timeoutMs });
      expect(err?.code).toBe(code);
      expect(err?.exitCode).toBe(exit);
      expect(err?.message).toMatch(message);
      expect(err?.message).toContain(`127.0.0.1:${new URL(url).port}`);
    },
  );

  test('S3 smtp:// to an implicit-TLS port waits for a greeting that never comes; the hint names smtps://', async () => {
    const box = await smtp({ secure: true, key: readFileSync(keyFile), cert: readFileSync(certFile) });
    const { err } = await attempt(`smtp://127.0.0.1:${box.port}`, { timeoutMs: SILENCE });
    expect(err?.code).toBe('SMTP_TIMEOUT');
    expect(err?.hint).toMatch(/smtps:\/\//);
  });

  test('S4 STARTTLS required but not offered: never downgraded, nothing sent', async () => {
    const box = await smtp({ query: '?starttls=required' });
    const { err } = await attempt(box.url);
    expect(err?.code).toBe('SMTP_TLS');
    expect(err?.exitCode).toBe(69);
    expect(err?.message).toMatch(new RegExp(`127.0.0.1:${box.port} did not switch to TLS .*\\?starttls=required; nothing was sent`));
    expect(box.dataStarted).toBe(false);
  });

  test('S4 a self-signed certificate without --tls-ca is not trusted; nothing is sent', async () => {
    const box = await smtp({ key: readFileSync(keyFile), cert: readFileSync(certFile) });
    const { err } = await attempt(box.url);
    expect(err?.code).toBe('SMTP_TLS');
    expect(err?.exitCode).toBe(69);
    expect(err?.message).toBe(`The TLS certificate of 127.0.0.1:${box.port} is self-signed and not trusted; nothing was sent`);
    expect(err?.hint).toMatch(/pass it with --tls-ca FILE \(PEM\); verification is never turned off/);
    expect(box.received).toHaveLength(0);
  });

  test('S4 a certificate signed by another authority than --tls-ca', async () => {
    const box = await smtp({ key: readFileSync(keyFile), cert: readFileSync(certFile) });
    const other = mkdtempSync(join(tmpdir(), 'newsletter-ca-'));
    selfSignedCert(join(other, 'k.pem'), join(other, 'c.pem'), 'other');
    const { err } = await attempt(box.url, { ca: readFileSync(join(other, 'c.pem'), 'utf8') });
    rmSync(other, { recursive: true, force: true });
    expect(err?.code).toBe('SMTP_TLS');
    expect(err?.hint).toMatch(/--tls-ca is not the authority/);
    expect(box.received).toHaveLength(0);
  });

  test('S5 auth required (530) without a user in the URL → 77', async () => {
    const box = await smtp({ authOptional: false, allowInsecureAuth: true });
    const { err } = await attempt(box.url);
    expect(err?.code).toBe('SMTP_AUTH');
    expect(err?.exitCode).toBe(77);
    expect(err?.message).toMatch(/requires a login, and SMTP_URL has no user and password: 530/);
  });

  type Hook = (...args: never[]) => void;
  test.each<{ name: string; hooks: Record<string, Hook>; code: string; exit: number; message: RegExp; timeoutMs?: number }>([
    {
      name: 'S10 421 at the greeting',
      hooks: { onConnect: (_s: unknown, cb: (e?: Error) => void) => cb(smtpError(421, 'Too many connections, try later')) },
      code: 'SMTP_TEMPORARY',
      exit: 75,
      message: /not taking mail now: 421 Too many connections/,
    },
    {
      name: 'S6 451 greylisting at RCPT',
      hooks: { onRcptTo: (_a: unknown, _s: unknown, cb: (e?: Error) => void) => cb(smtpError(451, 'Greylisted')) },
      code: 'SMTP_TEMPORARY',
      exit: 75,
      message: /refused every recipient: 451 Greylisted/,
    },
    {
      name: 'S7 550 for every recipient',
      hooks: { onRcptTo: (_a: unknown, _s: unknown, cb: (e?: Error) => void) => cb(smtpError(550, 'No such user')) },
      code: 'SMTP_REJECTED',
      exit: 69,
      message: /refused every recipient: 550 No such user/,
    },
    {
      name: 'S7 550 for some recipients',
      hooks: {
        onRcptTo: (a: { address: string }, _s: unknown, cb: (e?: Error) => void) =>
          cb(a.address === 'c@example.com' ? smtpError(550, 'No such user here') : undefined),
      },
      code: 'SMTP_REJECTED',
      exit: 69,
      message: /Sent to b@example.com, but c@example.com was refused \(550 No such user here\)/,
    },
    {
      name: 'S6 451 after DATA',
      hooks: { onData: dataReply(451, 'Try again later') },
      code: 'SMTP_TEMPORARY',
      exit: 75,
      message: /refused the message: 451 Try again later/,
    },
    {
      name: 'S8 552 too large',
      hooks: { onData: dataReply(552, 'Message exceeds fixed maximum message size') },
      code: 'SMTP_REJECTED',
      exit: 69,
      message: /refused the message: 552 Message exceeds fixed maximum/,
    },
    {
      name: 'S8 554 content rejected',
      hooks: { onData: dataReply(554, 'Message rejected as spam') },
      code: 'SMTP_REJECTED',
      exit: 69,
      message: /refused the message: 554 Message rejected as spam/,
    },
    {
      name: 'S9 a stall after DATA',
      hooks: { onData: (stream: NodeJS.ReadableStream) => void stream.resume() },
      code: 'SMTP_UNKNOWN_STATE',
      exit: 75,
      message: /Delivery state unknown: .* did not answer within 1 s/,
      timeoutMs: SILENCE,
    },
  ])('$name → $code ($exit)', async ({ hooks, code, exit, message, timeoutMs }) => {
    const box = await smtp(hooks as Partial<SMTPServerOptions>);
    const { err } = await attempt(box.url, { timeoutMs });
    expect(err?.code).toBe(code);
    expect(err?.exitCode).toBe(exit);
    expect(err?.message).toMatch(message);
    expect(err?.message).toContain(`127.0.0.1:${box.port}`);
  });

  test('S8 a SIZE limit the server announces stops the message before DATA', async () => {
    const box = await smtp({ size: 20 });
    const { err } = await attempt(box.url);
    expect(err?.code).toBe('SMTP_REJECTED');
    expect(err?.message).toMatch(/takes at most/);
    expect(box.dataStarted).toBe(false);
  });
});

function dataReply(code: number, text: string) {
  return (stream: NodeJS.ReadableStream, _s: unknown, cb: (e?: Error) => void): void => {
    stream.resume();
    stream.on('end', () => cb(smtpError(code, text)));
  };
}

test('the example workspace the tests copy has the issues they expect', () => {
  expect(existsSync(join(ROOT, NEWEST))).toBe(true);
});
