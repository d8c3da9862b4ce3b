import { Command, CommanderError } from 'commander';
import { registerChapters } from './registerChapters.js';
import { registerPublish } from './registerPublish.js';
import { registerCheck } from './registerCheck.js';
import { positiveInt, registerPreview } from './registerPreview.js';
import { registerSend } from './registerSend.js';
import { registerStart } from './registerStart.js';
import { paintLabels, wantsColour } from './colour.js';
import { EXIT, formatError, isNewsletterError } from '../problems/errors.js';
import { VERSION } from '../version.js';
import type { CommandKit, Io } from './io.js';
import { ignoreClosedStdout, installInterruptHandlers } from '../util/interrupt.js';

/**
 * The command line: argv in, exit code out. The only place that knows exit
 * codes; commands throw NewsletterError or return reports. Each command's
 * module is imported when it runs, so `--help` and `eject` never load MJML.
 */
export type { Io } from './io.js';

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const colour = wantsColour(io.stderr as { isTTY?: boolean }, io.env);
  const err = (s: string): void => {
    const line = colour ? paintLabels(s) : s;
    io.stderr.write(line.endsWith('\n') ? line : line + '\n');
  };
  let exitCode: number = EXIT.ok;

  const program = new Command('newsletter')
    .description('Turn a markdown newsletter issue into a responsive email and its plain-text part.')
    .version(VERSION, '-v, --version')
    .option('--config <file>', 'use this newsletter.config.yaml instead of searching for one')
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run "newsletter --help" for usage)');

  const global = (): { config?: string } => program.opts<{ config?: string }>();

  program
    .command('build')
    .description('write <out>/<slug>.html and <slug>.txt for each issue')
    .argument('[issues...]', 'issue files or folders of issues (default: every issue in issues/, drafts too)')
    .option('--all', 'build every issue in issues/ (drafts left out)')
    .option('-o, --out <dir>', 'output folder (default: dist/ next to the config)')
    .option('--json', 'print a machine-readable report instead of lines')
    .option('--for <provider>', 'write the email as that sending service will send it, with its merge tags: kit, buttondown, mailchimp, listmonk')
    .option('-j, --jobs <n>', 'render threads (default: one per core from 16 issues on)', positiveInt)
    .action(async (files: string[], opts: { all?: boolean; out?: string; json?: boolean; for?: string; jobs?: number }) => {
      const { build } = await import('../commands/build.js');
      const { buildFailed, formatEntry, reportJson } = await import('../commands/buildOutput.js');
      const { formatProblem } = await import('../problems/printers.js');
      const report = await build({ cwd: io.cwd, files, all: opts.all, out: opts.out, config: global().config, for: opts.for, jobs: opts.jobs }, (e) => {
        if (!opts.json) {
          // The result line goes to stdout; errors and problems, diagnostics, to stderr.
          const { line, problems } = formatEntry(e);
          if (line) out(line);
          if (problems) err(problems);
        }
      });
      if (opts.json) out(reportJson(report));
      else for (const p of report.problems) err(formatProblem(p));
      const failed = report.issues.find((i) => i.error);
      // An issue that could not be built exits with its error's code; errors lint found (written anyway, to look at) exit 1.
      if (failed?.error) exitCode = failed.error.exitCode;
      else if (buildFailed(report)) exitCode = EXIT.findings;
    });

  program
    .command('eject')
    .description('copy the default templates into templates/ to change them')
    .argument('[names...]', 'template or block names (default: all)')
    .option('--force', 'overwrite templates that already exist')
    .action(async (names: string[], opts: { force?: boolean }) => {
      const { eject } = await import('../commands/eject.js');
      const written = eject({ cwd: io.cwd, names, force: opts.force, config: global().config });
      for (const w of written) out(`wrote ${w}`);
    });

  program
    .command('site')
    .description('write the web archive: a page per published issue, the index, feed.xml, sitemap.xml')
    .option('-o, --out <dir>', 'output folder (default: dist/site/ next to the config)')
    .action(async (opts: { out?: string }) => {
      const { site } = await import('../commands/site.js');
      const r = await site({ cwd: io.cwd, out: opts.out, config: global().config });
      for (const e of r.errors) err(formatError(e.error));
      for (const n of r.notes) err(n);
      out(
        `Site: ${r.issues} issue${r.issues === 1 ? '' : 's'} (${r.rendered} rendered), ${r.written.length} file${r.written.length === 1 ? '' : 's'} written${r.removed.length ? `, ${r.removed.length} removed` : ''} → ${r.out}/index.html`,
      );
      if (r.errors[0]) exitCode = r.errors[0].error.exitCode;
    });

  addExtraCommands(program, io, { out, err, global, setExit: (c) => (exitCode = c) });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (isNewsletterError(e)) {
      err(formatError(e));
      if (debug) err(e.stack ?? '');
      return e.exitCode;
    }
    err(`newsletter: internal error (this is a bug; please report it with the command you ran):\n${(e as Error)?.stack ?? String(e)}`);
    return EXIT.software;
  }
}

/**
 * Commands beyond build and eject each register from their own small
 * module, which imports its heavy parts only when the command runs.
 */
function addExtraCommands(program: Command, io: Io, kit: CommandKit): void {
  registerStart(program, io, kit);
  registerSend(program, io, kit);
  registerCheck(program, io, kit);
  registerPreview(program, io, kit);
  registerChapters(program, io, kit);
  registerPublish(program, io, kit);
}

/** The real process: its streams, environment and signals. */
function defaultIo(): Io {
  installInterruptHandlers(process.stderr);
  ignoreClosedStdout();
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
