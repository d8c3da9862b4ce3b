import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain, type RunResult } from './helpers/run.js';
import { ROOT, cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

/**
 * The CLI end to end, in process: main(argv, io) in a temp workspace. What
 * needs a real process (signals, a closed stdout, start-up, a FIFO, two
 * builds at once, .mjmlconfig) is in bin.test.ts.
 */

afterAll(cleanupWorkspaces);

const EXAMPLE = 'issues/2026-10-28-code-review-is-a-conversation.md';
const SLUG = '2026-10-28-code-review-is-a-conversation';

/** A user's error: one short message naming the file, a non-zero exit, no stack trace. */
function expectCleanError(r: Pick<RunResult, 'code' | 'stderr'>, code: number, mention: string | RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(typeof mention === 'string' ? new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : mention);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stderr.split('\n').length).toBeLessThan(25);
}

function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));
}

describe('newsletter build', () => {
  it('builds one issue: html and txt in dist/, one line with path and size', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['build', EXAMPLE], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')[0]).toMatch(new RegExp(`^${EXAMPLE} → dist/${SLUG}\\.html \\(\\d+\\.\\d KB\\), dist/${SLUG}\\.txt`));
    const html = readFileSync(join(ws, 'dist', `${SLUG}.html`), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Code Review Is a Conversation');
    expect(readFileSync(join(ws, 'dist', `${SLUG}.txt`), 'utf8')).toContain('01:19  Why Priya stopped');
    expect(existsSync(join(ws, 'dist/assets/logo.png'))).toBe(true);
  });

  it('--all builds every issue except drafts, into --out', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['build', '--all', '--out', 'public'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    const built = readdirSync(join(ws, 'public')).filter((f) => f.endsWith('.html'));
    expect(built.sort()).toEqual(['2026-10-07-the-case-for-small-commits.html', '2026-10-14-name-it-twice.html', `${SLUG}.html`, 'maintenance-mode.html']);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('issues/')),
    ).toHaveLength(4);
  });

  it('--json prints a report a machine can read', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['build', 'issues', '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; issues: { file: string; slug: string; bytes: number; problems: unknown[] }[] };
    expect(report.ok).toBe(true);
    expect(report.issues).toHaveLength(5);
    expect(report.issues.find((i) => i.slug === 'maintenance-mode')!.bytes).toBeGreaterThan(10_000);
  });

  it('finds the config in a parent folder', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['build', `../${EXAMPLE}`], { cwd: join(ws, 'assets') });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(ws, 'dist', `${SLUG}.html`))).toBe(true);
  });
});

describe('bad input: a clear error, its exit code, nothing left behind', () => {
  it.each([
    ['malformed YAML', '---\ntitle: T\ndate: 2024-01-01\nsubject: News: May\n---\nx\n', 65, /error\[FRONTMATTER_YAML\] issues\/bad\.md:4:\d+/],
    ['missing closing ---', '---\ntitle: T\ndate: 2024-01-01\n', 65, /FRONTMATTER_UNCLOSED\] issues\/bad\.md:1/],
    ['---js frontmatter', '---js\n{ title: "x" }\n---\n', 65, /FRONTMATTER_LANGUAGE/],
    ['missing fields', '---\nsubject: S\n---\nx\n', 65, /"title" is required[\s\S]*"date" is required/],
    ['a NUL byte', '---\ntitle: T\ndate: 2024-01-01\n---\nx\u0000y\n', 65, /FILE_BINARY\] issues\/bad\.md:5/],
    ['an unsafe link', '---\ntitle: T\ndate: 2024-01-01\n---\n\n[x](javascript:alert(1))\n', 65, /LINK_UNSAFE\] issues\/bad\.md:6/],
  ])('%s', async (_, source, code, message) => {
    const ws = makeWorkspace({ 'issues/bad.md': source });
    const r = await runMain(['build', 'issues/bad.md'], { cwd: ws });
    expectCleanError(r, code, message);
    expect(existsSync(join(ws, 'dist', 'bad.html'))).toBe(false);
    expect(leftovers(ws)).toEqual([]);
  });

  it('invalid UTF-8 and UTF-16 files', async () => {
    const ws = makeWorkspace({
      'issues/latin1.md': Buffer.concat([Buffer.from('---\ntitle: T\ndate: 2024-01-01\n---\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'issues/utf16.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('---\ntitle: T\n', 'utf16le')]),
    });
    expectCleanError(await runMain(['build', 'issues/latin1.md'], { cwd: ws }), 65, /FILE_ENCODING\] issues\/latin1\.md:5[\s\S]*UTF-8/);
    expectCleanError(await runMain(['build', 'issues/utf16.md'], { cwd: ws }), 65, /UTF-16/);
  });

  it('a 50 MB file is refused by its size, before reading', async () => {
    const ws = makeWorkspace({ 'issues/huge.md': '' });
    truncateSync(join(ws, 'issues/huge.md'), 50 * 1024 * 1024);
    expectCleanError(await runMain(['build', 'issues/huge.md'], { cwd: ws }), 65, /FILE_TOO_LARGE[\s\S]*50\.0 MB/);
  });

  it('a missing file and a symlink loop exit 66 (a FIFO: bin.test.ts)', async () => {
    const ws = makeWorkspace();
    symlinkSync('loop-b.md', join(ws, 'issues/loop-a.md'));
    symlinkSync('loop-a.md', join(ws, 'issues/loop-b.md'));
    expectCleanError(await runMain(['build', 'issues/nope.md'], { cwd: ws }), 66, /issues\/nope\.md does not exist/);
    expectCleanError(await runMain(['build', 'issues/loop-a.md'], { cwd: ws }), 66, /loop/);
  });

  it('an empty folder and no config', async () => {
    const empty = makeWorkspace({ 'newsletter.config.yaml': 'name: X\n', 'issues/.keep': '' }, { empty: true });
    expectCleanError(await runMain(['build', 'issues'], { cwd: empty }), 66, /No issue files/);
    const none = makeWorkspace({ 'x.md': issueSource() }, { empty: true });
    expectCleanError(await runMain(['build', 'x.md'], { cwd: none }), 78, /No newsletter\.config\.yaml/);
  });

  it('a broken config names its file and line', async () => {
    const ws = makeWorkspace({ 'newsletter.config.yaml': 'name: X\ntheme:\n  brand_color: blue\nread_more:\n  count: many\n' });
    const r = await runMain(['build', EXAMPLE], { cwd: ws });
    expectCleanError(r, 78, /newsletter\.config\.yaml:3[\s\S]*brand_color[\s\S]*newsletter\.config\.yaml:5[\s\S]*count/);
  });

  it('usage errors exit 2', async () => {
    const ws = makeWorkspace();
    expect((await runMain(['bild'], { cwd: ws })).code).toBe(2);
    expect((await runMain(['build', '--nope', EXAMPLE], { cwd: ws })).code).toBe(2);
  });
});

