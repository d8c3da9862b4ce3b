/**
 * `newsletter check` as authors and CI run it: main() in a temp copy of the
 * example workspace, its exit codes, and each output format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatGithub, formatSarif, formatText, SARIF_SCHEMA } from '../src/problems/printers.js';
import { RULES } from '../src/lint/registry.js';
import type { Problem as Finding } from '../src/problems/problem.js';
import { check } from '../src/commands/check.js';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, issueSource, makeWorkspace, ROOT } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

/** One copy of the example workspace for the tests that only read it (check writes nothing). */
let example: string | null = null;
const exampleWorkspace = (): string => (example ??= makeWorkspace());

const BROKEN = 'issues/2026-12-01-broken.md';
const brokenSource = [
  '---',
  'title: A broken issue',
  'date: 2026-12-01',
  'preheader: TODO',
  'chapters:',
  '  - { time: "10:00", title: Later }',
  '  - { time: "05:00", title: Earlier }',
  '---',
  '',
  'Read it [here](https://example.com/x).',
].join('\n');

describe('the example workspace', () => {
  it('checks clean of errors; its only warnings are the ones its config asks for', async () => {
    const dir = exampleWorkspace();
    const r = await runMain(['check'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rules = [...r.stdout.matchAll(/^(error|warning)\[([\w-]+)\]/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(new Set(rules)).toEqual(new Set(['warning:preheader-missing']));
    expect(r.stdout).toMatch(/Checked 5 issues: 0 errors, 2 warnings; nothing blocks sending\./);
  });

  it('fails with --strict, since warnings then count', async () => {
    const r = await runMain(['check', '--strict', 'issues/2026-10-07-the-case-for-small-commits.md'], { cwd: exampleWorkspace() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/--strict: warnings fail/);
  });

  it('the repository’s own example (its templates/ is the default theme) is clean too', async () => {
    const report = await check({ cwd: ROOT, files: [] });
    expect(report.issues.map((i) => i.file)).toEqual(expect.arrayContaining(['issues/2026-10-07-the-case-for-small-commits.md']));
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const f of report.findings) expect(f.rule).toBe('preheader-missing');
  });

  it('with no preheader rule in the config, the missing preheaders are warnings (the derived one is valid)', async () => {
    const config = readFileSync(join(ROOT, 'newsletter.config.yaml'), 'utf8').replace(/check:\n {2}rules:\n {4}preheader-missing: warn\n?/, '');
    const dir = makeWorkspace({ 'newsletter.config.yaml': config });
    const r = await runMain(['check', 'issues/2026-10-07-the-case-for-small-commits.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning\[preheader-missing\] issues\/2026-10-07-the-case-for-small-commits\.md:2$/m);
  });
});

describe('a broken issue', () => {
  it('fails with every problem at its file:line, and the fix in the message', async () => {
    const dir = makeWorkspace({ [BROKEN]: brokenSource });
    const r = await runMain(['check', BROKEN], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error\[leftover\] issues\/2026-12-01-broken\.md:4\n {2}A TODO is left in: "TODO"\. Fill it in or remove it before sending\.$/m);
    expect(r.stdout).toMatch(/^error\[chapters-order\] issues\/2026-12-01-broken\.md:7$/m);
    expect(r.stdout).toMatch(/^warning\[link-generic-text\] issues\/2026-12-01-broken\.md:10$/m);
    expect(r.stdout).toMatch(/Checked 1 issue: 2 errors, 1 warning\./);
  });

  it('check.rules in the config turns rules down or off', async () => {
    const config = readFileSync(join(ROOT, 'newsletter.config.yaml'), 'utf8').replace(
      '    preheader-missing: warn\n',
      '    preheader-missing: warn\n    leftover: warn\n    chapters-order: off\n    no-such-rule: error\n',
    );
    const dir = makeWorkspace({ [BROKEN]: brokenSource, 'newsletter.config.yaml': config });
    const r = await runMain(['check', BROKEN], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning\[leftover\]/m);
    expect(r.stdout).not.toMatch(/chapters-order/);
    expect(r.stdout).toMatch(/^warning\[unknown-rule\] newsletter\.config\.yaml:\d+\n {2}check\.rules names "no-such-rule"/m);
  });

  it('an issue that cannot be read is an error finding; the other issues are still checked', async () => {
    const dir = makeWorkspace({ 'issues/2026-12-03-bad-yaml.md': '---\ntitle: "unclosed\ndate: 2026-12-03\n---\nBody\n' });
    const r = await runMain(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { ok: boolean; issues: { file: string }[]; findings: Finding[] };
    expect(json.ok).toBe(false);
    expect(json.issues).toHaveLength(6);
    expect(json.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ rule: 'FRONTMATTER_YAML', file: 'issues/2026-12-03-bad-yaml.md', line: expect.any(Number) }),
    ]);
  });

  it('a broken neighbour that is not being checked is an archive warning, and a misspelt key an unknown-key warning', async () => {
    const dir = makeWorkspace({
      'issues/2026-12-03-bad-yaml.md': '---\ntitle: "unclosed\ndate: 2026-12-03\n---\nBody\n',
      'issues/2026-12-04-typo.md': issueSource({ preheader: 'Fine.', titel: 'Oops' }),
    });
    const report = await check({ cwd: dir, files: ['issues/2026-12-04-typo.md'] });
    expect(report.findings).toHaveLength(2);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warn', rule: 'archive', file: 'issues/2026-12-03-bad-yaml.md', line: expect.any(Number) }),
        expect.objectContaining({
          severity: 'warn',
          rule: 'unknown-key',
          file: 'issues/2026-12-04-typo.md',
          line: 5,
          message: expect.stringContaining('did you mean title?'),
        }),
      ]),
    );
  });

  it('--no-drafts leaves drafts out', async () => {
    const dir = exampleWorkspace();
    const all = JSON.parse((await runMain(['check', '--format', 'json'], { cwd: dir })).stdout) as { issues: { draft: boolean }[] };
    const some = JSON.parse((await runMain(['check', '--format', 'json', '--no-drafts'], { cwd: dir })).stdout) as { issues: { draft: boolean }[] };
    expect(all.issues.filter((i) => i.draft)).toHaveLength(1);
    expect(some.issues).toHaveLength(all.issues.length - 1);
    expect(some.issues.some((i) => i.draft)).toBe(false);
  });

  it('a file that does not exist exits 66, as for build', async () => {
    const r = await runMain(['check', 'issues/nope.md'], { cwd: exampleWorkspace() });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/issues\/nope\.md/);
    expect(r.stdout).toBe('');
  });

  it('a bad --format is a usage error', async () => {
    const r = await runMain(['check', '--format', 'xml'], { cwd: exampleWorkspace() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xml/);
  });
});

describe('size', () => {
  it('reports an issue over the clip as an error with the exact weight of its heaviest blocks, where build refuses it', async () => {
    const long = 'A summary long enough to weigh something in the rendered table of chapters, repeated. '.repeat(4);
    const chapters = Array.from({ length: 260 }, (_, i) => `  - { time: ${i * 60}, title: "Chapter ${i}", summary: "${long}" }`).join('\n');
    const file = 'issues/2026-12-05-huge.md';
    const dir = makeWorkspace({ [file]: `---\ntitle: Huge\ndate: 2026-12-05\npreheader: A very long one.\nchapters:\n${chapters}\n---\nHi.\n` });
    const report = await check({ cwd: dir, files: [file] });
    const size = report.findings.find((f) => f.rule === 'size');
    expect(size).toMatchObject({ severity: 'error', file, line: 5 });
    const [, first, kb] = /heaviest blocks are (\w[\w-]*) \(([\d.]+) KB\)/.exec(size!.message) ?? [];
    expect(first).toBe('chapters');
    expect(Number(kb)).toBeGreaterThan(60);
    const build = await runMain(['build', file], { cwd: dir });
    // build writes it (to look at) and fails like check: the size is lint's error, the same in every command.
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/error\[size\].*\n.*102 KB/);
  });
});

