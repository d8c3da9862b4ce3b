import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { nextTitle, slugify } from '../src/commands/newIssue.js';
import { openerCommand, splitCommand } from '../src/util/launch.js';
import { ROOT, cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

/** main(argv, io) in-process, with stdout and stderr captured. */
async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        add(chunk.toString());
        cb();
      },
    });
  const code = await main(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: { NO_COLOR: '1', ...env }, cwd });
  return { code, stdout, stderr };
}

describe('newsletter init', () => {
  it('writes a workspace that builds, whose placeholders check reports', async () => {
    const dir = makeWorkspace({}, { empty: true });
    const r = await run(['init', 'my-letters', '--author', 'Jo Doe'], dir);
    expect(r.code, r.stderr).toBe(0);
    const root = join(dir, 'my-letters');
    for (const f of ['newsletter.config.yaml', '.gitignore', '.github/workflows/preview.yml', 'assets/.gitkeep'])
      expect(existsSync(join(root, f)), f).toBe(true);
    expect(r.stdout).toContain('wrote my-letters/newsletter.config.yaml');
    const config = readFileSync(join(root, 'newsletter.config.yaml'), 'utf8');
    expect(config).toMatch(/^name: My Letters$/m);
    expect(config).toMatch(/^ {2}name: Jo Doe$/m);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m);
    expect(readFileSync(join(root, '.github/workflows/preview.yml'), 'utf8')).toContain('npx newsletter preview');
    const issues = readdirSync(join(root, 'issues'));
    expect(issues).toHaveLength(1);

    const build = await run(['build', '--all', '--json'], root);
    const report = JSON.parse(build.stdout) as { issues: { html: string; error: unknown }[] };
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]!.error).toBeNull();
    expect(existsSync(join(root, report.issues[0]!.html))).toBe(true);

    // The TODOs are errors until filled: check fails and names the config.
    const check = await run(['check', '--json'], root);
    expect(check.code).toBe(1);
    const findings = (JSON.parse(check.stdout) as { findings: { rule: string; file: string }[] }).findings;
    expect(findings.some((f) => f.rule === 'leftover' && f.file === 'newsletter.config.yaml')).toBe(true);
  });

  it('never overwrites: exit 73 naming what exists, nothing written', async () => {
    const dir = makeWorkspace({ '.gitignore': 'mine\n' }, { empty: true });
    const r = await run(['init'], dir);
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('.gitignore already exists');
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'newsletter.config.yaml'))).toBe(false);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('mine\n');
  });

  it('refuses a --url that is not http(s)', async () => {
    const dir = makeWorkspace({}, { empty: true });
    const r = await run(['init', '--url', 'example.org'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--url must be an http(s) address');
  });
});

describe('newsletter new', () => {
  it('writes issues/<date>-<slug>.md, prints its path, carries recurring blocks over', async () => {
    const ws = makeWorkspace({
      'issues/2027/2027-01-06-number-one.md': '---\ntitle: "#41: Number one"\ndate: 2027-01-06\npromos:\n  - title: Our book\n    text: Read it.\n---\n\nHi.\n',
    });
    const r = await run(['new', 'Ça va? Naming, again!', '--date', '2027-01-13'], ws);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('issues/2027-01-13-ca-va-naming-again.md');
    const text = readFileSync(join(ws, r.stdout.trim()), 'utf8');
    expect(text).toContain('title: "Ça va? Naming, again!"');
    expect(text).toContain('date: 2027-01-13');
    expect(text).toContain('draft: true');
    expect(text).toContain('title: Our book');
    // The new file is an issue every command reads: build renders it.
    const b = await run(['build', r.stdout.trim(), '--json'], ws);
    expect((JSON.parse(b.stdout) as { issues: { error: unknown }[] }).issues[0]!.error).toBeNull();

    const again = await run(['new', 'Ça va? Naming, again!', '--date', '2027-01-13'], ws);
    expect(again.code).toBe(73);
    expect(again.stderr).toContain('already exists');
  });

  it('numbers after the previous "#N" title and refuses an impossible date', async () => {
    expect(nextTitle({ title: '#41: Number one' } as Parameters<typeof nextTitle>[0])).toBe('#42: TODO title');
    expect(nextTitle(null)).toBe('TODO title');
    expect(slugify('  Hello, World!  ')).toBe('hello-world');
    const ws = makeWorkspace();
    const r = await run(['new', 'x', '--date', '2027-02-30'], ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--date must be a real date');
  });

  it('--open runs $EDITOR with the path as its own argument, no shell', async () => {
    const ws = makeWorkspace({ 'editor.mjs': "import { writeFileSync } from 'node:fs'; writeFileSync(process.argv[2] + '.opened', process.argv[3]);\n" });
    const r = await run(['new', 'Opened; rm -rf x', '--date', '2027-01-20', '--open'], ws, { EDITOR: `"${process.execPath}" editor.mjs marker` });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(ws, 'marker.opened'), 'utf8')).toBe(join(ws, 'issues/2027-01-20-opened-rm-rf-x.md'));
  });
});

