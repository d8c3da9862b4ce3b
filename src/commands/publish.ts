import { join } from 'node:path';
import { NewsletterError, isNewsletterError } from '../problems/errors.js';
import type { Problem } from '../problems/problem.js';
import { writeFileAtomic } from '../workspace/files.js';
import { openWorkspace, planOne } from '../workspace/openWorkspace.js';
import { outputDir } from '../workspace/outputDir.js';
import { displayPath } from '../workspace/reader.js';
import { configProblems, renderAndLint, warningProblems } from './pipeline.js';
import { parseMailbox } from '../mail/addresses.js';
import { redact } from '../mail/smtpUrl.js';
import { PROVIDERS, isProviderId } from '../publish/providers.js';
import { publishIssue, type PublishOptions, type PublishReport } from '../publish/publishIssue.js';
import { STATE_FILE } from '../publish/state.js';
import { readState, writeState } from '../workspace/publishState.js';

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
  warn: (p: Problem) => void;
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
  const ws = openWorkspace(opts);
  for (const p of configProblems(ws)) io.warn(p);
  const config = ws.config;
  const pc = config.publish;
  if (!pc) {
    throw new NewsletterError('PUBLISH_CONFIG', `${displayPath(config.file, opts.cwd)} has no publish: section`, {
      file: displayPath(config.file, opts.cwd),
      hint: 'Add e.g. publish: { provider: kit } (see docs/publish.md)',
    });
  }
  if (!isProviderId(pc.provider)) throw new NewsletterError('PUBLISH_CONFIG', `Unknown publish.provider ${pc.provider}`, { file: pc.file, line: pc.line });
  const provider = PROVIDERS[pc.provider as keyof typeof PROVIDERS];
  const cred = provider.credentials(opts.env);
  const secrets = cred.ok ? cred.credentials.secrets : [];
  const say = (line: string): void => io.info(redact(line, secrets));

  try {
    const { plan, planned } = planOne(ws, opts.issue);
    const { issue } = planned;
    const { rendered, published, problems } = await renderAndLint(ws, planned, { service: { name: provider.name, dialect: provider.dialect } });
    for (const p of [...warningProblems(plan.problems, config.check.rules), ...problems]) io.warn(p);
    say(`issue: ${planned.file}${issue.draft ? ' (marked draft: true in its frontmatter)' : ''}`);
    // What check would fail on never reaches the service, not even as a draft: a draft is one click from a send.
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) {
      throw new NewsletterError(
        'PUBLISH_CHECK_FAILED',
        `${planned.file} has ${errors === 1 ? 'an error' : `${errors} errors`} (above); nothing was sent to ${provider.name}`,
        {
          file: planned.file,
          hint: `Fix ${errors === 1 ? 'it' : 'them'} (newsletter check --for ${pc.provider} ${planned.file} checks the issue as published), then publish again`,
        },
      );
    }
    const tagged = published ?? rendered;

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
      const outDir = outputDir(ws.reader, opts.cwd, opts.out);
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