describe('template overrides', () => {
  it('reports what the author’s templates add: client support, lang, contrast, placeholder links, the dropped address', async () => {
    const layout = readFileSync(join(ROOT, 'templates/layout.mjml.hbs'), 'utf8').replace('<mjml lang="{{lang}}" dir="ltr">', '<mjml>');
    const footer = [
      '<mj-section padding="24px 0 8px">',
      '  <mj-column>',
      '    <mj-text align="center" color="#bbbbbb" font-size="13px" padding="0 24px">',
      '      <p style="margin:0 0 10px;position:absolute">{{footer.reason}}</p>',
      '      <p><a href="#">Manage</a> <a href="{{footer.unsubscribe_url}}">{{labels.unsubscribe}}</a></p>',
      '    </mj-text>',
      '  </mj-column>',
      '</mj-section>',
    ].join('\n');
    const dir = makeWorkspace({ 'templates/layout.mjml.hbs': layout, 'templates/footer.mjml.hbs': footer });
    const r = await runMain(['check', 'issues/2026-10-28-code-review-is-a-conversation.md', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: Finding[] };
    const at = (rule: string): Finding | undefined => findings.find((f) => f.rule === rule);
    expect(at('lang-missing')).toMatchObject({ file: 'templates/layout.mjml.hbs', line: layout.split('\n').indexOf('<mjml>') + 1 });
    expect(at('contrast')).toMatchObject({ file: 'templates/footer.mjml.hbs', line: 3, severity: 'error' });
    expect(at('link-placeholder')).toMatchObject({ file: 'templates/footer.mjml.hbs', line: 5 });
    expect(at('postal-address')).toMatchObject({ file: 'templates/footer.mjml.hbs' });
    const position = findings.find((f) => f.rule === 'client-support' && /^"position"/.test(f.message));
    expect(position).toMatchObject({ file: 'templates/footer.mjml.hbs', line: 4, severity: 'warn' });
    // The default theme's own features (@media, :last-child...) are the baseline, not findings.
    expect(findings.some((f) => f.rule === 'client-support' && /@media|last-child/.test(f.message))).toBe(false);
  });
});

describe('output formats', () => {
  const findings: Finding[] = [
    { rule: 'leftover', severity: 'error', message: 'A TODO is left in: "TODO". Fill it in, 100%.', file: 'issues/a b.md', line: 4 },
    { rule: 'link-generic-text', severity: 'warn', message: 'Say where it goes.\nReally.', file: 'newsletter.config.yaml', hint: 'e.g. "the transcript"' },
    { rule: 'FRONTMATTER_YAML', severity: 'error', message: 'Invalid YAML', file: 'issues/c.md', line: 2 },
  ];
  const summary = { issues: [{ file: 'issues/a b.md', slug: 'a', draft: false }], findings, strict: false, online: false };

  it('SARIF carries what code scanning needs', () => {
    const sarif = JSON.parse(formatSarif(summary, '0.1.0', RULES));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('newsletter');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([...RULES.map((r) => r.id), 'FRONTMATTER_YAML']));
    for (const r of run.tool.driver.rules) expect(r.shortDescription.text.length).toBeGreaterThan(5);
    expect(run.results).toHaveLength(3);
    for (const [i, res] of run.results.entries()) {
      expect(res.ruleId).toBe(findings[i]!.rule);
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.level).toBe(findings[i]!.severity === 'error' ? 'error' : 'warning');
      expect(res.message.text).toContain(findings[i]!.message);
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('issues/a%20b.md');
    expect(run.results[0].locations[0].physicalLocation.region.startLine).toBe(4);
    expect(run.results[1].locations[0].physicalLocation.region.startLine).toBe(1);
    expect(run.results[1].message.text).toContain('the transcript');
  });

  it('GitHub annotations escape what workflow commands need escaped', () => {
    const lines = formatGithub(summary).split('\n');
    expect(lines[0]).toBe('::error file=issues/a b.md,line=4,title=newsletter check%3A leftover::A TODO is left in: "TODO". Fill it in, 100%25.');
    expect(lines[1]).toBe(
      '::warning file=newsletter.config.yaml,title=newsletter check%3A link-generic-text::Say where it goes.%0AReally.%0Ae.g. "the transcript"',
    );
    expect(lines[3]).toBe('Checked 1 issue: 2 errors, 1 warning.');
  });

  it('text: one block per finding, then a summary', () => {
    const text = formatText(summary);
    expect(text).toContain('error[leftover] issues/a b.md:4\n  A TODO is left in');
    // A newline inside a value is shown as \\n: a printed line can never be forged.
    expect(text).toContain('warning[link-generic-text] newsletter.config.yaml\n  Say where it goes.\\nReally.\n  hint: e.g. "the transcript"');
    expect(text.endsWith('Checked 1 issue: 2 errors, 1 warning.')).toBe(true);
    expect(formatText({ ...summary, findings: [] })).toBe('Checked 1 issue: no problems found.');
  });

  it('sarif and github from the command line', async () => {
    const dir = makeWorkspace({ [BROKEN]: brokenSource });
    const s = await runMain(['check', BROKEN, '--format', 'sarif'], { cwd: dir });
    expect(s.code).toBe(1);
    const sarif = JSON.parse(s.stdout);
    expect(sarif.runs[0].results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'leftover',
          level: 'error',
          locations: [{ physicalLocation: { artifactLocation: { uri: BROKEN, uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } } }],
        }),
      ]),
    );
    const g = await runMain(['check', BROKEN, '--format', 'github'], { cwd: dir });
    expect(g.code).toBe(1);
    expect(g.stdout).toMatch(/^::error file=issues\/2026-12-01-broken\.md,line=7,title=newsletter check%3A chapters-order::/m);
  });

  it('a clean issue prints no findings and exits 0', async () => {
    const dir = makeWorkspace({ 'issues/2026-12-04-clean.md': issueSource({ preheader: 'A clean issue with nothing to fix.', subject: 'A clean subject' }) });
    const r = await runMain(['check', 'issues/2026-12-04-clean.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Checked 1 issue: no problems found.');
  });
});
