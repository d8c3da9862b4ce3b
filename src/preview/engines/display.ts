import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { startProcess, stopProcess } from './processes.js';

/**
 * A virtual X display for WebKitGTK's MiniBrowser, tall enough for a whole
 * email in one window. Xvfb picks a free display itself (`-displayfd`), so
 * two previews (or test files) starting at once never race for one, as
 * `xvfb-run -a` can.
 */
export async function startXvfb(xvfb: string, timeoutMs = 30_000): Promise<{ display: string; process: ChildProcess }> {
  const child = startProcess(xvfb, ['-displayfd', '3', '-screen', '0', '1280x16400x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  try {
    const number = await new Promise<string>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`Xvfb did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      child.stdio[3]!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) {
          clearTimeout(timer);
          ok(out.trim());
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`Xvfb exited (${code}): ${stderr.trim().split('\n').pop() ?? ''}`));
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        fail(e);
      });
    });
    return { display: `:${number}`, process: child };
  } catch (e) {
    await stopProcess(child);
    throw e;
  }
}

/**
 * The TCP port a process listens on (Linux): its socket inodes, looked up
 * in /proc/net/tcp{,6}. WebKitWebDriver started on port 0 picks a free
 * port but does not print it.
 */
export function listeningPort(pid: number): number | null {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // Closed meanwhile.
      }
    }
  } catch {
    return null;
  }
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // State 0A is LISTEN; the local address is HEX_IP:HEX_PORT.
      if (cols[3] === '0A' && inodes.has(cols[9] ?? '')) return parseInt(cols[1]!.split(':')[1]!, 16);
    }
  }
  return null;
}
