import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { NewsletterError } from '../problems/errors.js';
import type { Envelope } from './compose.js';
import { checkRecipients, describeSmtpError, replyText, type RejectedRecipient, type SendPhase, type SmtpFailure } from './smtpErrors.js';
import type { SmtpTarget } from './smtpUrl.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface SendMessageOptions {
  target: SmtpTarget;
  envelope: Envelope;
  raw: Buffer;
  /** Connecting, the greeting, and any silence of the server each get this long; the setup twice, the whole send six times. */
  timeoutMs?: number | undefined;
  /** PEM of the authority to trust instead of the system's (--tls-ca). */
  ca?: string | undefined;
  /** Told each time the send moves on, so a Ctrl-C can say whether the message went out. */
  onPhase?: ((phase: SendPhase) => void) | undefined;
}

export interface SendResult {
  accepted: string[];
  /** The server's final reply to the message, e.g. "250 2.0.0 Ok: queued as 1234". */
  response: string;
}

/**
 * sendMessage(options) → the server took the message for every recipient,
 * or a NewsletterError that says what happened, whether anything could have
 * been delivered, and what to do. One connection, explicit timeouts, TLS
 * certificates always verified, STARTTLS never skipped when required.
 * Nodemailer's SMTP connection is driven step by step so that a failure or
 * a Ctrl-C knows whether the message had been handed over.
 */
export function sendMessage(opts: SendMessageOptions): Promise<SendResult> {
  const { target, envelope, raw } = opts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let phase: SendPhase = 'connect';
  const enter = (p: SendPhase): void => {
    phase = p;
    opts.onPhase?.(p);
  };

  const conn = new SMTPConnection({
    host: target.host,
    port: target.port,
    secure: target.secure,
    requireTLS: target.requireTLS,
    opportunisticTLS: false,
    tls: { ...(opts.ca ? { ca: opts.ca } : {}), rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    // The connection timeout bounds the whole setup (DNS, TCP, greeting, STARTTLS); each step gets timeoutMs.
    connectionTimeout: timeoutMs * 2,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    socketCloseTimeout: Math.min(timeoutMs, 1000),
    logger: false,
  });

  return new Promise<SendResult>((resolve, reject) => {
    let settled = false;
    const overall = setTimeout(() => fail({ message: 'The whole send took too long', code: 'ETIMEDOUT', timeoutType: 'TOTAL_TIMEOUT' }), timeoutMs * 6);
    const cleanup = (): void => {
      settled = true;
      clearTimeout(overall);
    };
    function fail(e: SmtpFailure): void {
      if (settled) return;
      cleanup();
      conn.close();
      const failure: SmtpFailure = { ...e, message: e.message, connected: conn.stage === 'connected', greeted: Boolean(conn.lastServerResponse) };
      reject(describeSmtpError(failure, { target, phase, timeoutMs, tlsCa: Boolean(opts.ca), messageBytes: raw.length }));
    }

    conn.on('error', (e: SmtpFailure) => fail(e));
    conn.connect((err) => {
      if (err) return fail(err);
      if (target.user && target.pass !== null && conn.allowsAuth) {
        enter('auth');
        conn.login({ user: target.user, pass: target.pass }, (e) => (e ? fail(e) : transfer()));
      } else transfer();
    });

    function transfer(): void {
      if (settled) return;
      enter('envelope');
      // Read only once the server said 354: from then on a lost connection leaves the outcome unknown.
      const message = new Readable({
        read() {
          enter('data');
          this.push(raw);
          this.push(null);
        },
      });
      conn.send({ from: envelope.from, to: envelope.to, size: raw.length }, message, (e, info) => {
        if (e || !info) return fail(e ?? { message: 'no reply' });
        enter('done');
        cleanup();
        conn.quit();
        const rejected: RejectedRecipient[] = (info.rejectedErrors ?? []).map((r) => ({
          address: (r as { recipient?: string }).recipient ?? '',
          reply: replyText(r.response),
          status: r.responseCode,
        }));
        for (const a of info.rejected) if (!rejected.some((r) => r.address === a)) rejected.push({ address: a, reply: '', status: undefined });
        const problem = checkRecipients(envelope.to, info.accepted, rejected);
        if (problem) return reject(new NewsletterError(problem.code, `${target.hostPort}: ${problem.message}`, { hint: problem.hint }));
        resolve({ accepted: info.accepted, response: replyText(info.response) });
      });
    }
  });
}

/** What a Ctrl-C (or SIGTERM) at this point of a send means for the message: one sentence. */
export function deliveryNote(phase: SendPhase, hostPort: string): string {
  if (phase === 'done') return `The test email was sent (${hostPort} accepted it).`;
  if (phase === 'data') return `Delivery state unknown: the message was being handed to ${hostPort}; check the test inbox before sending again.`;
  return 'The test email was not sent.';
}