describe('build with no argument', () => {
  it('builds every issue in issues/ and its subfolders, drafts too; --all leaves drafts out', async () => {
    const ws = makeWorkspace({ 'issues/2027/2027-01-06-sub.md': '---\ntitle: Sub\ndate: 2027-01-06\ndraft: true\n---\n\nHi.\n' });
    const every = JSON.parse((await run(['build', '--json'], ws)).stdout) as { issues: { file: string }[] };
    const all = JSON.parse((await run(['build', '--all', '--json'], ws)).stdout) as { issues: { file: string }[] };
    expect(every.issues.map((i) => i.file)).toContain('issues/2027/2027-01-06-sub.md');
    expect(all.issues.map((i) => i.file)).not.toContain('issues/2027/2027-01-06-sub.md');
    expect(every.issues.length).toBeGreaterThan(all.issues.length);
  });
});

describe('new --from-feed', () => {
  it('starts the issue from a feed episode through newFromFeed, and prints its path', async () => {
    const ws = makeWorkspace();
    const feed = join(ROOT, 'test/fixtures/feeds/quiet-build.xml');
    const r = await run(['new', '--from-feed', feed, '--episode', '91', '--json'], ws);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { file: string; chapters: number };
    expect(result.file).toBe('issues/2026-11-04-the-courage-to-delete-code.md');
    expect(result.chapters).toBe(3);
    expect(r.stderr).toContain('no listen link for YouTube');
    // Run again, the file is there: refused without --force, exit 73.
    const again = await run(['new', '--from-feed', feed, '--episode', '91'], ws);
    expect(again.code).toBe(73);
    const titled = await run(['new', 'A title', '--from-feed', feed], ws);
    expect(titled.code).toBe(2);
    expect(titled.stderr).toContain('come from the episode');
  });
});

describe('launch helpers', () => {
  it('splits an editor command like a shell would, without running one', () => {
    expect(splitCommand('code --wait')).toEqual(['code', '--wait']);
    expect(splitCommand('"/Applications/My Editor" -w --x="a b"')).toEqual(['/Applications/My Editor', '-w', '--x=a b']);
    expect(openerCommand('http://127.0.0.1:4321/', 'darwin')).toEqual(['open', 'http://127.0.0.1:4321/']);
    expect(openerCommand('http://127.0.0.1:4321/', 'linux')[0]).toBe('xdg-open');
  });
});

describe('--json and send', () => {
  it('send needs no --test; without SMTP it writes the .eml, says so, and --json tells sent from written', async () => {
    const ws = makeWorkspace();
    const r = await run(['send', '--json', 'issues/2026-10-14-name-it-twice.md'], ws);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { sent: boolean; eml: string; smtp: null; to: string[] };
    expect(result.sent).toBe(false);
    expect(result.smtp).toBeNull();
    expect(existsSync(join(ws, result.eml))).toBe(true);
    expect(r.stderr).toContain('not sent: no SMTP configured');
  });

  it('send --require-smtp without SMTP exits 69 and writes nothing', async () => {
    const ws = makeWorkspace();
    const r = await run(['send', '--test', '--require-smtp'], ws);
    expect(r.code).toBe(69);
    expect(r.stderr).toContain('--require-smtp: no SMTP server is configured');
    expect(existsSync(join(ws, 'dist'))).toBe(false);
  });

  it('check --json is --format json; with another --format it is refused', async () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws, 'x'), '');
    const a = await run(['check', '--json', 'issues/2026-10-14-name-it-twice.md'], ws);
    const b = await run(['check', '--format', 'json', 'issues/2026-10-14-name-it-twice.md'], ws);
    expect(a.code).toBe(b.code);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    const c = await run(['check', '--json', '--format', 'sarif'], ws);
    expect(c.code).toBe(2);
  });
});
