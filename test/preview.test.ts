import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

/** No browser engine: these tests are about the folder, the report and the exit code. */
const NO_BROWSER = {
  CHROMIUM_PATH: '/nonexistent/chromium',
  FIREFOX_PATH: '/nonexistent/firefox',
  WEBKIT_DRIVER_PATH: '/nonexistent/WebKitWebDriver',
  GITHUB_STEP_SUMMARY: '',
};
const OUT = 'dist/preview';
const SLUGS = [
  '2026-10-07-the-case-for-small-commits',
  '2026-10-14-name-it-twice',
  'maintenance-mode',
  '2026-10-28-code-review-is-a-conversation',
  '2026-11-04-the-courage-to-delete',
];
const DRAFT = 'issues/2026-11-04-the-courage-to-delete.md';
const BROKEN = `---\ntitle: Broken\ndate: 2026-12-01\nsubject: "unclosed\n---\n\nBody\n`;

interface Report {
  ok: boolean;
  totals: { issues: number; drafts: number; errors: number; warnings: number };
  screenshots: { state: string; note: string | null };
  issues: {
    file: string;
    slug: string | null;
    draft: boolean;
    bytes: number | null;
    files: Record<string, string | null>;
    errors: { rule: string; line: number | null }[];
    warnings: { rule: string }[];
  }[];
}

