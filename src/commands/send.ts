import { X509Certificate } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { outputDir } from '../workspace/outputDir.js';
import { NewsletterError } from '../problems/errors.js';
import { forbiddenChar, formatMailbox, parseMailbox, uniqueMailboxes, type Mailbox } from '../mail/addresses.js';
import { composeMessage, envelopeMismatch, senderOf, type InlineImage } from '../mail/compose.js';
import { buildMime } from '../mail/mime.js';
import { DEFAULT_TIMEOUT_MS, deliveryNote, sendMessage } from '../mail/sendMessage.js';
import type { SendPhase } from '../mail/smtpErrors.js';
import { kb } from '../util/format.js';
import { parseSmtpUrl } from '../mail/smtpUrl.js';
import { Fields } from '../parse/fields.js';
import { readTextFile, writeFileAtomic } from '../workspace/files.js';
import { onInterrupt } from '../util/interrupt.js';
import { openWorkspace, planOne, type Workspace } from '../workspace/openWorkspace.js';
import { imageWhere } from './build.js';
import { configProblems, renderAndLint, warningProblems } from './pipeline.js';
import type { Problem } from '../problems/problem.js';

export interface SendOptions {
  cwd: string;
  config?: string | undefined;
  /** The issue file; default: the newest non-draft issue in issues/. */
  issue?: string | undefined;
  /** --to, repeatable; replaces test.to when given. */
  to: string[];
  /** --smtp; SMTP_URL from env otherwise. */
  smtp?: string | undefined;
  tlsCa?: string | undefined;
  dryRun?: boolean | undefined;
  /** false with --no-prefix. */
  prefix: boolean;
  out?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Fail (exit 69) instead of writing the .eml when no SMTP server is configured. */
  requireSmtp?: boolean | undefined;
}

/** What a send did, for --json (docs/cli.md): sent over SMTP, or written as an .eml. */
export interface SendResult {
  issue: string;
  slug: string;
  subject: string;
  to: string[];
  sent: boolean;
  /** The .eml written (no SMTP, or --dry-run), else null. */
  eml: string | null;
  /** The SMTP server, password hidden, or null when none is configured. */
  smtp: string | null;
  dryRun: boolean;
  /** The server's last reply, when sent. */
  response: string | null;
}

export interface SendLog {
  /** A line for stdout: what was picked, written, sent. */
  info: (line: string) => void;
  warn: (p: Problem) => void;
}

export const MAILPIT_LINE = 'a local test inbox such as Mailpit listens on smtp://localhost:1025';

/**
 * `newsletter send --test`: render the issue on the build path, compose the
 * test email, then send it over SMTP, or write it as <out>/<slug>.eml when
 * no SMTP is configured or with --dry-run. Everything that can be refused
 * (URL, CA file, addresses, header fields) is refused before connecting.
 */
export async function send(opts: SendOptions, log: SendLog): Promise<SendResult> {
  // A Ctrl-C says whether the email went out: the process-wide handler prints this hook's sentence.
  const progress: { phase: SendPhase; hostPort: string } = { phase: 'connect', hostPort: '' };
  const dropHook = onInterrupt(() => deliveryNote(progress.phase, progress.hostPort));
  try {
    return await renderAndSend(opts, log, progress);
  } finally {
    dropHook();
  }
}

