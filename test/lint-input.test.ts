/** lintInput and lintIssue, the one way in to lint for every command: severities, order, the config's settings. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintInput, lintIssue, lintSettings, sortProblems } from '../src/lint/lintInput.js';
import { severityOf } from '../src/lint/registry.js';
import { SIZE_WARN_BYTES } from '../src/lint/limits.js';
import type { Config } from '../src/parse/types.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { configFrom, configWith, defaults, example, exampleConfigYaml, fakeRendered, input, issue, run, templates } from './helpers/lint.js';
import { ROOT } from './helpers/workspace.js';

describe('lintIssue', () => {
  it('derives what several rules read once: the parsed HTML and its links', () => {
    const i = lintInput({
      issue: issue('---\ntitle: T\ndate: 2026-01-07\n---\nB'),
      config: example,
      rendered: fakeRendered({ html: '<a href="https://a.example.com/">A <img alt="logo"></a>' }),
    });
    expect(i.anchors.map((a) => [a.href, a.text])).toEqual([['https://a.example.com/', 'A logo']]);
    expect(i.configFile).toBe('newsletter.config.yaml');
  });

  it('returns every rule’s problems sorted by file, line and column', () => {
    const src = '---\ntitle: T\ndate: 2026-01-07\n---\nTODO: one\n\nwin\u200bner and FIXME\n';
    const problems = lintIssue(lintInput({ issue: issue(src), config: defaults, rendered: fakeRendered({ text: 'Hello' }) }));
    const keys = problems.map((p) => `${p.file}:${String(p.line ?? 0).padStart(3, '0')}:${String(p.column ?? 0).padStart(3, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(problems.map((p) => p.rule)).toEqual(expect.arrayContaining(['preheader-missing', 'leftover', 'text-zero-width']));
    expect(problems.find((p) => p.rule === 'text-zero-width')).toMatchObject({ line: 7, column: 4 });
  });

  it('takes a source as well as a built input, and the settings to use', () => {
    const src = { issue: issue('---\ntitle: T\ndate: 2026-01-07\n---\nTODO'), config: defaults, rendered: fakeRendered() };
    expect(lintIssue(src).find((p) => p.rule === 'leftover')!.severity).toBe('error');
    expect(lintIssue(src, { leftover: 'warn' }).find((p) => p.rule === 'leftover')!.severity).toBe('warn');
    expect(lintIssue(src, { leftover: 'off' }).some((p) => p.rule === 'leftover')).toBe(false);
  });

  it('sorts problems without a line before those with one, and keeps the order found otherwise', () => {
    const p = (file: string, line?: number, message = '') => ({ rule: 'r', severity: 'warn' as const, message, file, line });
    expect(sortProblems([p('b', 1), p('a', 3), p('a'), p('a', 3, 'second')]).map((x) => `${x.file}${x.line ?? ''}${x.message}`)).toEqual([
      'a',
      'a3',
      'a3second',
      'b1',
    ]);
  });
});

describe('severities', () => {
  it('takes check.rules from the config: off drops a rule, warn and error override its default', () => {
    const src = '---\ntitle: T\ndate: 2026-01-07\n---\nTODO';
    const cfg = (rules: Config['check']['rules']): Config => configWith({ check: { rules } });
    expect(run('leftover', input({ src, config: cfg({}) }))[0]!.severity).toBe('error');
    expect(run('leftover', input({ src, config: cfg({ leftover: 'warn' }) }))[0]!.severity).toBe('warn');
    expect(run('leftover', input({ src, config: cfg({ leftover: 'off' }) }))).toEqual([]);
    expect(run('size', input({ config: cfg({ size: 'error' }), rendered: fakeRendered({ bytes: SIZE_WARN_BYTES + 1 }) }))[0]!.severity).toBe('error');
    expect(severityOf('link-broken', {})).toBe('error');
    expect(severityOf('no-such-rule', {})).toBe('warn');
  });

  it('makes a missing preheader a warning: the one derived from the letter is valid', () => {
    expect(run('preheader-missing', input({ src: '---\ntitle: T\ndate: 2026-01-07\n---\nBody' }))[0]!.severity).toBe('warn');
  });

  it('gives the example issues, which have no preheader, warnings only', async () => {
    for (const name of readdirSync(join(ROOT, 'issues'))) {
      const file = `issues/${name}`;
      const iss = issue(readFileSync(join(ROOT, file), 'utf8'), file);
      const rendered = await renderIssue(iss, defaults, templates, []);
      const problems = lintIssue({ issue: iss, config: defaults, rendered, imageExists: (src) => existsSync(join(ROOT, src)) });
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    }
  });
});

describe('lintSettings', () => {
  it('reports check.rules entries that name no rule, at their config line', () => {
    const yaml = exampleConfigYaml.replace(/^check:\n(?: .*\n?)*/m, '') + '\ncheck:\n  rules:\n    leftover: warn\n    no-such-rule: error\n';
    const cfg = configFrom(yaml);
    const line = yaml.split('\n').findIndex((l) => l.includes('no-such-rule')) + 1;
    expect(lintSettings(cfg)).toEqual([expect.objectContaining({ rule: 'unknown-rule', severity: 'warn', file: 'newsletter.config.yaml', line })]);
    expect(lintSettings(example)).toEqual([]);
  });
});

describe('check.rules', () => {
  it('gives each rule the severity the config sets, and leaves out rules set to off', async () => {
    const iss = issue('---\ntitle: T\ndate: 2026-01-07\n---\nTODO: the intro');
    const on = await renderIssue(iss, example, templates, []);
    const found = lintIssue({ issue: iss, config: example, rendered: on });
    expect(found.find((p) => p.rule === 'leftover')).toMatchObject({ file: 'issues/t.md', line: 5, severity: 'error' });
    const quiet = configWith({ check: { rules: { leftover: 'off', 'preheader-missing': 'error' } } });
    const again = lintIssue({ issue: iss, config: quiet, rendered: on });
    expect(again.map((p) => p.rule)).not.toContain('leftover');
    expect(again.find((p) => p.rule === 'preheader-missing')).toMatchObject({ severity: 'error' });
  });
});
