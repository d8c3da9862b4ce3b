/**
 * Property: whatever an issue file holds, parse → render either succeeds or
 * throws a NewsletterError that names the file (and its line, for errors
 * about a place in it). Never a TypeError, a RangeError or an error from
 * the default theme: those would be exit 70, "this is a bug".
 *
 * 10,000 generated files are parsed. The first 1,000 that parse are
 * rendered in process: view model, both template flavours and the checks
 * on the MJML they produce; every eighth that renders also goes all the way
 * through MJML (renderIssue), which is what keeps the run near a minute on a
 * busy machine. FUZZ_RUNS, FUZZ_RENDERS, FUZZ_FULL_EVERY and FUZZ_SEED
 * change the numbers; the seed is fixed so that a failure is reproducible
 * and the suite is stable.
 * Timing is measured and printed, never asserted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NewsletterError, type ErrorCode } from '../src/problems/errors.js';
import type { Issue } from '../src/parse/types.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { mjmlSourceError } from '../src/render/mjmlChecks.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { toViewModel } from '../src/render/viewModel.js';
import { compiledDefaults, exampleConfig } from './helpers/harden.js';
import { configFile, issueFile } from './helpers/fuzzIssues.js';
import { parseYamlMapping } from '../src/parse/frontmatter.js';
import { validateConfig } from '../src/parse/validateConfig.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const RENDERS = Number(process.env.FUZZ_RENDERS ?? 1_000);
const FULL_EVERY = Number(process.env.FUZZ_FULL_EVERY ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_107);
const F = 'issues/fuzz.md';

/** What content may legitimately be refused for, by stage. A template or MJML error from content is a bug in the theme. */
const PARSE_CODES = new Set<ErrorCode>([
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FRONTMATTER_MISSING',
  'FRONTMATTER_UNCLOSED',
  'FRONTMATTER_LANGUAGE',
  'FRONTMATTER_YAML',
  'FRONTMATTER_SHAPE',
  'FIELD_REQUIRED',
  'FIELD_TYPE',
  'FIELD_FORBIDDEN',
  'LINK_UNSAFE',
]);
const RENDER_CODES = new Set<ErrorCode>(['LINK_UNSAFE', 'FIELD_TYPE', 'COMMENT_UNCLOSED', 'CONTENT_LIMIT', 'HTML_TOO_LARGE']);

/** The pure part of renderIssue: everything before MJML, with the checks on what the templates produced. */
function renderTemplates(issue: Issue): void {
  const vm = toViewModel(issue, exampleConfig, []);
  const mjml = compiledDefaults.html(vm);
  const problem = mjmlSourceError(mjml, () => compiledDefaults.layoutFile);
  if (problem) throw problem;
  expect(compiledDefaults.text(vm)).not.toMatch(/\[object Object\]/);
}
/** Errors about no particular place: a missing key, the whole email's size, an empty file. */
const LINELESS = new Set<ErrorCode>(['FIELD_REQUIRED', 'HTML_TOO_LARGE', 'FILE_EMPTY']);

function checkError(e: unknown, source: string, allowed: Set<ErrorCode>, stage: string): void {
  if (!(e instanceof NewsletterError)) throw new Error(`${stage} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`, { cause: e });
  const lines = source.split(/\r\n?|\n/).length;
  for (const err of [e, ...e.more]) {
    expect(allowed.has(err.code), `${stage}: ${err.code} ${err.message}`).toBe(true);
    expect(err.file, `${err.code} ${err.message}`).toBe(F);
    if (!LINELESS.has(err.code)) expect(err.line, `${err.code} ${err.message}`).toBeTypeOf('number');
    if (err.line !== undefined) {
      expect(Number.isInteger(err.line) && err.line >= 1 && err.line <= lines + 1, `${err.code} line ${err.line} of ${lines}`).toBe(true);
    }
    expect(err.message).not.toMatch(/undefined|\[object Object\]|call stack/);
  }
}

