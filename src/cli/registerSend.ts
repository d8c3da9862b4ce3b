import type { Command } from 'commander';
import type { CommandKit, Io } from './io.js';
import { NewsletterError } from '../problems/errors.js';
import { formatProblem } from '../problems/printers.js';
import { redact, redactUrlText, secretsOf } from '../mail/smtpUrl.js';

interface SendFlags {
  test?: boolean;
  to?: string[];
  smtp?: string;
  tlsCa?: string;
  dryRun?: boolean;
  prefix: boolean;
  out?: string;
  json?: boolean;
  requireSmtp?: boolean;
}

/**
 * Registers `newsletter send [ISSUE]` (test sends are its only mode; `--test` is still accepted). The command itself (and with
 * it nodemailer and MJML) is imported only when it runs. Everything it
 * prints, errors and stack traces included, goes through the password
 * redaction. Ctrl-C and SIGTERM are the process-wide handler's (util/interrupt.ts):
 * send registers a hook there that says whether the email went out.
 */
export function registerSend(program: Command, io: Io, kit: CommandKit): void {
  const envSecrets = secretsOf(io.env.SMTP_URL);
  program
    .command('send')
    .description('send an issue as a test email over SMTP, or write it as <out>/<slug>.eml')
    .argument('[issue]', 'the issue file (default: the newest non-draft issue in issues/)')
    .option('--test', 'send to the test recipients (the only mode: accepted, and no longer needed)')
    .option('--to <address>', 'send to this address instead of test.to; repeat for several', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--smtp <url>', 'SMTP server, e.g. smtp://user:pass@host:587 (default: $SMTP_URL); the password is never printed')
    .option('--tls-ca <file>', "trust this CA (or self-signed) certificate, PEM, for the server's TLS")
    .option('--dry-run', 'write <out>/<slug>.eml and print the envelope, even with SMTP configured; send nothing')
    .option('--no-prefix', 'leave "[TEST] " out of the subject')
    .option('-o, --out <dir>', 'folder for the .eml (default: dist/ next to the config)')
    .option('--require-smtp', 'fail (exit 69) when no SMTP server is configured, instead of writing the .eml')
    .option('--json', 'print the result as JSON on stdout (docs/cli.md); the lines go to stderr')
    .configureOutput({
      writeOut: (s) => void io.stdout.write(redact(s, envSecrets)),
      // Commander echoes what it could not parse (--smpt=smtp://user:pass@...): hide any URL password in it.
      writeErr: (s) => void io.stderr.write(redact(redactUrlText(s), envSecrets)),
    })
    .action(async (issue: string | undefined, flags: SendFlags) => {
      const secrets = [...new Set([...envSecrets, ...secretsOf(flags.smtp)])];
      try {
        const { send } = await import('../commands/send.js');
        const result = await send(
          {
            cwd: io.cwd,
            config: kit.global().config,
            issue,
            to: flags.to ?? [],
            smtp: flags.smtp,
            tlsCa: flags.tlsCa,
            dryRun: flags.dryRun,
            prefix: flags.prefix,
            out: flags.out,
            env: io.env,
            requireSmtp: flags.requireSmtp,
          },
          {
            // With --json, stdout holds only the JSON: the human lines become diagnostics.
            info: (s) => (flags.json ? kit.err : kit.out)(redact(s, secrets)),
            warn: (w) => kit.err(redact(formatProblem(w), secrets)),
          },
        );
        if (flags.json) kit.out(redact(JSON.stringify(result), secrets));
      } catch (e) {
        throw scrub(e, secrets);
      }
    });
}

/** The same error with every password taken out of what will be printed, stack included. */
function scrub(e: unknown, secrets: string[]): unknown {
  if (!(e instanceof Error)) return e;
  e.message = redact(e.message, secrets);
  if (e.stack) e.stack = redact(e.stack, secrets);
  if (e instanceof NewsletterError) {
    if (e.hint) e.hint = redact(e.hint, secrets);
    for (const m of e.more) scrub(m, secrets);
  }
  return e;
}
