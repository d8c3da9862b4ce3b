import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { formatProblem } from '../problems/printers.js';
import type { CommandKit, Io } from './io.js';

interface PublishFlags {
  dryRun?: boolean;
  schedule?: string;
  send?: boolean;
  test?: boolean;
  yes?: boolean;
  out?: string;
}

/**
 * Registers `newsletter publish [ISSUE]`: the issue as a draft in the
 * sending service of `publish.provider` (docs/publish.md). The command and
 * its provider clients load only when it runs. The typed confirmation of
 * --send is asked only on a real terminal; elsewhere --send needs --yes.
 */
export function registerPublish(program: Command, io: Io, kit: CommandKit): void {
  program
    .command('publish')
    .description('create or update the issue as a draft in your sending service (Kit, Buttondown, Mailchimp, listmonk)')
    .argument('[issue]', 'the issue file (default: the newest non-draft issue in issues/)')
    .option('--dry-run', 'print (and write to <out>/<slug>.publish.json) the requests it would make; send nothing')
    .option('--schedule <iso>', 'schedule the draft, e.g. 2026-12-03T07:00:00Z')
    .option('--send', 'send it to your list now (asks you to type the slug, or --yes)')
    .option('--test', 'ask the service to send a test of the draft to test.to, where its API can')
    .option('--yes', 'with --send: no typed confirmation (for CI)')
    .option('-o, --out <dir>', 'folder for the dry run file (default: dist/ next to the config)')
    .action(async (issue: string | undefined, flags: PublishFlags) => {
      const { publish } = await import('../commands/publish.js');
      const terminal = io.stdout === process.stdout && process.stdin.isTTY === true;
      await publish(
        {
          cwd: io.cwd,
          config: kit.global().config,
          issue,
          dryRun: flags.dryRun,
          schedule: flags.schedule,
          send: flags.send,
          test: flags.test,
          yes: flags.yes,
          out: flags.out,
          env: io.env,
        },
        {
          info: (s) => kit.out(s),
          warn: (p) => kit.err(formatProblem(p)),
          ask: terminal
            ? async (question) => {
                const rl = createInterface({ input: process.stdin, output: process.stderr });
                try {
                  return await rl.question(question);
                } finally {
                  rl.close();
                }
              }
            : undefined,
        },
      );
    });
}