describe('output and file system', () => {
  it('an output folder whose parent is a file: exit 73, nothing written', async () => {
    const ws = makeWorkspace({ blocker: 'a file' });
    expectCleanError(await runMain(['build', EXAMPLE, '--out', 'blocker/dist'], { cwd: ws }), 73, /blocker/);
  });

  it('an output path that is a folder: exit 73, earlier outputs untouched', async () => {
    const ws = makeWorkspace();
    mkdirSync(join(ws, 'dist', `${SLUG}.html`), { recursive: true });
    writeFileSync(join(ws, 'dist', `${SLUG}.txt`), 'earlier');
    const r = await runMain(['build', EXAMPLE], { cwd: ws });
    expectCleanError(r, 73, /is a folder/);
    expect(readFileSync(join(ws, 'dist', `${SLUG}.txt`), 'utf8')).toBe('earlier');
    expect(leftovers(ws)).toEqual([]);
  });

  it('replaces a symlinked output instead of writing through it', async () => {
    const ws = makeWorkspace({ 'outside.html': 'precious' });
    mkdirSync(join(ws, 'dist'));
    symlinkSync(join(ws, 'outside.html'), join(ws, 'dist', `${SLUG}.html`));
    const r = await runMain(['build', EXAMPLE], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(ws, 'outside.html'), 'utf8')).toBe('precious');
    expect(lstatSync(join(ws, 'dist', `${SLUG}.html`)).isSymbolicLink()).toBe(false);
  });
});

describe('newsletter eject', () => {
  it('copies the defaults, refuses to overwrite without --force', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['eject', 'header'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('templates/header.mjml.hbs');
    expect(r.stdout).toContain('templates/header.txt.hbs');
    expect(readFileSync(join(ws, 'templates/header.mjml.hbs'), 'utf8')).toBe(readFileSync(join(ROOT, 'templates/header.mjml.hbs'), 'utf8'));
    writeFileSync(join(ws, 'templates/header.txt.hbs'), 'MY HEADER\n');
    expectCleanError(await runMain(['eject', 'header'], { cwd: ws }), 73, /already exist[\s\S]*--force/);
    expect(readFileSync(join(ws, 'templates/header.txt.hbs'), 'utf8')).toBe('MY HEADER\n');
    const b = await runMain(['build', EXAMPLE], { cwd: ws });
    expect(readFileSync(join(ws, 'dist', `${SLUG}.txt`), 'utf8')).toMatch(/^MY HEADER/);
    expect(b.code).toBe(0);
    expect((await runMain(['eject', 'header', '--force'], { cwd: ws })).code).toBe(0);
    expect(readFileSync(join(ws, 'templates/header.txt.hbs'), 'utf8')).not.toBe('MY HEADER\n');
  });

  it('ejects every template with no names, and refuses an unknown name', async () => {
    const ws = makeWorkspace();
    expect((await runMain(['eject'], { cwd: ws })).code).toBe(0);
    expect(readdirSync(join(ws, 'templates')).length).toBe(readdirSync(join(ROOT, 'templates')).length);
    expectCleanError(await runMain(['eject', 'sidebar'], { cwd: ws }), 2, /no template called "sidebar"/);
  });
});

describe('local images', () => {
  it('copies an image whose path has an escaped space to the decoded file name', async () => {
    const ws = makeWorkspace({ 'issues/pic.md': issueSource({}, 'A picture:\n\n![Our studio](assets/the%20studio.png)\n') });
    writeFileSync(join(ws, 'assets/the studio.png'), readFileSync(join(ROOT, 'assets/logo.png')));
    const r = await runMain(['build', 'issues/pic.md'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(ws, 'dist/assets/the studio.png'))).toBe(true);
    expect(readFileSync(join(ws, 'dist/pic.html'), 'utf8')).toContain('src="assets/the%20studio.png"');
  });

  it('a missing local image is an error naming it', async () => {
    const ws = makeWorkspace({ 'issues/pic.md': issueSource({}, '![Gone](assets/gone.png)\n') });
    expectCleanError(await runMain(['build', 'issues/pic.md'], { cwd: ws }), 66, /assets\/gone\.png does not exist/);
  });
});
