import { NewsletterError, type ErrorCode } from '../problems/errors.js';
import type { SmtpTarget } from './smtpUrl.js';
import { kb } from '../util/format.js';

/** How far a send got: decides whether a failure can have delivered the message. */
export type SendPhase = 'connect' | 'auth' | 'envelope' | 'data' | 'done';

/** The fields of a nodemailer error this module reads. */
export interface SmtpFailure {
  message: string;
  code?: string | undefined;
  originalCode?: string | undefined;
  command?: string | undefined;
  response?: string | undefined;
  responseCode?: number | undefined;
  timeoutType?: string | undefined;
  reason?: string | undefined;
  /** The TCP (or TLS) connection was up. */
  connected?: boolean | undefined;
  /** The server had said anything at all (its greeting, at least). */
  greeted?: boolean | undefined;
}

export interface FailureContext {
  target: SmtpTarget;
  phase: SendPhase;
  timeoutMs: number;
  /** A --tls-ca file was given. */
  tlsCa: boolean;
  messageBytes: number;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const MAILPIT = 'a local test inbox such as Mailpit listens on smtp://localhost:1025';

/** The server's reply as one printable line: control characters out, at most 300 characters. */
export function replyText(response: string | undefined): string {
  if (!response) return '';
  const one = response
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return one.length > 300 ? one.slice(0, 299) + '…' : one;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/**
 * describeSmtpError(error, context) → one NewsletterError saying which
 * server, what it said, and what to do, with the exit code the fault
 * deserves: 69 refused for good, 75 try again later (4xx, timeouts, and a
 * message whose delivery is unknown), 77 login. Pure.
 */
export function describeSmtpError(e: SmtpFailure, ctx: FailureContext): NewsletterError {
  const { target, phase } = ctx;
  const at = target.hostPort;
  const said = replyText(e.response);
  const status = e.responseCode ?? (said ? Number(/^\d{3}/.exec(said)?.[0]) || undefined : undefined);
  const make = (code: ErrorCode, message: string, hint: string): NewsletterError => new NewsletterError(code, message, { hint, cause: e });
  const sys = e.originalCode ?? (e.code && !e.code.startsWith('E') ? e.code : undefined) ?? /\b(E[A-Z]{4,})\b/.exec(e.message)?.[1];

  // Once the message was handed over, only a reply from the server settles what happened to it.
  if (phase === 'data' && !status) {
    const how =
      e.code === 'ETIMEDOUT'
        ? `${at} did not answer within ${seconds(ctx.timeoutMs)} after the message was sent`
        : `the connection to ${at} dropped while the message was being sent`;
    return make(
      'SMTP_UNKNOWN_STATE',
      `Delivery state unknown: ${how}; the server may or may not have accepted it`,
      'Check the test inbox before sending again; if it is not there, send again',
    );
  }

  if (e.code === 'EAUTH') {
    return make(
      'SMTP_AUTH',
      `${at} refused the login for user "${target.user ?? ''}"${said ? `: ${said}` : ''}`,
      'Check the user and password in SMTP_URL (or --smtp); percent-encode special characters in them, e.g. @ as %40, : as %3A, / as %2F',
    );
  }
  if (status === 530 || (status !== undefined && status >= 500 && /\bauthentication required\b/i.test(said))) {
    return make(
      'SMTP_AUTH',
      `${at} requires a login${target.user ? '' : ', and SMTP_URL has no user and password'}: ${said}`,
      'Put them in the URL: SMTP_URL=smtp://USER:PASSWORD@host:port (the password is never printed)',
    );
  }

  if (e.code === 'ETLS' || e.code === 'ESOCKET' || e.code === 'ECONNECTION') {
    const text = `${e.message} ${sys ?? ''} ${e.reason ?? ''}`;
    const cert = [...CERT_CODES].find((c) => text.includes(c)) ?? (/certificate|self[- ]signed/i.test(text) ? 'CERT' : null);
    if (cert) {
      const why =
        cert === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? `is for another host name than ${target.host}`
          : cert === 'CERT_HAS_EXPIRED'
            ? 'has expired'
            : cert === 'CERT_NOT_YET_VALID'
              ? 'is not valid yet'
              : /self[- ]signed/i.test(text)
                ? 'is self-signed and not trusted'
                : 'is not signed by a trusted authority';
      const hint =
        cert === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? 'Connect with the host name the certificate was issued for'
          : ctx.tlsCa
            ? 'The file given with --tls-ca is not the authority that signed this certificate; verification is never turned off'
            : 'If the server uses a private CA or a self-signed certificate, pass it with --tls-ca FILE (PEM); verification is never turned off';
      return make('SMTP_TLS', `The TLS certificate of ${at} ${why}; nothing was sent`, hint);
    }
    if (/wrong version number|packet length too long|unknown protocol|record layer failure|http request/i.test(text)) {
      return make(
        'SMTP_TLS',
        `${at} does not speak TLS from the first byte, as smtps:// expects; nothing was sent`,
        `Use smtp://${target.hostPort} if this port offers STARTTLS (587 and 25 usually do); smtps:// is for implicit-TLS ports such as 465`,
      );
    }
    if (e.command === 'STARTTLS' || (e.code === 'ETLS' && !target.secure)) {
      const why =
        target.tlsReason === 'password'
          ? ', and the URL has a password, which is never sent in clear to another machine'
          : target.tlsReason === 'url'
            ? ', and the URL asks for ?starttls=required'
            : '; a session that offered TLS does not go on in plain text';
      return make(
        'SMTP_TLS',
        `${at} did not switch to TLS (STARTTLS${said ? `: ${said}` : ' failed'})${why}; nothing was sent`,
        'Use smtps:// if the server has an implicit-TLS port (usually 465), or fix STARTTLS on the server',
      );
    }
  }

  if (e.code === 'ETIMEDOUT') {
    // The idle-socket timer and the greeting timer start together; either way, a connection without a word from the server.
    if (e.timeoutType === 'GREETING_TIMEOUT' || (phase === 'connect' && e.connected && !e.greeted)) {
      return make(
        'SMTP_TIMEOUT',
        `${at} accepted the connection but sent no SMTP greeting within ${seconds(ctx.timeoutMs)}; nothing was sent`,
        !target.secure && target.port === 465
          ? `Port 465 expects TLS from the first byte: use smtps://${target.hostPort}`
          : 'Check the host and port: what listens there does not speak SMTP (a web server, or a TLS-only port that needs smtps://)',
      );
    }
    if (e.timeoutType === 'TOTAL_TIMEOUT') {
      return make(
        'SMTP_TIMEOUT',
        `${at} took more than ${seconds(ctx.timeoutMs * 6)} for the whole send; nothing was sent`,
        'The server is very slow: try again later',
      );
    }
    if (e.timeoutType === 'CONNECT_TIMEOUT' || phase === 'connect') {
      return make(
        'SMTP_TIMEOUT',
        `Could not connect to ${at} within ${seconds(ctx.timeoutMs)}; nothing was sent`,
        'Check the host and port, and that no firewall blocks it; try again later',
      );
    }
    return make('SMTP_TIMEOUT', `${at} stopped answering for ${seconds(ctx.timeoutMs)}; nothing was sent`, 'Try again later');
  }

  if (status === 421) {
    return make('SMTP_TEMPORARY', `${at} is not taking mail now: ${said}; nothing was sent`, 'This is temporary: try again in a few minutes');
  }

  if (e.code === 'EPROTOCOL' && /greeting/i.test(e.message)) {
    return make(
      'SMTP_CONNECTION',
      `${at} answered "${said.slice(0, 80)}", which is not an SMTP greeting; nothing was sent`,
      'Check the host and port of SMTP_URL: another service (HTTP?) listens there',
    );
  }

  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') {
    const temporary = status !== undefined && status >= 400 && status < 500;
    const code: ErrorCode = temporary ? 'SMTP_TEMPORARY' : 'SMTP_REJECTED';
    const retry = 'This is temporary (greylisting, or a busy server): try again in a few minutes';
    if (e.command === 'MAIL FROM' && /size larger than allowed (\d+)/i.test(e.message)) {
      const max = Number(/allowed (\d+)/i.exec(e.message)?.[1]);
      return make(
        'SMTP_REJECTED',
        `The message is ${kb(ctx.messageBytes)} KB; ${at} takes at most ${kb(max)} KB; nothing was sent`,
        'Make the issue or its images smaller',
      );
    }
    if (e.command === 'MAIL FROM') {
      return make(
        code,
        `${at} refused the sender: ${said}; nothing was sent`,
        temporary ? retry : 'Use a "from" address this server may send for (newsletter.config.yaml)',
      );
    }
    if (e.command === 'RCPT TO') {
      return make(
        code,
        `${at} refused every recipient: ${said}; nothing was sent`,
        temporary ? retry : 'Check the addresses in test.to (newsletter.config.yaml) or --to',
      );
    }
    const hint = temporary
      ? retry
      : status === 552
        ? `The message is ${kb(ctx.messageBytes)} KB: make the issue or its images smaller`
        : status === 554 || status === 550
          ? "The server's filter refused the content; its reply says why"
          : "The server's reply says why";
    return make(code, `${at} refused the message: ${said || e.message}; nothing was sent`, hint);
  }

  if (sys === 'ECONNREFUSED') {
    return make('SMTP_CONNECTION', `Can't connect to ${at}: connection refused; nothing was sent`, `Is the SMTP server running on that port? ${cap(MAILPIT)}`);
  }
  if (sys === 'ENOTFOUND' || sys === 'EAI_AGAIN' || e.code === 'EDNS') {
    return make('SMTP_CONNECTION', `Can't find the host ${target.host}; nothing was sent`, 'Check the host name in SMTP_URL (or --smtp)');
  }
  if (sys === 'EHOSTUNREACH' || sys === 'ENETUNREACH') {
    return make('SMTP_CONNECTION', `Can't reach ${at} (${sys}); nothing was sent`, 'Check the network and the host name in SMTP_URL');
  }
  if (e.code === 'ECONNECTION' || sys === 'ECONNRESET' || sys === 'EPIPE') {
    return make(
      'SMTP_CONNECTION',
      `${at} closed the connection${phase === 'connect' ? ' before the SMTP session started' : ''}${said ? `: ${said}` : ''}; nothing was sent`,
      target.secure ? 'Check the port: smtps:// needs an implicit-TLS port (usually 465)' : 'Check the host and port; try again later',
    );
  }
  return make('SMTP_CONNECTION', `Sending through ${at} failed: ${replyText(e.message)}; nothing was sent`, 'Check SMTP_URL; try again later');
}

/** Bytes as KB with one decimal, like build prints sizes. */
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A recipient the server refused while it took the message for others. */
export interface RejectedRecipient {
  address: string;
  reply: string;
  status: number | undefined;
}

/**
 * checkRecipients(asked, accepted, rejected) → the problem, or null when
 * the server accepted exactly the addresses asked for. A recipient left
 * out, or one nobody asked for, is a failure even when the rest went out. Pure.
 */
export function checkRecipients(asked: string[], accepted: string[], rejected: RejectedRecipient[]): { code: ErrorCode; message: string; hint: string } | null {
  const norm = (a: string): string => a.trim().toLowerCase();
  const want = new Set(asked.map(norm));
  const got = new Set(accepted.map(norm));
  const extra = [...got].filter((a) => !want.has(a));
  if (extra.length) {
    return {
      code: 'SMTP_UNKNOWN_STATE',
      message: `The server reports recipients that were never asked for: ${extra.join(', ')}`,
      hint: 'This is a bug or a misbehaving server; check the test inbox',
    };
  }
  const refused = rejected.filter((r) => want.has(norm(r.address)));
  const missing = [...want].filter((a) => !got.has(a) && !refused.some((r) => norm(r.address) === a));
  if (!refused.length && !missing.length) return null;
  const sentTo = accepted.length ? `Sent to ${accepted.join(', ')}, but` : 'Nothing was sent:';
  const parts = [...refused.map((r) => `${r.address} was refused (${r.reply || 'no reply'})`), ...missing.map((a) => `${a} was not accepted`)];
  const temporary = refused.length > 0 && refused.every((r) => r.status !== undefined && r.status >= 400 && r.status < 500) && !missing.length;
  return {
    code: temporary ? 'SMTP_TEMPORARY' : 'SMTP_REJECTED',
    message: `${sentTo} ${parts.join('; ')}`,
    hint: temporary
      ? 'This is temporary (greylisting?): send again later to those addresses with --to'
      : 'Check those addresses in test.to (newsletter.config.yaml) or --to',
  };
}
