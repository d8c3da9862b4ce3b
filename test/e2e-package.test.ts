import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/workspace.js';

/**
 * The package as an author gets it: `npm pack`, installed into an empty
 * folder from the tarball (its dependencies from the registry), then the
 * author's path through `npx newsletter`. Slow (a pack and an install), so
 * it is one test.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', SMTP_URL: '', ...env },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const x = e as { status: number | null; stdout: string; stderr: string };
    return { code: x.status ?? -1, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('the packed package', () => {
  it('installs alone and runs init, new, build, check and send from the tarball', { timeout: 600_000 }, () => {
    const packDir = tmp('newsletter-pack-');
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('docs/cli.md');
    expect(files).toContain('dist-cli/index.js');
    expect(files).toContain('dist-cli/types/index.d.ts');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);

    const app = tmp('newsletter-app-');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-letters', private: true, type: 'module' }));
    const install = run('npm', ['install', '-D', join(packDir, packed[0]!.filename), '--no-audit', '--no-fund'], app);
    expect(install.code, install.stderr).toBe(0);
    // Nothing but the package itself and its optional playwright-core.
    const installed = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed.sort()).toEqual(['newsletter-cli', 'playwright-core']);
    // eslint-disable-next-line no-console -- the installed size is a figure to report, not an assertion
    console.log(`installed size: ${execFileSync('du', ['-sh', 'node_modules'], { cwd: app, encoding: 'utf8' }).trim()}`);

    const npx = (...args: string[]): ReturnType<typeof run> => run('npx', ['--no', 'newsletter', ...args], app);
    const init = npx('init', '--name', 'Quiet Notes', '--author', 'Jo Doe', '--url', 'https://letters.example.org');
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(app, 'newsletter.config.yaml'))).toBe(true);

    const created = npx('new', 'Second letter', '--date', '2030-01-08');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe('issues/2030-01-08-second-letter.md');

    const build = npx('build', 'issues', '--json');
    const report = JSON.parse(build.stdout) as { issues: { file: string; html: string; error: unknown }[] };
    expect(report.issues).toHaveLength(2);
    for (const i of report.issues) {
      expect(i.error).toBeNull();
      expect(readFileSync(join(app, i.html), 'utf8')).toMatch(/^<!doctype html>/i);
    }

    // The TODOs left by init and new are reported until filled.
    const check = npx('check', '--json');
    expect(check.code).toBe(1);
    expect((JSON.parse(check.stdout) as { findings: { rule: string }[] }).findings.some((f) => f.rule === 'leftover')).toBe(true);

    const send = npx('send', '--json', 'issues/2030-01-08-second-letter.md', '--to', 'me@example.org');
    expect(send.code, send.stderr).toBe(0);
    const sent = JSON.parse(send.stdout) as { sent: boolean; eml: string };
    expect(sent.sent).toBe(false);
    expect(readFileSync(join(app, sent.eml), 'utf8')).toContain('Subject: [TEST] Second letter');

    // With the TODOs filled and a service named, publish hands the issue over (here a dry run: no key, no network).
    const configFile = join(app, 'newsletter.config.yaml');
    const filled = readFileSync(configFile, 'utf8')
      .replace(/^description: .*$/m, 'description: Notes on quiet work, every Wednesday.')
      .replace(/^ {2}address: .*$/m, '  address: Quiet Notes, 1 Example St, Portland, OR 97214, USA')
      .replace(/^ {2}to: .*$/m, '  to: [me@example.org]')
      .replace(/^# publish:\n#\s+provider: kit.*$/m, 'publish:\n  provider: buttondown');
    writeFileSync(configFile, filled);
    const welcome = report.issues.find((i) => !i.file.includes('second-letter'))!.file;
    const publish = npx('publish', welcome, '--dry-run');
    expect(publish.code, publish.stderr).toBe(0);
    expect(publish.stdout).toContain('BUTTONDOWN_API_KEY');
    const requests = readFileSync(join(app, 'dist', `${welcome.replace(/^issues\/|\.md$/g, '')}.publish.json`), 'utf8');
    expect(requests).toContain('{{ subscriber.metadata.first_name|default:\\"there\\" }}');

    // The programmatic API resolves through "exports".
    const api = run(
      'node',
      ['--input-type=module', '-e', "const m = await import('newsletter-cli'); console.log(typeof m.parseIssue, typeof m.renderIssue, typeof m.lintIssue)"],
      app,
    );
    expect(api.stdout.trim()).toBe('function function function');
  });
});
