/**
 * Ctrl-C and SIGTERM. Outputs are written to a temp file and renamed into
 * place, so no output is ever half-written; a temp file still being written
 * when the signal comes is removed by a hook (workspace/files.ts). Commands
 * with something to say on interrupt (send: was the email sent?) register
 * a hook.
 */
type Hook = () => string | undefined;
const hooks = new Set<Hook>();

export function onInterrupt(hook: Hook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

export function installInterruptHandlers(stderr: NodeJS.WritableStream): void {
  const handle = (signal: NodeJS.Signals): void => {
    const said = [...hooks].map((h) => h()).filter((s): s is string => Boolean(s));
    stderr.write(`newsletter: interrupted (${signal}). ${said.length ? said.join(' ') : 'Every output file is either complete or untouched.'}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}

/** A reader that closes our stdout early (`| head`) is not an error worth a stack trace. */
export function ignoreClosedStdout(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
