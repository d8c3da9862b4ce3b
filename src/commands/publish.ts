import { join, resolve } from 'node:path';
import { NewsletterError, isNewsletterError, type Warning } from '../problems/errors.js';
import { issueUrl } from '../render/viewModel.js';
import { openSession, renderFile, type Session } from '../session.js';
import { displayPath, listIssueFiles, readIssue } from '../workspace/issueFiles.js';
import { writeFileAtomic } from '../workspace/files.js';
import { parseMailbox } from '../mail/addresses.js';
import { redact } from '../mail/smtpUrl.js';
import { PROVIDERS, isProviderId } from '../publish/providers.js';
import { publishIssue, type PublishOptions, type PublishReport } from '../publish/publishIssue.js';
import { retagForProvider } from '../publish/retag.js';
import { STATE_FILE, readState, writeState } from '../publish/state.js';

export interface PublishCommandOptions {
  cwd: string;
  config?: string | undefined;
  /** The issue file; default: the newest non-draft issue in issues/. */
  issue?: string | undefined;
  dryRun?: boolean | undefined;
  schedule?: string | undefined;
  send?: boolean | undefined;
  test?: boolean | undefined;
  /** --yes: send without the typed confirmation (where there is no terminal). */
  yes?: boolean | undefined;
  /** Where a dry run writes <slug>.publish.json; default dist/ beside the config. */
  out?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** For tests: the HTTP layer's knobs and fetch. */
  http?: Pick<PublishOptions, 'fetch' | 'timeoutMs' | 'retries' | 'backoffMs' | 'maxRetryAfterMs' | 'sleep'> | undefined;
}

export interface PublishIo {
  info: (line: string) => void;
  warn: (w: Warning) => void;
  /**
   * Asks on the terminal; resolves with what was typed. Absent when stdin is
   * not a terminal: then --send needs --yes.
   */
  ask?: ((question: string) => Promise<string>) | undefined;
}

/**
 * `newsletter publish [ISSUE] [--dry-run] [--schedule ISO] [--send] [--test]`:
 * render the issue, put the service's merge tags in, and hand it to the
 * service as a draft (publishIssue). The state file is written after every
 * change in the service; every line printed has the key taken out.
 */