function report(ws: string, out = OUT): Report {
  return JSON.parse(readFileSync(join(ws, out, 'report.json'), 'utf8')) as Report;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('newsletter preview', () => {
  it('builds every issue, drafts included and marked, into dist/preview next to the config', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['preview'], { cwd: join(ws, 'issues'), env: NO_BROWSER });
    expect(r.code, r.stderr).toBe(0);
    const out = join(ws, OUT);
    for (const slug of SLUGS) {
      for (const f of [`email/${slug}.html`, `email/${slug}.dark.html`, `email/${slug}.inverted.html`, `email/${slug}.txt`])
        expect(existsSync(join(out, f)), f).toBe(true);
    }
    // Pages are named after the issue file: the name stays when the slug changes or the file breaks.
    for (const f of readdirSync(join(ws, 'issues'))) expect(existsSync(join(out, 'issues', f.replace(/\.md$/, '.html'))), f).toBe(true);
    expect(existsSync(join(out, 'email/assets/logo.png'))).toBe(true);
    expect(existsSync(join(out, 'email/assets/sponsor.png'))).toBe(true);

    const rep = report(ws);
    expect(rep.ok).toBe(true);
    expect(rep.totals).toMatchObject({ issues: 5, drafts: 1, errors: 0 });
    expect(rep.issues.map((i) => i.slug)).toEqual([...SLUGS].reverse()); // newest first
    expect(rep.issues.find((i) => i.draft)?.file).toBe(DRAFT.replace('issues/', '')); // as typed from the cwd, issues/
    for (const i of rep.issues) {
      expect(i.bytes).toBeGreaterThan(10_000);
      expect(i.files).toMatchObject({ desktop: null, mobile: null }); // no browser, no screenshots
      for (const key of ['page', 'html', 'dark', 'text']) {
        const f = i.files[key];
        expect(f, `${i.file}: ${key}`).toEqual(expect.any(String));
        expect(existsSync(join(out, f!)), f!).toBe(true);
      }
    }

    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const f of readdirSync(join(ws, 'issues'))) expect(index).toContain(`href="issues/${f.replace(/\.md$/, '.html')}"`);
    expect(index).toContain('Code review is a conversation, not a verdict');
    expect(index).toContain('>Draft<');
    const page = readFileSync(join(out, `issues/${SLUGS[3]}.html`), 'utf8');
    expect(page).toContain(`src="../email/${SLUGS[3]}.html"`);
    expect(page).toContain('Maren Holloway &lt;letters@example.com&gt;'); // From
    expect(page).toContain('me@example.com'); // To: test.to
    expect(page).toContain('List-Unsubscribe=One-Click');
    expect(page).toContain('01:19  Why Priya stopped'); // the text part
    // The email shown is the one `build` writes.
    const built = await runMain(['build', `issues/${SLUGS[3]}.md`, '--out', 'built'], { cwd: ws });
    expect(built.code, built.stderr).toBe(0);
    expect(readFileSync(join(out, `email/${SLUGS[3]}.html`), 'utf8')).toBe(readFileSync(join(ws, `built/${SLUGS[3]}.html`), 'utf8'));
    expect(readFileSync(join(out, `email/${SLUGS[3]}.txt`), 'utf8')).toBe(readFileSync(join(ws, `built/${SLUGS[3]}.txt`), 'utf8'));

    // Progress is plain lines off a terminal; the result is one line on stdout.
    expect(r.stderr).toMatch(/^Rendering \[1\/5\] [^/\s]+\.md/m); // paths as typed from the cwd, issues/
    expect(r.stderr).toMatch(/^Rendering \[5\/5\] /m);
    expect(r.stdout).toMatch(/^Preview: 5 issues \(1 draft\), 0 errors, \d+ warnings? → .*dist\/preview\/index\.html$/m);
  });

  it('says in one line per engine that its screenshots were skipped when there is no browser', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['preview'], { cwd: ws, env: NO_BROWSER });
    expect(r.code, r.stderr).toBe(0);
    const lines = (r.stdout + r.stderr).split('\n').filter((l) => /screenshot/i.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Screenshots skipped in Blink: .*\/nonexistent\/chromium/);
    expect(lines[1]).toMatch(/^Screenshots skipped in Gecko: .*\/nonexistent\/firefox/);
    expect(lines[2]).toMatch(/^Screenshots skipped in WebKit: .*\/nonexistent\/WebKitWebDriver/);
    expect(report(ws).screenshots.state).toBe('skipped');
    expect(files(join(ws, OUT)).filter((f) => f.endsWith('.png') && !f.startsWith('email/'))).toEqual([]);
  });

  it('--screenshots makes a missing browser an error (69), before writing anything', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['preview', '--screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(/error\[BROWSER_MISSING\].*\n.*Chromium/);
    expect(r.stderr).toMatch(/hint: .*apt-get install chromium/);
    expect(existsSync(join(ws, OUT))).toBe(false);
  });

  it('--engines takes only known engines, and with --screenshots each one named must be there', async () => {
    const ws = makeWorkspace();
    const bad = await runMain(['preview', '--engines', 'blink,trident'], { cwd: ws, env: NO_BROWSER });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--engines.*blink, gecko, webkit \(not trident\)/);
    // Only Gecko is asked for: Blink (here Debian's) is not looked for, and Gecko's absence is the error.
    const r = await runMain(['preview', '--screenshots', '--engines', 'gecko'], { cwd: ws, env: { ...NO_BROWSER, CHROMIUM_PATH: '' } });
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(/error\[BROWSER_MISSING\].*\n.*Gecko: FIREFOX_PATH=\/nonexistent\/firefox does not exist/);
    expect(r.stderr).not.toMatch(/Blink|WebKit/);
    expect(existsSync(join(ws, OUT))).toBe(false);
  });

  it('--no-screenshots says nothing about screenshots', async () => {
    const ws = makeWorkspace();
    const r = await runMain(['preview', '--no-screenshots', '--out', 'site'], { cwd: ws, env: NO_BROWSER });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/screenshot/i);
    expect(report(ws, 'site').screenshots.state).toBe('off');
  });

  it('a broken issue fails the run (1, as check) with its location; the others are still built', async () => {
    const ws = makeWorkspace({ 'issues/2026-12-01-broken.md': BROKEN });
    const r = await runMain(['preview'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[FRONTMATTER_YAML\] issues\/2026-12-01-broken\.md:\d+/m);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const rep = report(ws);
    expect(rep.ok).toBe(false);
    expect(rep.totals.errors).toBe(1);
    const broken = rep.issues.find((i) => i.file === 'issues/2026-12-01-broken.md')!;
    expect(broken.errors[0]).toMatchObject({ rule: 'FRONTMATTER_YAML', line: expect.any(Number) });
    expect(broken.files.html).toBeNull();
    expect(rep.issues.filter((i) => i.slug !== null)).toHaveLength(5);
    const page = readFileSync(join(ws, OUT, 'issues/2026-12-01-broken.html'), 'utf8');
    expect(page).toContain('FRONTMATTER_YAML');
    expect(page).not.toContain('<iframe');
    const md = readFileSync(join(ws, OUT, 'summary.md'), 'utf8');
    expect(md).toMatch(/^### ❌/);
    expect(md).toMatch(/^\| ❌ \| `issues\/2026-12-01-broken\.md` \|/m);
    // The broken issue is its own error: its neighbours do not each warn that "read more" left it out.
    expect(rep.totals.warnings).toBe(2);
  });

  it('--format github prints workflow annotations for errors and warnings', async () => {
    const ws = makeWorkspace({ 'issues/2026-12-01-broken.md': BROKEN });
    const r = await runMain(['preview', '--format', 'github'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=issues\/2026-12-01-broken\.md,line=\d+(,col=\d+)?,title=FRONTMATTER_YAML::/m);
    expect(r.stdout).toMatch(/^::warning file=issues\/2026-10-07-the-case-for-small-commits\.md,line=2,title=preheader-missing::No preheader/m);
    expect(r.stderr).not.toMatch(/^error\[/m);
  });

  it('an error of a check rule fails the run (1); warnings fail only with --strict', async () => {
    const ws = makeWorkspace();
    const warnOnly = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(warnOnly.code, warnOnly.stderr).toBe(0);
    expect(report(ws).totals.warnings).toBeGreaterThan(0);
    const strict = await runMain(['preview', '--no-screenshots', '--strict'], { cwd: ws, env: NO_BROWSER });
    expect(strict.code).toBe(1);
    expect(report(ws).ok).toBe(false);

    const config = readFileSync(join(ws, 'newsletter.config.yaml'), 'utf8').replace('preheader-missing: warn', 'preheader-missing: error');
    writeFileSync(join(ws, 'newsletter.config.yaml'), config);
    const ruleError = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(ruleError.code).toBe(1);
    expect(ruleError.stderr).toMatch(/^error\[preheader-missing\] issues\/2026-10-07-the-case-for-small-commits\.md:2/m);
  });

  it('appends the summary to $GITHUB_STEP_SUMMARY', async () => {
    const ws = makeWorkspace();
    const summary = join(ws, 'step-summary.md');
    writeFileSync(summary, '# Earlier step\n');
    const r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: { ...NO_BROWSER, GITHUB_STEP_SUMMARY: summary } });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# Earlier step\n### ✅') || text.startsWith('# Earlier step\n### ⚠️')).toBe(true);
    expect(text).toContain(readFileSync(join(ws, OUT, 'summary.md'), 'utf8'));
    expect(text.match(/^\| .* \| \*\*/gm)).toHaveLength(5);
  });

  it('two slugs alike: both issues are errors, each naming the other', async () => {
    const ws = makeWorkspace({ 'issues/2026-12-02-copy.md': issueSource({ slug: 'maintenance-mode', title: 'Copy' }) });
    const r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[SLUG_DUPLICATE\] issues\/2026-12-02-copy\.md:\d+\n.*also the slug of issues\/2026-10-21-maintenance-is-the-product\.md/);
    expect(r.stderr).toMatch(/error\[SLUG_DUPLICATE\] issues\/2026-10-21-maintenance-is-the-product\.md:\d+\n.*also the slug of issues\/2026-12-02-copy\.md/);
    expect(existsSync(join(ws, OUT, 'email/maintenance-mode.html'))).toBe(false);
  });

  it('a broken config stops everything (78) and writes nothing', async () => {
    const ws = makeWorkspace({ 'newsletter.config.yaml': 'name: [unclosed\n' });
    const r = await runMain(['preview'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/error\[CONFIG_INVALID\] newsletter\.config\.yaml/);
    expect(existsSync(join(ws, OUT))).toBe(false);
  });

  it('an output folder that cannot be created is an error (73)', async () => {
    const ws = makeWorkspace({ 'a-file': 'x' });
    const r = await runMain(['preview', '--out', 'a-file/preview'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(73);
    expect(r.stderr).toMatch(/error\[OUTPUT_NOT_WRITABLE\]/);
  });

  it('no issues is an error (66)', async () => {
    const ws = makeWorkspace({ 'newsletter.config.yaml': 'name: Empty\n', 'issues/README.md': '# not an issue\n' }, { empty: true });
    const r = await runMain(['preview'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/error\[NO_ISSUES\]/);
  });
});

describe('newsletter preview: the cache', () => {
  const mtimes = (ws: string): Record<string, number> =>
    Object.fromEntries(
      files(join(ws, OUT))
        .filter((f) => /^(issues|email)\/.*\.(html|txt)$/.test(f))
        .map((f) => [f, statSync(join(ws, OUT, f)).mtimeMs]),
    );
  const rendered = (stderr: string): string[] =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('Rendering [') && !l.includes('unchanged'))
      .map((l) => l.replace(/^Rendering \[\s*\d+\/\d+\] (\S+).*$/, '$1'))
      .sort();

  it('a second run with nothing changed renders nothing and rewrites no issue file', async () => {
    const ws = makeWorkspace();
    const first = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(rendered(first.stderr)).toHaveLength(5);
    const before = mtimes(ws);
    const firstReport = readFileSync(join(ws, OUT, 'report.json'), 'utf8');
    const second = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(second.code, second.stderr).toBe(0);
    expect(rendered(second.stderr)).toEqual([]);
    expect(second.stderr.match(/\(unchanged/g)).toHaveLength(5);
    expect(mtimes(ws)).toEqual(before);
    expect(readFileSync(join(ws, OUT, 'report.json'), 'utf8')).toBe(firstReport);
  });

  it('renders again what a change touches: the issue, and the issues whose "read more" shows it', async () => {
    const ws = makeWorkspace();
    await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    // A draft is in nobody's "read more": only it renders again.
    const draft = join(ws, DRAFT);
    writeFileSync(draft, readFileSync(draft, 'utf8') + '\nOne more paragraph.\n');
    let r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(rendered(r.stderr)).toEqual([DRAFT]);

    // The oldest issue's title shows in the "read more" of the three after it (count: 3); the newest does not list it.
    const oldest = join(ws, 'issues/2026-10-07-the-case-for-small-commits.md');
    writeFileSync(oldest, readFileSync(oldest, 'utf8').replace('title: The Case for Small Commits', 'title: The Case for Smaller Commits'));
    r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(rendered(r.stderr)).toEqual([
      'issues/2026-10-07-the-case-for-small-commits.md',
      'issues/2026-10-14-name-it-twice.md',
      'issues/2026-10-21-maintenance-is-the-product.md',
      'issues/2026-10-28-code-review-is-a-conversation.md',
      DRAFT,
    ]);
    expect(readFileSync(join(ws, OUT, 'email/2026-10-14-name-it-twice.html'), 'utf8')).toContain('The Case for Smaller Commits');

    // The config and the templates are in every key.
    writeFileSync(
      join(ws, 'newsletter.config.yaml'),
      readFileSync(join(ws, 'newsletter.config.yaml'), 'utf8').replace(/^greeting: .*$/m, 'greeting: Hello builders,'),
    );
    r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(rendered(r.stderr)).toHaveLength(5);
    mkdirSync(join(ws, 'templates'));
    writeFileSync(join(ws, 'templates/title.txt.hbs'), '{{title}}\n');
    r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(r.code, r.stderr).toBe(0);
    expect(rendered(r.stderr)).toHaveLength(5);
  });

  it('removes the pages of an issue that was deleted or renamed, and --no-cache renders everything', async () => {
    const ws = makeWorkspace();
    await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    rmSync(join(ws, 'issues/2026-10-21-maintenance-is-the-product.md'));
    const r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(r.code, r.stderr).toBe(0);
    const left = files(join(ws, OUT));
    expect(left.filter((f) => f.includes('maintenance'))).toEqual([]);
    expect(left).toContain('email/assets/logo.png');
    expect(report(ws).issues).toHaveLength(4);
    const again = await runMain(['preview', '--no-screenshots', '--no-cache'], { cwd: ws, env: NO_BROWSER });
    expect(rendered(again.stderr)).toHaveLength(4);
  });

  it('a missing image is an error even when the issue itself is unchanged', async () => {
    const ws = makeWorkspace();
    await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    rmSync(join(ws, 'assets/sponsor.png'));
    const r = await runMain(['preview', '--no-screenshots'], { cwd: ws, env: NO_BROWSER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[FILE_NOT_FOUND\] assets\/sponsor\.png/);
  });
});
