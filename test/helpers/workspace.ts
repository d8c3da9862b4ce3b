import { spawn } from 'node:child_process';
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
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the real bin/newsletter.js. */
export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '1', SMTP_URL: '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A minimal valid issue file. */
export function issueSource(front: Record<string, string> = {}, body = 'Hello there, this is the letter.'): string {
  const fm = { title: 'A test issue', date: '2026-01-07', ...front };
  return `---\n${Object.entries(fm)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\n${body}\n`;
}
