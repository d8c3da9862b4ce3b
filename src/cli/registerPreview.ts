import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandKit, Io } from './io.js';
import { EXIT, NewsletterError, formatError, formatLocation } from '../problems/errors.js';
import type { Finding } from '../preview/findings.js';
import { parseEngineList } from '../preview/engines/names.js';
import type { EngineId } from '../preview/engines/types.js';

type PreviewFlags = {
  out?: string;
  screenshots?: boolean;
  engines?: EngineId[];
  format: 'text' | 'github';
  json?: boolean;
  strict?: boolean;
  cache: boolean;
  jobs?: number;
};

/**
 * Registers `newsletter preview` (a static preview folder for CI) and
 * `newsletter dev` (the same pages, served and reloaded as files change).
 * Their modules, and MJML and playwright-core with them, load only when
 * the command runs.
 */
export function registerPreview(program: Command, io: Io, kit: CommandKit): void {
  program
    .command('preview')
    .description('build every issue (drafts too) into a browsable preview folder with screenshots and a CI report')
    .option('-o, --out <dir>', 'output folder (default: dist/preview/ next to the config)')
    .option('--screenshots', 'fail when the screenshots cannot be taken (default: take them in the engines found)')
    .option('--no-screenshots', 'do not take screenshots')
    .option('--engines <list>', 'the engines to draw the emails in: blink, gecko, webkit, comma-separated (default: every one found)', engineList)
    .addOption(new Option('--format <format>', 'how to print problems: text, or github (workflow annotations)').choices(['text', 'github']).default('text'))
    .option('--json', 'print report.json (docs/cli.md) on stdout instead of the summary line; problems stay on stderr')
    .option('--strict', 'warnings fail the run too')
    .option('--no-cache', 'render every issue again, even when nothing changed')
    .option('-j, --jobs <n>', 'render threads (default: one per core)', positiveInt)
    .action(async (opts: PreviewFlags) => {
      if (opts.json && opts.format === 'github') {
        throw new NewsletterError('USAGE', '--json and --format github both print on stdout: give one', {
          hint: 'report.json in the preview folder has the same JSON',
        });
      }
      const { preview } = await import('../commands/preview.js');
      const run = await preview({
        cwd: io.cwd,
        env: io.env,
        out: opts.out,
        config: kit.global().config,
        screenshots: opts.screenshots,
        engines: opts.engines,
        strict: opts.strict,
        cache: opts.cache,
        jobs: opts.jobs,
        progress: io.stderr as NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
      });
      const { summary } = run;
      if (opts.format === 'github') {
        const { githubAnnotations } = await import('../preview/report.js');
        for (const line of githubAnnotations(run.findings)) kit.out(line);
      } else {
        for (const f of run.findings) kit.err(formatFinding(f));
      }
      const shots = summary.screenshots;
      // One line per engine that is not on this machine, then what failed.
      for (const line of shots.skipped ?? []) kit.err(`Screenshots skipped in ${line}`);
      if (shots.note || (shots.state === 'skipped' && !shots.skipped?.length)) kit.err(`Screenshots ${shots.note ?? 'skipped'}`);
      const { totals, reportJson } = await import('../preview/report.js');
      const t = totals(summary);
      if (opts.json) kit.out(reportJson(summary));
      const parts = [`${t.issues} issue${t.issues === 1 ? '' : 's'}${t.drafts ? ` (${t.drafts} draft${t.drafts === 1 ? '' : 's'})` : ''}`];
      parts.push(`${t.errors} error${t.errors === 1 ? '' : 's'}`, `${t.warnings} warning${t.warnings === 1 ? '' : 's'}`);
      if (shots.state === 'taken') parts.push(`screenshots of ${shots.count} (${shots.fresh} new)`);
      (opts.json ? kit.err : kit.out)(`Preview: ${parts.join(', ')} → ${summary.out}/index.html`);
      // As check: 1 when an issue has an error (or, with --strict, a warning); 69 when required screenshots failed.
      if (!summary.ok) kit.setExit(EXIT.findings);
      if (run.screenshotError) {
        kit.err(formatError(run.screenshotError));
        kit.setExit(run.screenshotError.exitCode);
      }
    });

  program
    .command('dev')
    .description('serve the previews on 127.0.0.1 and reload them when an issue, the config or a template changes')
    .argument('[issue]', 'an issue file to open first')
    .option('-p, --port <port>', 'port to listen on (default: the first free one from 4321 up; 0: any free one)', port)
    .option('--open', 'open the preview in the default browser')
    .action(async (issue: string | undefined, opts: { port?: number; open?: boolean }) => {
      const { dev } = await import('../commands/dev.js');
      const server = await dev({ cwd: io.cwd, env: io.env, config: kit.global().config, issue, port: opts.port, log: kit.err });
      kit.out(`Serving previews at ${server.url}`);
      if (server.start !== server.url) kit.out(`Open ${server.start}`);
      if (opts.open) {
        const { openUrl } = await import('../util/launch.js');
        if (!(await openUrl(server.start, io.env))) kit.err(`--open: no browser opener found; open ${server.start} yourself`);
      }
      kit.out('Watching the issues, the config and the templates. Press Ctrl-C to stop.');
      await server.closed;
    });
}

function formatFinding(f: Finding): string {
  const where = formatLocation(f.file, f.line, f.column);
  const lines = [`${f.severity}[${f.rule}]${where ? ' ' + where : ''}`, `  ${f.message}`];
  if (f.hint) lines.push(`  hint: ${f.hint}`);
  return lines.join('\n');
}

function engineList(v: string): EngineId[] {
  try {
    return parseEngineList(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0 to 65535)');
  return n;
}