async function renderAndSend(opts: SendOptions, log: SendLog, progress: { phase: SendPhase; hostPort: string }): Promise<SendResult> {
  const ws = openWorkspace(opts);
  for (const p of configProblems(ws)) log.warn(p);

  const smtpRaw = opts.smtp ?? opts.env.SMTP_URL;
  const source = opts.smtp !== undefined ? '--smtp' : 'SMTP_URL';
  const target = smtpRaw?.trim() ? parseSmtpUrl(smtpRaw, source) : null;
  if (!target && opts.requireSmtp) {
    throw new NewsletterError(
      'SMTP_MISSING',
      '--require-smtp: no SMTP server is configured (SMTP_URL is empty and no --smtp was given); nothing was sent or written',
      {
        hint: `Set SMTP_URL=smtp://user:password@host:587 (in CI, from a secret); ${MAILPIT_LINE}`,
      },
    );
  }
  const ca = opts.tlsCa ? readCa(opts.tlsCa, opts.cwd) : undefined;
  const timeoutMs = timeoutFromEnv(opts.env);
  const to = recipients(opts, ws);
  const sender = senderOf(ws.config);
  if (target && !opts.dryRun && to.length === 0) {
    throw new NewsletterError('CONFIG_INVALID', 'No test recipients: the config has no test.to and no --to was given', {
      file: ws.config.file,
      hint: 'Add test: { to: [you@example.com] } to the config, or pass --to you@example.com',
    });
  }

  const { plan, planned } = planOne(ws, opts.issue);
  const { issue } = planned;
  log.info(`issue: ${planned.file}${opts.issue ? '' : ` (the newest non-draft issue, ${issue.date})`}${issue.draft ? ' (a draft)' : ''}`);
  const { rendered, problems } = await renderAndLint(ws, planned);
  for (const p of [...warningProblems(plan.problems, ws.config.check.rules), ...problems]) log.warn(p);

  const images: InlineImage[] = rendered.images.map((src) => ({ src, content: ws.reader.readImage(src, imageWhere(ws, planned, src)).bytes }));
  const composed = composeMessage({ config: ws.config, sender, issue, rendered, to, prefix: opts.prefix, images });
  for (const w of composed.warnings) log.warn({ ...w, severity: 'warn', file: w.file ?? ws.config.file });
  const built = await buildMime(composed.mail);
  const mismatch = envelopeMismatch(composed.envelope, built.envelope);
  if (mismatch) {
    throw new NewsletterError('HEADER_INVALID', `The message was not sent: ${mismatch}`, { hint: 'Check from and test.to in the config, and --to' });
  }

  const toLine = to.map(formatMailbox).join(', ') || '(no recipients: add test.to to the config or pass --to)';
  const result: SendResult = {
    issue: planned.file,
    slug: rendered.slug,
    subject: composed.subject,
    to: to.map(formatMailbox),
    sent: false,
    eml: null,
    smtp: target?.display ?? null,
    dryRun: Boolean(opts.dryRun),
    response: null,
  };
  if (!target || opts.dryRun) {
    const outDir = outputDir(ws.reader, opts.cwd, opts.out);
    const emlPath = join(outDir, `${rendered.slug}.eml`);
    writeFileAtomic(emlPath, built.raw, ws.reader.display(emlPath));
    const size = `${kb(built.raw.length)} KB`;
    log.info(`wrote ${ws.reader.display(emlPath)} (${size}): "${composed.subject}" to ${toLine}; open it in any mail client`);
    if (opts.dryRun) {
      log.info(`envelope: MAIL FROM:<${composed.envelope.from}> RCPT TO:${composed.envelope.to.map((a) => `<${a}>`).join(', ') || '(none)'}`);
      log.info(target ? `dry run: nothing sent; would send through ${target.display}` : 'dry run: nothing sent; no SMTP configured');
    } else {
      log.info(`not sent: no SMTP configured; set SMTP_URL=smtp://user:password@host:587 (or pass --smtp URL) to send it; ${MAILPIT_LINE}`);
    }
    return { ...result, eml: ws.reader.display(emlPath) };
  }

  progress.hostPort = target.hostPort;
  const sent = await sendMessage({ target, envelope: composed.envelope, raw: built.raw, timeoutMs, ca, onPhase: (p) => (progress.phase = p) });
  log.info(`sent "${composed.subject}" to ${toLine} through ${target.display}${sent.response ? ` (${sent.response})` : ''}`);
  return { ...result, sent: true, response: sent.response || null };
}

/** The recipients: --to when given, else test.to from the config, each checked to be one address. */
function recipients(opts: SendOptions, ws: Workspace): Mailbox[] {
  const fromFlag = opts.to.length > 0;
  const list = fromFlag ? opts.to : ws.config.test.to;
  const f = new Fields(ws.config.file, ws.config.lines);
  const out: Mailbox[] = [];
  list.forEach((value, i) => {
    const where = fromFlag ? {} : { file: ws.config.file, line: f.line(`test.to.${i}`) };
    const what = fromFlag ? `--to ${JSON.stringify(value)}` : `test.to ${JSON.stringify(value)}`;
    const parsed = parseMailbox(value);
    if ('error' in parsed) {
      throw new NewsletterError(forbiddenChar(value) ? 'HEADER_INVALID' : 'ADDRESS_INVALID', `${what} ${parsed.error}; nothing was sent`, {
        ...where,
        hint: 'Give exactly one address per recipient, e.g. --to me@example.com --to "Jo Doe <jo@example.com>"',
      });
    }
    out.push(parsed.mailbox);
  });
  return uniqueMailboxes(out);
}

/** The --tls-ca file: PEM text holding at least one certificate. */
function readCa(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  const display = relative(cwd, path) || path;
  const pem = readTextFile(path, display, 1024 * 1024);
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no certificate');
    new X509Certificate(pem);
  } catch {
    throw new NewsletterError('TLS_CA_INVALID', `${display} holds no PEM certificate`, {
      file: display,
      hint: 'Give the CA certificate (or the self-signed server certificate) in PEM form: -----BEGIN CERTIFICATE----- ...',
    });
  }
  return pem;
}

/** The SMTP timeout: 10 s, or NEWSLETTER_SMTP_TIMEOUT_MS (for tests). */
function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const v = Number(env.NEWSLETTER_SMTP_TIMEOUT_MS);
  return Number.isInteger(v) && v >= 50 && v <= 600_000 ? v : DEFAULT_TIMEOUT_MS;
}
