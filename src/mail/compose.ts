import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { SendMailOptions } from 'nodemailer/lib/mailer';
import { NewsletterError, type Warning } from '../problems/errors.js';
import type { Config, Issue } from '../parse/types.js';
import { Fields } from '../parse/fields.js';
import { domainOf, forbiddenChar, parseMailbox, type Mailbox } from './addresses.js';
import { decodeAttr } from '../util/format.js';

/** A local image the HTML uses, with its bytes, to travel inside the message. */
export interface InlineImage {
  /** The src as the HTML has it (workspace-relative, e.g. assets/logo.png). */
  src: string;
  content: Buffer;
}

/** Who the message is from, as the config says: checked before anything is rendered. */
export interface Sender {
  from: Mailbox;
  replyTo: Mailbox | null;
}

export interface ComposeInput {
  config: Config;
  sender: Sender;
  issue: Pick<Issue, 'file' | 'lines' | 'subject'>;
  rendered: { subject: string; html: string; text: string };
  to: Mailbox[];
  /** Put `[TEST] ` before the subject. */
  prefix: boolean;
  images: InlineImage[];
}

export interface Envelope {
  from: string;
  to: string[];
}

export interface ComposedMessage {
  /** What nodemailer turns into MIME: nothing in it reads files or URLs. */
  mail: SendMailOptions;
  envelope: Envelope;
  subject: string;
  warnings: Warning[];
}

export const TEST_PREFIX = '[TEST] ';

/**
 * composeMessage(input) → the message as data, pure. Every header field is
 * checked here, before anything connects: a line break or control character
 * in the subject, a name or an address is refused with the file and line it
 * came from. The HTML of this copy points its local images at cid: parts.
 */
