import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/newsletter.js');

const made: string[] = [];

/**
 * A temporary workspace: a copy of the example workspace (config, issues,
 * assets) unless `empty`, plus any files given (path → content). Removed
 * after the test run by cleanupWorkspaces.
 */
export function makeWorkspace(files: Record<string, string | Buffer> = {}, opts: { empty?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-test-'));
  made.push(dir);
  if (!opts.empty) {
    cpSync(join(ROOT, 'newsletter.config.yaml'), join(dir, 'newsletter.config.yaml'));
    cpSync(join(ROOT, 'issues'), join(dir, 'issues'), { recursive: true });
    cpSync(join(ROOT, 'assets'), join(dir, 'assets'), { recursive: true });
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export function cleanupWorkspaces(): void {
  // A child a failed test left running (a hang is what some of them test for) must not outlive the run.
  for (const c of children) c.kill('SIGKILL');
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedCli {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited and its streams are closed. */
  done: Promise<CliResult>;
  /** Resolves with stdout so far once it matches `pattern` (it rejects if the process ends first). */
  stdoutMatch: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

const children = new Set<ChildProcessWithoutNullStreams>();

/**
 * Spawns the real bin/newsletter.js, for the few tests about the process
 * itself (start-up, signals, a closed stdout, what a fresh process loads).
 * Every other CLI test calls main() in-process: see helpers/run.ts. The
 * environment is the test's, without vitest's MJML_BROWSER, so that the
 * bundle is tested as users run it. No time limit of its own: a hang fails
 * the test by vitest's timeout, and cleanupWorkspaces kills what is left.
 */
export function spawnCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: '1', SMTP_URL: '', MJML_BROWSER: undefined, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
  child.stdin.on('error', () => {}); // a process that exits before reading its stdin
  child.stdin.end(opts.input ?? '');
  const stdoutMatch = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolveMatch, reject) => {
      const test = (): boolean => {
        const m = stdout.match(pattern);
        if (m) resolveMatch(m);
        return Boolean(m);
      };
      if (test()) return;
      const onData = (): void => void (test() && child.stdout.off('data', onData));
      child.stdout.on('data', onData);
      void done.then((r) => reject(new Error(`newsletter exited (${r.code ?? r.signal}) before printing ${pattern}:\n${r.stdout}\n${r.stderr}`)));
    });
  return { child, done, stdoutMatch };
}

/** Spawns the real bin/newsletter.js and waits for it to end. */
export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  return spawnCli(args, opts).done;
}

/** A minimal valid issue file. */
export function issueSource(front: Record<string, string> = {}, body = 'Hello there, this is the letter.'): string {
  const fm = { title: 'A test issue', date: '2026-01-07', ...front };
  return `---\n${Object.entries(fm)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\n${body}\n`;
}
