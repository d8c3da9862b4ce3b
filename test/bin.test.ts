/**
 * The real bin/newsletter.js, for what only a process shows: start-up, exit
 * codes as the shell sees them, signals, a closed stdout, a FIFO that must
 * not hang it, two processes writing the same files, and what a fresh
 * process loads or fixes for its life (.mjmlconfig, the time zone).
 * Everything else calls main() in process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, issueSource, makeWorkspace, runCli, spawnCli } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

const EXAMPLE = 'issues/2026-10-28-code-review-is-a-conversation.md';
const SLUG = '2026-10-28-code-review-is-a-conversation';
const STACK = /\n\s+at .+:\d+:\d+/;

function tempFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp')) : [];
}

describe('start-up', () => {
  it('--version and --help', async () => {
    const ws = makeWorkspace();
    const version = await runCli(['--version'], { cwd: ws });
    expect(version).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const help = await runCli(['--help'], { cwd: ws });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: newsletter /);
    for (const command of ['build', 'eject', 'send', 'check', 'preview', 'dev']) expect(help.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
  });
});

describe('exit codes', () => {
  it('a usage error exits 2; a bad issue exits 65 with one clean message', async () => {
    const ws = makeWorkspace({ 'issues/bad.md': '---\ntitle: T\ndate: 2024-01-01\n---\nx\u0000y\n' });
    const usage = await runCli(['bild'], { cwd: ws });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown command 'bild'/);
    const bad = await runCli(['build', 'issues/bad.md'], { cwd: ws });
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/^error\[FILE_BINARY\] issues\/bad\.md:5\n/);
    expect(bad.stderr).not.toMatch(STACK);
    expect(existsSync(join(ws, 'dist/bad.html'))).toBe(false);
  });

  it('a FIFO given as the issue exits 66 without hanging', async () => {
    const ws = makeWorkspace();
    execFileSync('mkfifo', [join(ws, 'fifo.md')]);
    const r = await runCli(['build', 'fifo.md'], { cwd: ws });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/not a regular file/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('signals and pipes', () => {
  // Many issues, so that the build is surely still running when the signal comes after the first line.
  const COUNT = 100;
  const manyIssues = (): Record<string, string> =>
    Object.fromEntries(
      Array.from({ length: COUNT }, (_, i) => {
        const n = String(i).padStart(3, '0');
        return [`issues/2026-01-01-n${n}.md`, issueSource({ title: `Issue ${n}`, preheader: `Number ${n}.` }, `Letter number ${n}.`)];
      }),
    );

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s mid-build: exit %i, every output complete or absent, no temp file', async (signal, code) => {
    const ws = makeWorkspace(manyIssues());
    // What an uninterrupted build writes for the first issue, with the same neighbours.
    expect((await runMain(['build', 'issues/2026-01-01-n000.md', '--out', 'ref'], { cwd: ws })).code).toBe(0);
    const expected = readFileSync(join(ws, 'ref/2026-01-01-n000.html'), 'utf8');

    const run = spawnCli(['build', '--all'], { cwd: ws });
    await run.stdoutMatch(/\n/); // the first issue is written; the rest are to come
    run.child.kill(signal);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toBe(`newsletter: interrupted (${signal}). Every output file is either complete or untouched.\n`);
    expect(tempFiles(ws)).toEqual([]);
    const html = readdirSync(join(ws, 'dist')).filter((f) => f.endsWith('.html'));
    expect(html.length).toBeGreaterThan(0);
    expect(html.length).toBeLessThan(COUNT + 4);
    expect(readFileSync(join(ws, 'dist/2026-01-01-n000.html'), 'utf8')).toBe(expected);
    for (const f of html) {
      expect(readFileSync(join(ws, 'dist', f), 'utf8'), f).toMatch(/<\/html>\s*$/);
      expect(existsSync(join(ws, 'dist', f.replace(/\.html$/, '.txt'))), f).toBe(true);
    }
  });

  it('a reader that closes stdout early gets no stack trace', async () => {
    const ws = makeWorkspace();
    const run = spawnCli(['build', '--all'], { cwd: ws });
    run.child.stdout.destroy();
    const r = await run.done;
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(0);
  });

  it('two builds writing the same outputs at once leave one complete build', async () => {
    const ws = makeWorkspace();
    expect((await runMain(['build', EXAMPLE, '--out', 'ref'], { cwd: ws })).code).toBe(0);
    const expected = readFileSync(join(ws, 'ref', `${SLUG}.html`), 'utf8');
    const runs = await Promise.all([runCli(['build', EXAMPLE], { cwd: ws }), runCli(['build', EXAMPLE], { cwd: ws })]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(readFileSync(join(ws, 'dist', `${SLUG}.html`), 'utf8')).toBe(expected);
    expect(tempFiles(ws)).toEqual([]);
  });
});

describe('what a fresh process loads', () => {
  it('builds the same bytes whatever the time zone', async () => {
    // A process's zone is fixed for what it caches (date formatters): one process per zone.
    const ws = makeWorkspace();
    const runs = await Promise.all(
      ['Pacific/Kiritimati', 'America/Los_Angeles'].map((TZ, i) => runCli(['build', EXAMPLE, '--out', `out${i}`], { cwd: ws, env: { TZ } })),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const [a, b] = [0, 1].map((i) => readFileSync(join(ws, `out${i}`, `${SLUG}.html`), 'utf8'));
    expect(a).toBe(b);
    expect(a).toContain('October 28, 2026');
  });

  it('a .mjmlconfig in the workspace is not run (the bundle, without MJML_BROWSER)', async () => {
    const evil = "require('fs').writeFileSync(__dirname + '/pwned', 'x'); module.exports = { packages: [] };";
    const ws = makeWorkspace({
      '.mjmlconfig': JSON.stringify({ packages: ['./evil.js'] }),
      '.mjmlconfig.js': evil,
      'evil.js': evil,
    });
    const r = await runCli(['build', EXAMPLE], { cwd: ws, env: { MJML_BROWSER: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(ws, 'dist', `${SLUG}.html`))).toBe(true);
    expect(existsSync(join(ws, 'pwned'))).toBe(false);
    // The trap is armed: evil.js does write the file when it runs.
    execFileSync(process.execPath, [join(ws, 'evil.js')]);
    expect(existsSync(join(ws, 'pwned'))).toBe(true);
  });
});
