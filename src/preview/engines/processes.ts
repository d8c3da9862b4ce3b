import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Child processes the engines start (Firefox, Xvfb, WebKitWebDriver), so
 * that none outlives the preview: each is killed when closed, and all that
 * are left when Node exits (an error, Ctrl-C).
 */
const running = new Set<ChildProcess>();
let hooked = false;

export function startProcess(cmd: string, args: string[], opts: SpawnOptions): ChildProcess {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const p of running) killTree(p);
    });
  }
  // Its own process group (not on Windows), so that its children go with it.
  const child = spawn(cmd, args, { ...opts, detached: process.platform !== 'win32' });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

export function killTree(p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (p.exitCode !== null || p.signalCode !== null || p.pid === undefined) return;
  try {
    if (process.platform === 'win32') p.kill(signal);
    else process.kill(-p.pid, signal);
  } catch {
    p.kill(signal);
  }
}

/** Resolves with the exit code (null when killed by a signal); kills the process after `timeoutMs`. */
export function waitExit(p: ChildProcess, timeoutMs: number): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((done) => {
    if (p.exitCode !== null || p.signalCode !== null) return done({ code: p.exitCode, timedOut: false });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(p, 'SIGKILL');
    }, timeoutMs);
    const finish = (code: number | null): void => {
      clearTimeout(timer);
      done({ code, timedOut });
    };
    p.once('exit', finish);
    p.once('error', () => finish(null));
  });
}

/** Stops a process and waits (briefly) for it to go. */
export async function stopProcess(p: ChildProcess): Promise<void> {
  killTree(p);
  const { timedOut } = await waitExit(p, 5_000);
  if (timedOut) killTree(p, 'SIGKILL');
}
