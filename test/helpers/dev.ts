import { dev } from '../../src/commands/dev.js';
import { spawnCli } from './workspace.js';

export interface DevServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** The page it says to open first. */
  start: string;
  /** The lines it has logged (what changed), in order. */
  log: () => string[];
  /** Resolves when a logged line matches `pattern` (at once if one already has). */
  waitForLog: (pattern: RegExp) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * `newsletter dev [ISSUE]` in this process: the command's dev() with the
 * given cwd and env, on a free port. Waits are on its log lines, never on
 * a clock. (The process around it, and SIGTERM, are spawnDev's.)
 */
export async function startDev(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, options: { warm?: number } = {}): Promise<DevServer> {
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: () => void }>();
  const server = await dev({
    cwd,
    env: { NO_COLOR: '1', ...env },
    issue: args.find((a) => !a.startsWith('-')),
    // Any free port: dev's default (the first free one from 4321) is a fixed port.
    port: 0,
    warm: options.warm,
    log: (line) => {
      lines.push(line);
      for (const w of waiters) {
        if (w.pattern.test(line)) {
          waiters.delete(w);
          w.resolve();
        }
      }
    },
  });
  return {
    url: server.url,
    start: server.start,
    log: () => [...lines],
    waitForLog: (pattern) => (lines.some((l) => pattern.test(l)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.add({ pattern, resolve }))),
    stop: () => server.close(),
  };
}

export interface DevProcess {
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Spawns `newsletter dev` (the real bin) and waits for the address it prints. */
export async function spawnDev(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<DevProcess> {
  const run = spawnCli(['dev', ...(args.includes('--port') ? [] : ['--port', '0']), ...args], { cwd, env });
  const [, url] = await run.stdoutMatch(/Serving previews at (http:\/\/127\.0\.0\.1:\d+\/)\n[\s\S]*Press Ctrl-C/);
  let stdout = '';
  let stderr = '';
  void run.done.then((r) => {
    stdout = r.stdout;
    stderr = r.stderr;
  });
  return {
    url: url!,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      run.child.kill('SIGTERM');
      return (await run.done).code;
    },
  };
}
