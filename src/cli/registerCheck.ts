import { Option, type Command } from 'commander';
import type { CommandKit, Io } from './io.js';
import { VERSION } from '../version.js';
import { EXIT, NewsletterError } from '../problems/errors.js';
import { positiveInt } from './registerPreview.js';

interface CheckFlags {
  all?: boolean;
  online?: boolean;
  format: 'text' | 'json' | 'sarif' | 'github';
  strict?: boolean;
  timeout?: string;
  allowPrivate?: boolean;
  drafts: boolean;
  json?: boolean;
  jobs?: number;
  for?: string;
}

/**
 * Registers `newsletter check`: exit 0 when clean, 1 when an error-level
 * finding exists (or, with --strict, any finding). The rules and the
 * formatters load only when the command runs.
 */
export function registerCheck(program: Command, io: Io, kit: CommandKit): void {
  program
    .command('check')
    .description('render each issue (writing nothing) and report problems: deliverability, links, leftovers, compliance, accessibility')
    .argument('[issues...]', 'issue files or folders of issues (default: every issue, drafts included)')
    .option('--all', 'check every issue in issues/ (the default when no issue is given)')
    .option('--online', 'also fetch every http(s) link and image (HEAD, then GET) and report broken ones')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .option('--json', 'the same as --format json (docs/cli.md)')
    .option('--strict', 'fail on warnings too')
    .option('--timeout <ms>', 'with --online: how long to wait for each answer, in milliseconds (default 10000, or NEWSLETTER_CHECK_TIMEOUT_MS)')
    .option('--allow-private', 'with --online: also fetch links to loopback, private and link-local addresses (skipped by default)')
    .option('--no-drafts', 'leave drafts out')
    .option('-j, --jobs <n>', 'render threads (default: one per core from 16 issues on)', positiveInt)
    .option('--for <provider>', 'also check each issue as that sending service will get it, with its merge tags: kit, buttondown, mailchimp, listmonk')
    .action(async (files: string[], flags: CheckFlags) => {
      if (flags.json && flags.format !== 'text' && flags.format !== 'json') {
        throw new NewsletterError('USAGE', `--json and --format ${flags.format} ask for two outputs: give one`, { hint: '--json is --format json' });
      }
      const format = flags.json ? 'json' : flags.format;
      const timeoutMs = parseTimeout(flags.timeout ?? io.env.NEWSLETTER_CHECK_TIMEOUT_MS);
      const { check } = await import('../commands/check.js');
      const { formatReport, failed } = await import('../problems/printers.js');
      const { RULES } = await import('../lint/registry.js');
      const report = await check({
        cwd: io.cwd,
        files,
        all: flags.all,
        config: kit.global().config,
        online: flags.online,
        timeoutMs,
        allowPrivate: flags.allowPrivate,
        drafts: flags.drafts,
        jobs: flags.jobs,
        for: flags.for,
      });
      const strict = Boolean(flags.strict);
      kit.out(formatReport(format, { ...report, strict, online: Boolean(flags.online) }, VERSION, RULES));
      kit.setExit(failed(report.findings, strict) ? EXIT.findings : EXIT.ok);
    });
}

function parseTimeout(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new NewsletterError('USAGE', `--timeout must be a number of milliseconds, not "${v}"`, { hint: 'e.g. --timeout 5000' });
  }
  return n;
}
