import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandKit, Io } from './io.js';
import { EXIT, formatError, formatLocation } from '../problems/errors.js';
import type { Finding } from '../preview/findings.js';

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
    .option('--screenshots', 'fail when the screenshots cannot be taken (default: take them when Chromium is found)')
    .option('--no-screenshots', 'do not take screenshots')
    .addOption(new Option('--format <format>', 'how to print problems: text, or github (workflow annotations)').choices(['text', 'github']).default('text'))
    .option('--strict', 'warnings fail the run too')
    .option('--no-cache', 'render every issue again, even when nothing changed')
    .option('-j, --jobs <n>', 'render threads (default: one per core)', positiveInt)
    .action(async (opts: { out?: string; screenshots?: boolean; format: 'text' | 'github'; strict?: boolean; cache: boolean; jobs?: number }) => {
      const { preview } = await import('../commands/preview.js');
      const run = await preview({
        cwd: io.cwd,
        env: io.env,
        out: opts.out,
        config: kit.global().config,
        screenshots: opts.screenshots,
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
      if (shots.state === 'skipped' || shots.note) kit.err(`Screenshots ${shots.note ?? 'skipped'}`);
      const { totals } = await import('../preview/report.js');
      const t = totals(summary);
      const parts = [`${t.issues} issue${t.issues === 1 ? '' : 's'}${t.drafts ? ` (${t.drafts} draft${t.drafts === 1 ? '' : 's'})` : ''}`];
      parts.push(`${t.errors} error${t.errors === 1 ? '' : 's'}`, `${t.warnings} warning${t.warnings === 1 ? '' : 's'}`);
      if (shots.state === 'taken') parts.push(`screenshots of ${shots.count} (${shots.fresh} new)`);
      kit.out(`Preview: ${parts.join(', ')} → ${summary.out}/index.html`);
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
    .option('-p, --port <port>', 'port to listen on (default: a free one)', port)
    .action(async (issue: string | undefined, opts: { port?: number }) => {
      const { dev } = await import('../commands/dev.js');
      const server = await dev({ cwd: io.cwd, env: io.env, config: kit.global().config, issue, port: opts.port, log: kit.err });
      kit.out(`Serving previews at ${server.url}`);
      if (server.start !== server.url) kit.out(`Open ${server.start}`);
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

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0 to 65535)');
  return n;
}