describe('fuzz: parse → render', () => {
  it(`${RUNS} generated issues: every failure is a NewsletterError with the file and line`, async () => {
    let parsed = 0;
    let renders = 0;
    let templated = 0;
    let full = 0;
    const slowest: Record<string, { ms: number; chars: number }> = {};
    const outcomes = new Map<string, number>();
    const count = (key: string): void => void outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    /** Runs one stage, timing it; a failure must be a NewsletterError allowed at that stage. */
    const stage = async (name: string, source: string, allowed: Set<ErrorCode>, run: () => unknown): Promise<boolean> => {
      const t0 = performance.now();
      try {
        await run();
        count(`${name} ok`);
        return true;
      } catch (e) {
        checkError(e, source, allowed, name);
        count(`${name} ${(e as NewsletterError).code}`);
        return false;
      } finally {
        const ms = performance.now() - t0;
        if (ms > (slowest[name]?.ms ?? 0)) slowest[name] = { ms: Math.round(ms), chars: source.length };
      }
    };
    // MJML loads on first use: render once before timing, so the slowest case is a case, not the import.
    await renderIssue(parseIssue('---\ntitle: Warm-up\ndate: 2026-01-07\n---\nHello.\n', F).issue, exampleConfig, compiledDefaults, []);
    await fc.assert(
      fc.asyncProperty(issueFile, async (source) => {
        let issue: Issue | undefined;
        if (!(await stage('parse', source, PARSE_CODES, () => (issue = parseIssue(source, F).issue)))) return;
        parsed++;
        if (renders >= RENDERS) return;
        renders++;
        if (!(await stage('templates', source, RENDER_CODES, () => renderTemplates(issue!)))) return;
        if (++templated % FULL_EVERY !== 0) return;
        full++;
        await stage('mjml', source, RENDER_CODES, async () => {
          const r = await renderIssue(issue!, exampleConfig, compiledDefaults, []);
          expect(r.html).toContain('</html>');
          expect(r.html).not.toMatch(/<\/?mj-[a-z]/);
        });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // What the run covered, and its slowest case per stage (reported, not asserted: the machine may be busy).
    process.stdout.write(`fuzz: ${RUNS} parsed (${parsed} valid), ${renders} rendered through the templates, ${full} through MJML\n`);
    process.stdout.write(`fuzz outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}\n`);
    process.stdout.write(`fuzz slowest: ${JSON.stringify(slowest)}\n`);
    expect(renders).toBe(Math.min(RENDERS, parsed));
    expect(renders).toBeGreaterThanOrEqual(Math.min(RENDERS, RUNS / 10));
  }, 600_000);

  it('2,000 generated configs: refused with the config file and a line, or rendered by the default theme', async () => {
    const { issue } = parseIssue('---\ntitle: T\ndate: 2026-01-07\nchapters: [{time: "01:00", title: C}]\n---\nHello [x](https://example.com).\n', F);
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(configFile, async (yaml) => {
        let config;
        try {
          const { data, lines, raw } = parseYamlMapping(yaml, 'newsletter.config.yaml', 0, 'config');
          config = validateConfig(data, lines, 'newsletter.config.yaml', '/nowhere', raw).config;
        } catch (e) {
          if (!(e instanceof NewsletterError)) throw e;
          for (const err of [e, ...e.more]) {
            expect(err.file).toBe('newsletter.config.yaml');
            expect(['CONFIG_INVALID', 'LINK_UNSAFE', 'FRONTMATTER_YAML', 'FIELD_FORBIDDEN', 'FRONTMATTER_SHAPE']).toContain(err.code);
            if (err.code !== 'CONFIG_INVALID' || !/is required/.test(err.message)) expect(err.line, err.message).toBeTypeOf('number');
          }
          return;
        }
        // Every twentieth valid config is rendered: its values reach every block of the theme.
        if (valid++ % 20 !== 0) return;
        try {
          await renderIssue(issue, config, compiledDefaults, []);
        } catch (e) {
          checkError(e, '', new Set(['HTML_TOO_LARGE']), 'render with config');
        }
      }),
      { numRuns: 2_000, seed: SEED, endOnFailure: true },
    );
    expect(valid).toBeGreaterThan(100);
  }, 300_000);
});
