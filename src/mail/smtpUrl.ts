import { NewsletterError } from '../problems/errors.js';

/** Where and how to send: the parsed SMTP_URL or --smtp. */
export interface SmtpTarget {
  /** Implicit TLS from the first byte (smtps://). */
  secure: boolean;
  /** Host name or IP address, IPv6 without brackets. */
  host: string;
  port: number;
  user: string | null;
  pass: string | null;
  /** Refuse to go on in plain text: STARTTLS must succeed (never a silent downgrade). */
  requireTLS: boolean;
  /** Why TLS is required, for the message when it can't be had. */
  tlsReason: 'url' | 'password' | null;
  /** `host:port`, as every message names the server. */
  hostPort: string;
  /** The URL with the password replaced by ****: safe to print. */
  display: string;
}

const EXAMPLES = 'e.g. SMTP_URL=smtp://user:password@smtp.example.com:587, smtps://user:password@smtp.example.com:465, or smtp://localhost:1025 for Mailpit';
const OPTIONS = ['starttls'] as const;

/**
 * parseSmtpUrl(text, source) → SmtpTarget, pure. `smtp://` upgrades with
 * STARTTLS when the server offers it; `smtps://` is TLS from the start;
 * `?starttls=required` refuses to continue without TLS. A password in the
 * URL makes TLS required too, unless the host is this machine, so that it
 * never crosses a network in clear. Errors never echo the URL as given:
 * only its redacted form.
 */
export function parseSmtpUrl(raw: string, source: string): SmtpTarget {
  const text = raw.trim();
  const fail = (what: string, hint = EXAMPLES): NewsletterError => new NewsletterError('SMTP_URL', `${source} ${what}`, { hint });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail(
      `is not a valid URL: ${redactUrlText(text)}`,
      `Percent-encode special characters in the user and password (@ as %40, : as %3A, / as %2F); ${EXAMPLES}`,
    );
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps') throw fail(`must start with smtp:// or smtps://, not ${scheme}://`);
  const secure = scheme === 'smtps';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw fail('has no host name');
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw fail(`has the port ${url.port}, which is not a port number`);
  if (url.pathname && url.pathname !== '/') throw fail(`has a path (${url.pathname}); an SMTP URL is only user, password, host and port`);
  if (url.hash) throw fail('has a #fragment; an SMTP URL is only user, password, host and port');

  let user: string | null = null;
  let pass: string | null = null;
  try {
    if (url.username) user = decodeURIComponent(url.username);
    if (url.password) pass = decodeURIComponent(url.password);
  } catch {
    throw fail(
      'has a user or password with a broken %-escape',
      'Percent-encode special characters in the user and password: @ as %40, : as %3A, / as %2F, % as %25',
    );
  }
  if (pass !== null && !user) throw fail('has a password but no user name');
  if (user !== null && pass === null) throw fail(`has the user "${user}" but no password`, 'Write smtp://user:password@host:port');

  let requireTLS = false;
  let tlsReason: SmtpTarget['tlsReason'] = null;
  for (const [key, value] of url.searchParams) {
    if (!(OPTIONS as readonly string[]).includes(key))
      throw fail(`has the unknown option "${key}"`, 'The one option is ?starttls=required (refuse to send without TLS)');
    if (value === 'required') {
      requireTLS = true;
      tlsReason = 'url';
    } else if (value !== 'auto' && value !== '') {
      throw fail(`has starttls=${value}; use starttls=required (or leave it out: STARTTLS is used whenever the server offers it)`);
    }
  }
  if (!secure && !requireTLS && pass !== null && !isLoopback(host)) {
    requireTLS = true;
    tlsReason = 'password';
  }

  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const userPart = user === null ? '' : `${encodeURIComponent(user)}:****@`;
  const display = `${scheme}://${userPart}${hostPort}${tlsReason === 'url' ? '?starttls=required' : ''}`;
  return { secure, host, port, user, pass, requireTLS, tlsReason, hostPort, display };
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Hides the password of every URL in a text: `smtp://me:****@host`. Used on
 * text that did not parse as a URL, where the password can't be located
 * exactly: everything between the user's ":" and the last "@" goes.
 */
export function redactUrlText(s: string): string {
  return s.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s]*@/gi, '$1****@');
}

/**
 * The strings to scrub from every line the send command prints: the
 * password as written in the URL, decoded, and as it travels base64-encoded
 * in AUTH PLAIN and AUTH LOGIN. Very short passwords are left to the URL
 * redaction alone, or every occurrence of a common letter would vanish.
 */
export function secretsOf(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  let user = '';
  let encoded = '';
  try {
    const url = new URL(raw.trim());
    user = url.username;
    encoded = url.password;
  } catch {
    const m = /\/\/([^\s:/?#@]*):([^\s]*)@/.exec(raw);
    user = m?.[1] ?? '';
    encoded = m?.[2] ?? '';
  }
  let pass = encoded;
  let decodedUser = user;
  try {
    pass = decodeURIComponent(encoded);
    decodedUser = decodeURIComponent(user);
  } catch {
    // keep the encoded form
  }
  const secrets = new Set([encoded, pass]);
  if (pass) {
    secrets.add(Buffer.from(pass).toString('base64'));
    secrets.add(Buffer.from(`\u0000${decodedUser}\u0000${pass}`).toString('base64'));
  }
  return [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** The text with every known secret replaced by ****. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('****');
  return out;
}