export async function publish(opts: PublishCommandOptions, io: PublishIo): Promise<PublishReport> {
  const session = openSession(opts);
  for (const w of session.warnings) io.warn(w);
  const config = session.config;
  const pc = config.publish;
  if (!pc) {
    throw new NewsletterError('PUBLISH_CONFIG', `${displayPath(config.file, opts.cwd)} has no publish: section`, {
      file: displayPath(config.file, opts.cwd),
      hint: 'Add e.g. publish: { provider: kit } (see docs/publish.md)',
    });
  }
  if (!isProviderId(pc.provider)) throw new NewsletterError('PUBLISH_CONFIG', `Unknown publish.provider ${pc.provider}`, { file: pc.file, line: pc.line });
  const provider = PROVIDERS[pc.provider];
  const cred = provider.credentials(opts.env);
  const secrets = cred.ok ? cred.credentials.secrets : [];
  const say = (line: string): void => io.info(redact(line, secrets));

  try {
    const path = opts.issue ? resolve(opts.cwd, opts.issue) : newestIssue(session, io);
    const { issue, rendered, warnings } = await renderFile(session, path);
    for (const w of warnings) io.warn(w);
    say(`issue: ${displayPath(path, opts.cwd)}${issue.draft ? ' (marked draft: true in its frontmatter)' : ''}`);

    const tagged = retagForProvider(
      rendered,
      {
        unsubscribeUrl: config.footer.unsubscribe_url,
        preferencesUrl: config.footer.preferences_url,
        webUrl: issueUrl(config, issue.slug),
        address: config.footer.address,
      },
      provider.dialect,
      provider.name,
    );

    if (opts.send && !opts.dryRun) await confirmSend(opts, io, provider.name, rendered.subject, issue.slug);

    const from = config.from ? parseMailbox(config.from) : null;
    const mailbox = from && !('error' in from) ? from.mailbox : null;
    const root = config.root;
    const report = await publishIssue({
      rendered: { slug: rendered.slug, subject: rendered.subject, preheader: rendered.preheader, html: tagged.html, text: tagged.text },
      name: `${config.name}: ${issue.title}`,
      sender: { fromName: mailbox?.name || config.name, fromEmail: mailbox?.address ?? null, replyTo: config.reply_to },
      testTo: config.test.to,
      config: pc,
      env: opts.env,
      state: readState(root, opts.cwd),
      saveState: (s) => writeState(root, opts.cwd, s),
      options: { dryRun: opts.dryRun, schedule: opts.schedule, send: opts.send, test: opts.test, ...opts.http },
    });

    for (const line of report.lines) say(line);
    if (report.dryRun) {
      const outDir = opts.out ? resolve(opts.cwd, opts.out) : join(root, 'dist');
      const file = join(outDir, `${rendered.slug}.publish.json`);
      writeFileAtomic(
        file,
        redact(`${JSON.stringify({ provider: report.provider, requests: report.requests }, null, 2)}\n`, secrets),
        displayPath(file, opts.cwd),
      );
      for (const r of report.requests) say(`  ${r.method} ${r.url}${r.body === undefined ? '' : ` ${summary(r.body)}`}`);
      say(`dry run: nothing was sent; the requests are in ${displayPath(file, opts.cwd)}`);
      for (const v of report.missingEnv) say(`${v} is not set: a real run needs it`);
    } else {
      say(`${STATE_FILE}: ${report.service} ${report.id} (commit it, so the next publish updates this draft)`);
      if (report.link) say(`open it: ${report.link}`);
    }
    return report;
  } catch (e) {
    if (e instanceof Error) {
      e.message = redact(e.message, secrets);
      if (isNewsletterError(e) && e.hint) e.hint = redact(e.hint, secrets);
    }
    throw e;
  }
}

/** Sending to a whole list is not undone: the author types the issue's slug, or passes --yes. */
async function confirmSend(opts: PublishCommandOptions, io: PublishIo, service: string, subject: string, slug: string): Promise<void> {
  if (opts.yes) return;
  if (!io.ask) {
    throw new NewsletterError('USAGE', '--send sends to your whole list: it needs a typed confirmation on a terminal, or --yes', {
      hint: 'Run it in a terminal, or add --yes where there is none (CI)',
    });
  }
  const typed = await io.ask(`Send "${subject}" to your whole ${service} list now? Type ${slug} to confirm: `);
  if (typed.trim() !== slug)
    throw new NewsletterError('USAGE', 'Not confirmed: nothing was sent', { hint: `Type the slug exactly (${slug}), or leave out --send to make a draft` });
}

/** A request body for one line: its keys, long strings as their size. */
function summary(body: unknown): string {
  if (!body || typeof body !== 'object') return JSON.stringify(body);
  const parts = Object.entries(body as Record<string, unknown>).map(([k, v]) =>
    typeof v === 'string' && v.length > 60 ? `${k}: (${Buffer.byteLength(v)} bytes)` : `${k}: ${JSON.stringify(v)}`,
  );
  return `{ ${parts.join(', ')} }`;
}

/** The newest issue by date in issues/ that is not a draft (as send --test picks it). */
function newestIssue(session: Session, io: PublishIo): string {
  const dir = join(session.config.root, 'issues');
  let best: { path: string; date: string } | null = null;
  for (const path of listIssueFiles(dir)) {
    try {
      const { issue } = readIssue(path, session.cwd);
      if (!issue.draft && (!best || issue.date >= best.date)) best = { path, date: issue.date };
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      io.warn({ rule: 'issue-skipped', message: `Left out when picking the newest issue: ${e.message}`, file: e.file, line: e.line });
    }
  }
  if (!best)
    throw new NewsletterError('NO_ISSUES', `No issue that is not a draft in ${displayPath(dir, session.cwd)}`, {
      hint: 'Name the issue: newsletter publish issues/x.md',
    });
  return best.path;
}