export function composeMessage(input: ComposeInput): ComposedMessage {
  const { config, issue, rendered } = input;
  const cfg = new Fields(config.file, config.lines);
  const warnings: Warning[] = [];

  const { from, replyTo } = input.sender;

  const subjectField = issue.subject ? 'subject' : 'title';
  const bad = forbiddenChar(rendered.subject);
  if (bad) {
    throw new NewsletterError('HEADER_INVALID', `The subject holds ${bad}, which a mail header can't carry`, {
      file: issue.file,
      line: issue.lines.get(subjectField),
      hint: `Write the ${subjectField} on one line`,
    });
  }
  const subject = (input.prefix ? TEST_PREFIX : '') + rendered.subject.trim();

  const nameBad = forbiddenChar(config.name);
  if (nameBad) {
    throw new NewsletterError('HEADER_INVALID', `"name" holds ${nameBad}; it goes into the List-Id header, which can't carry it`, {
      file: config.file,
      line: cfg.line('name'),
      hint: 'Write the name on one line',
    });
  }

  const list: NonNullable<SendMailOptions['list']> = { id: { url: listId(config.name, domainOf(from.address)), comment: config.name } };
  const headers: Record<string, string> = {};
  const unsubscribe = config.footer.unsubscribe_url;
  if (!unsubscribe) {
    warnings.push({
      rule: 'unsubscribe',
      message: 'The message has no List-Unsubscribe header: the config has no footer.unsubscribe_url',
      file: config.file,
      hint: 'Add footer.unsubscribe_url: https://...; Gmail and Yahoo require one-click unsubscribe from bulk senders',
    });
  } else if (!/^https:\/\//i.test(unsubscribe)) {
    list.unsubscribe = unsubscribe;
    warnings.push({
      rule: 'unsubscribe',
      message: `footer.unsubscribe_url is not https, so the message has no List-Unsubscribe-Post (one-click) header`,
      file: config.file,
      line: cfg.line('footer.unsubscribe_url'),
      hint: 'One-click unsubscribe (RFC 8058) needs an https:// URL',
    });
  } else {
    list.unsubscribe = unsubscribe;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }

  const attachments = input.images.map((img) => ({
    filename: basename(img.src.split(/[?#]/)[0] ?? img.src),
    content: img.content,
    cid: contentId(img),
    contentDisposition: 'inline',
  }));
  const html = inlineImages(rendered.html, new Map(input.images.map((img) => [img.src, contentId(img)])));

  const to = input.to.map((m) => ({ name: m.name ?? '', address: m.address }));
  const mail: SendMailOptions = {
    from: { name: from.name ?? '', address: from.address },
    ...(replyTo ? { replyTo: { name: replyTo.name ?? '', address: replyTo.address } } : {}),
    ...(to.length ? { to } : {}),
    subject,
    text: rendered.text,
    html,
    attachments,
    list,
    headers,
    // The message is built from the strings above only: never from a path or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return { mail, envelope: { from: from.address, to: input.to.map((m) => m.address) }, subject, warnings };
}

/**
 * senderOf(config) → From and Reply-To, pure: `from` is required to send, and
 * each must be exactly one address on one line. The errors name the config
 * file and line.
 */
export function senderOf(config: Config): Sender {
  const cfg = new Fields(config.file, config.lines);
  return { from: configMailbox(config, cfg, 'from', true)!, replyTo: configMailbox(config, cfg, 'reply_to', false) };
}

function configMailbox(config: Config, cfg: Fields, key: 'from' | 'reply_to', required: boolean): Mailbox | null {
  const value = config[key];
  const where = { file: config.file, line: cfg.line(key) };
  if (!value) {
    if (!required) return null;
    throw new NewsletterError('CONFIG_INVALID', `${basename(config.file)} has no "${key}": sending needs a sender address`, {
      ...where,
      hint: `Add a line like ${key}: "Your Name <you@example.com>"`,
    });
  }
  const bad = forbiddenChar(value);
  if (bad) {
    throw new NewsletterError('HEADER_INVALID', `"${key}" holds ${bad}, which a mail header can't carry`, { ...where, hint: `Write ${key} on one line` });
  }
  const parsed = parseMailbox(value);
  if ('error' in parsed) {
    throw new NewsletterError('CONFIG_INVALID', `"${key}" in ${basename(config.file)} ${parsed.error}`, {
      ...where,
      hint: `Write one address, e.g. ${key}: "Your Name <you@example.com>"`,
    });
  }
  return parsed.mailbox;
}

/**
 * The List-Id (RFC 2919) of the newsletter: its name as a label under the
 * sender's domain, `The Quiet Build` + example.com → the-quiet-build.example.com.
 */
export function listId(name: string, domain: string): string {
  const label =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'newsletter';
  return `${label}.${domain}`;
}

/** A Content-ID that depends on the image's bytes and name only: the same image, the same cid. */
export function contentId(img: InlineImage): string {
  const hash = createHash('sha256').update(img.content).digest('hex').slice(0, 12);
  const name = (basename(img.src).replace(/[^A-Za-z0-9._-]+/g, '-') || 'image').slice(0, 40);
  return `${hash}.${name}@newsletter`;
}

/**
 * The HTML with each `<img src>` that names a local image pointed at its
 * cid: part. Other images (https://...) are left as they are. Pure.
 */
export function inlineImages(html: string, cids: Map<string, string>): string {
  if (cids.size === 0) return html;
  return html.replace(/(<img\b[^>]*?\bsrc=)(["'])(.*?)\2/gi, (whole, head: string, q: string, value: string) => {
    const cid = cids.get(decodeAttr(value));
    return cid ? `${head}${q}cid:${cid}${q}` : whole;
  });
}

/**
 * Compares the envelope nodemailer derived from the headers it wrote with
 * the one asked for: any difference means a header says something other
 * than the addresses that were checked, so nothing is sent. Pure.
 */
export function envelopeMismatch(asked: Envelope, built: { from: string | false; to: string[] }): string | null {
  const norm = (a: string): string => a.trim().toLowerCase();
  if (built.from === false || norm(built.from) !== norm(asked.from)) return `the sender became ${String(built.from)} instead of ${asked.from}`;
  const want = asked.to.map(norm).sort();
  const got = built.to.map(norm).sort();
  if (want.length !== got.length || want.some((a, i) => a !== got[i])) {
    return `the recipients became ${got.join(', ') || '(none)'} instead of ${want.join(', ') || '(none)'}`;
  }
  return null;
}
