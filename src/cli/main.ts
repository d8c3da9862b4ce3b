import { Command, CommanderError } from 'commander';
import { registerChapters } from '../commands/chapters.cli.js';
import { registerCheck } from '../commands/check.cli.js';
import { registerPreview } from '../commands/preview.cli.js';
import { registerSend } from '../commands/send.cli.js';
import { EXIT, formatError, formatWarning, isNewsletterError } from '../problems/errors.js';
import { ignoreClosedStdout, installInterruptHandlers } from './interrupt.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const VERSION = '0.1.0';

/**
 * The command line: argv in, exit code out. The only place that knows exit
 * codes; commands throw NewsletterError or return reports. Each command's
 * module is imported when it runs, so `--help` and `eject` never load MJML.
 */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');
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
    .argument('[issues...]', 'issue files or folders of issues')
    .option('--all', 'build every issue in issues/ (drafts left out)')
    .option('-o, --out <dir>', 'output folder (default: dist/ next to the config)')
    .option('--json', 'print a machine-readable report instead of lines')
    .action(async (files: string[], opts: { all?: boolean; out?: string; json?: boolean }) => {
      const { build } = await import('../commands/build.js');
      const { formatEntry, reportJson } = await import('../commands/buildOutput.js');
      const report = await build({ cwd: io.cwd, files, all: opts.all, out: opts.out, config: global().config }, (e) => {
        if (!opts.json) {
          const s = formatEntry(e);
          if (e.error) err(s);
          else out(s);
        }
      });
      if (opts.json) out(reportJson(report));
      else for (const w of report.warnings) err(formatWarning(w));
      const failed = report.issues.find((i) => i.error);
      if (failed?.error) exitCode = failed.error.exitCode;
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

export interface CommandKit {
  out: (s: string) => void;
  err: (s: string) => void;
  global: () => { config?: string };
  setExit: (code: number) => void;
}

/**
 * Commands beyond build and eject each register from their own small
 * module, which imports its heavy parts only when the command runs.
 */
function addExtraCommands(program: Command, io: Io, kit: CommandKit): void {
  registerSend(program, io, kit);
  registerCheck(program, io, kit);
  registerPreview(program, io, kit);
  registerChapters(program, io, kit);
}

/** The real process: its streams, environment and signals. */
function defaultIo(): Io {
  installInterruptHandlers(process.stderr);
  ignoreClosedStdout();
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
