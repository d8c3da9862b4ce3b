/**
 * The parse cache the bundled CLI keeps between runs
 * (src/workspace/persistentIssueCacheBundled.ts): one file per workspace in
 * node_modules/.cache/newsletter, used by build, check and the commands
 * that plan one issue. What it must never do is hand back an issue as it
 * was: an edited issue is built as edited, and a broken or foreign cache
 * file is no cache at all.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupWorkspaces, issueSource, makeWorkspace, runCli } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

const CACHE = join(ROOT, 'node_modules', '.cache', 'newsletter');

/** The cache file of the workspace `ws`: the one that names its issue files. */
function cacheOf(ws: string): string | undefined {
  return readdirSync(CACHE)
    .filter((n) => n.startsWith('issues-'))
    .map((n) => join(CACHE, n))
    .find((f) => readFileSync(f, 'utf8').includes(JSON.stringify(join(ws, 'issues')).slice(1, -1)));
}

describe('the parse cache of the bundled CLI', () => {
  it('is written by a build, and an edited issue is built as edited, with the new line numbers of its findings', async () => {
    const ws = makeWorkspace({ 'issues/2027-01-06-cached.md': issueSource({ date: '2027-01-06', title: 'First title' }) });
    const first = await runCli(['build', 'issues/2027-01-06-cached.md'], { cwd: ws });
    expect(first.code).toBe(0);
    const file = cacheOf(ws);
    expect(file).toBeDefined();
    const html = (): string => readFileSync(join(ws, 'dist', '2027-01-06-cached.html'), 'utf8');
    expect(html()).toContain('First title');

    // The same length, so only the content hash tells the two texts apart; and a line more before a TODO.
    writeFileSync(join(ws, 'issues/2027-01-06-cached.md'), issueSource({ date: '2027-01-06', title: 'Other title' }, '\nTODO write this'));
    const second = await runCli(['build', 'issues/2027-01-06-cached.md'], { cwd: ws });
    expect(html()).toContain('Other title');
    expect(html()).not.toContain('First title');
    expect(second.stdout + second.stderr).toMatch(/issues\/2027-01-06-cached\.md:7/);

    const check = await runCli(['check', 'issues/2027-01-06-cached.md', '--json'], { cwd: ws });
    const findings = (JSON.parse(check.stdout) as { findings: { rule: string; line?: number }[] }).findings;
    expect(findings.find((f) => f.rule === 'leftover')?.line).toBe(7);
  });

  it('a cache file that is broken, or from another build of the tool, is no cache: the issue is parsed again', async () => {
    const ws = makeWorkspace({ 'issues/2027-01-06-cached.md': issueSource({ date: '2027-01-06', title: 'Kept title' }) });
    expect((await runCli(['build', 'issues/2027-01-06-cached.md'], { cwd: ws })).code).toBe(0);
    const file = cacheOf(ws)!;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { stamp: string; entries: Record<string, { issue: { title: string } }> };
    for (const e of Object.values(stored.entries)) e.issue.title = 'Forged title';
    // The cache is read: an entry changed in place, with its stamp and hash, is what the next build uses. (Its
    // folder is this user's alone, like the code cache beside it: whoever can write there can change the code.)
    writeFileSync(file, JSON.stringify(stored));
    expect((await runCli(['build', 'issues/2027-01-06-cached.md'], { cwd: ws })).code).toBe(0);
    expect(readFileSync(join(ws, 'dist', '2027-01-06-cached.html'), 'utf8')).toContain('Forged title');
    // From another build of the tool, the same entry is not used.
    writeFileSync(file, JSON.stringify({ ...stored, stamp: 'another build' }));
    expect((await runCli(['build', 'issues/2027-01-06-cached.md'], { cwd: ws })).code).toBe(0);
    expect(readFileSync(join(ws, 'dist', '2027-01-06-cached.html'), 'utf8')).toContain('Kept title');
    writeFileSync(file, '{ not json');
    expect((await runCli(['build', 'issues/2027-01-06-cached.md'], { cwd: ws })).code).toBe(0);
    expect(readFileSync(join(ws, 'dist', '2027-01-06-cached.html'), 'utf8')).toContain('Kept title');
    // Written again whole, for the next run; its folder only this user may enter.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 1 });
    expect(statSync(CACHE).mode & 0o077).toBe(0);
  });
});
