import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './workspace.js';

export interface DevProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** The page it says to open first. */
  start: string;
  stdout: () => string;
  stderr: () => string;
  /** Waits until stderr holds `pattern` (the server logs each change). */
  waitForLog: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<number | null>;
}

/** Spawns `newsletter dev` (the real bin) and waits for the address it prints. */
export function startDev(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<DevProcess> {
  // Port 0 unless the test names one: dev's default (the first free port from 4321) is a fixed port.
  const portArgs = args.some((a) => a === '--port' || a === '-p') ? [] : ['--port', '0'];
  const child = spawn(process.execPath, [BIN, 'dev', ...portArgs, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (get: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = (): void => {
        const m = get().match(pattern);
        if (m) return resolve(m);
        if (child.exitCode !== null) return reject(new Error(`newsletter dev exited (${child.exitCode}):\n${out}\n${err}`));
        if (Date.now() - started > timeoutMs) return reject(new Error(`no ${pattern} in time:\n${out}\n${err}`));
        setTimeout(tick, 20);
      };
      tick();
    });
  return waitFor(() => out, /Serving previews at (http:\/\/127\.0\.0\.1:\d+\/)/, 20_000).then(async (m) => {
    await waitFor(() => out, /Press Ctrl-C/, 5_000);
    const start = /^Open (\S+)$/m.exec(out)?.[1] ?? m[1]!;
    return {
      child,
      url: m[1]!,
      start,
      stdout: () => out,
      stderr: () => err,
      waitForLog: async (pattern, timeoutMs = 5_000) => void (await waitFor(() => err, pattern, timeoutMs)),
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
  });
}
