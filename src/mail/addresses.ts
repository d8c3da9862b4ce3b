import { domainToASCII } from 'node:url';

/** One mailbox: an optional display name and exactly one address. */
export interface Mailbox {
  name: string | null;
  address: string;
}

/**
 * Characters no mail header may carry: line breaks of every kind (CR, LF,
 * NEL, U+2028, U+2029), NUL and the other C0 controls, DEL. A header line
 * break in a recipient or subject can add headers or replace recipients.
 */
const FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/;

/** The name of a forbidden character, for a message, or null when the text is clean. */
export function forbiddenChar(s: string): string | null {
  const m = FORBIDDEN.exec(s);
  if (!m) return null;
  const c = m[0];
  const names: Record<string, string> = {
    '\r': 'a carriage return (CR)',
    '\n': 'a line break (LF)',
    '\u0000': 'a NUL byte',
    '\u0085': 'a next-line character (U+0085)',
    '\u2028': 'a line separator (U+2028)',
    '\u2029': 'a paragraph separator (U+2029)',
  };
  return names[c] ?? `a control character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
}

const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Parses one mailbox the strict way: `me@example.com`, `<me@example.com>`,
 * `Me <me@example.com>` or `"Me, Myself" <me@example.com>`. Everything that
 * could make one string mean other or several recipients is refused rather
 * than guessed at: line breaks and controls, groups (`team: a@x, b@y;`),
 * comments (`(...)`), several addresses (`a@x, b@y`, `a@x b@y`), quoted
 * local parts, a display name that itself looks like an address. Pure.
 */
export function parseMailbox(input: string): { mailbox: Mailbox } | { error: string } {
  const bad = forbiddenChar(input);
  if (bad) return { error: `holds ${bad}` };
  const s = input.trim();
  if (!s) return { error: 'is empty' };

  // One scan that knows what is quoted: the specials outside quotes decide the shape.
  let inQuote = false;
  let ats = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === ',' || c === ';') return { error: 'holds several addresses (give each one its own --to, or its own line in test.to)' };
    else if (c === ':') return { error: 'is a group ("name: addresses;"); give each address on its own' };
    else if (c === '(' || c === ')') return { error: 'holds a comment in parentheses; give the bare address' };
    else if (c === '@') ats++;
  }
  if (inQuote) return { error: 'has a quote that is never closed' };
  if (ats > 1) return { error: 'holds several addresses glued together; give one address' };

  const open = indexOutsideQuotes(s, '<');
  if (open < 0) {
    if (s.includes('>')) return { error: 'has a ">" without a "<"' };
    const address = parseAddrSpec(s);
    return typeof address === 'string' ? { mailbox: { name: null, address } } : address;
  }
  if (!s.endsWith('>') || s.indexOf('>') !== s.length - 1 || s.indexOf('<', open + 1) >= 0) {
    return { error: 'must end with a single <address>' };
  }
  const address = parseAddrSpec(s.slice(open + 1, -1).trim());
  if (typeof address !== 'string') return address;
  const name = parsePhrase(s.slice(0, open).trim());
  if (typeof name !== 'string' && name !== null) return name;
  return { mailbox: { name, address } };
}

function indexOutsideQuotes(s: string, ch: string): number {
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === ch) return i;
  }
  return -1;
}

/** The display name: a quoted string, or words (letters of any script, digits, spaces, a few marks). */
function parsePhrase(p: string): string | null | { error: string } {
  if (!p) return null;
  let name: string;
  if (p.startsWith('"')) {
    if (!p.endsWith('"') || p.length < 2) return { error: 'has text outside the quoted name' };
    name = p.slice(1, -1).replace(/\\(.)/g, '$1');
    if (/(?<!\\)"/.test(p.slice(1, -1))) return { error: 'has text outside the quoted name' };
  } else {
    if (/["\\[\]<>@]/.test(p)) return { error: 'has a name with special characters; put the name in double quotes' };
    name = p.replace(/\s+/g, ' ');
  }
  name = name.trim();
  // "me@example.com" <other@example.net> shows one address and sends to another.
  if (name.includes('@')) return { error: 'has a display name that looks like an address; give the name without "@"' };
  return name || null;
}

/** local@domain, ASCII dot-atom local part, a host name (IDN allowed, turned to punycode). */
function parseAddrSpec(a: string): string | { error: string } {
  if (!a) return { error: 'has no address' };
  if (a.startsWith('"')) return { error: 'has a quoted local part ("..."@); give a plain address' };
  if (/\s/.test(a)) return { error: 'has a space in the address' };
  const at = a.lastIndexOf('@');
  if (at < 0) return { error: 'is not an email address (no "@")' };
  const local = a.slice(0, at);
  const domainIn = a.slice(at + 1);
  if (!local) return { error: 'has nothing before the "@"' };
  if (local.length > 64) return { error: 'has a part before "@" longer than 64 characters' };
  if (/[^\x21-\x7e]/.test(local)) return { error: 'has non-ASCII characters before the "@", which needs SMTPUTF8; give an ASCII address' };
  if (!local.split('.').every((part) => ATEXT.test(part))) return { error: `is not a valid address ("${local}" before the "@")` };
  if (!domainIn) return { error: 'has no domain after the "@"' };
  if (domainIn.startsWith('[')) return { error: 'has an IP address as domain; give a host name' };
  const domain = domainToASCII(domainIn.replace(/\.$/, '')).toLowerCase();
  if (!domain || domain.length > 253 || !domain.split('.').every((l) => LABEL.test(l)))
    return { error: `has "${domainIn}" as domain, which is not a host name` };
  const address = `${local}@${domain}`;
  if (address.length > 254) return { error: 'is longer than 254 characters' };
  return address;
}

/** `Name <address>` with the name quoted when it needs to be; for messages and the envelope print-out. */
export function formatMailbox(m: Mailbox): string {
  if (!m.name) return m.address;
  const name = /^[\p{L}\p{N} .'!#$%&*+/=?^_`{|}~-]+$/u.test(m.name) ? m.name : `"${m.name.replace(/(["\\])/g, '\\$1')}"`;
  return `${name} <${m.address}>`;
}

/** The domain of an address, lower-cased. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** The same addresses, each once, in the order first given (compared case-insensitively, as mail systems do in practice). */
export function uniqueMailboxes(list: Mailbox[]): Mailbox[] {
  const seen = new Set<string>();
  return list.filter((m) => {
    const key = m.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
