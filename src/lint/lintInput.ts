/**
 * The one way in to lint, shared by build, check, preview and dev:
 *
 *   const input = lintInput({ issue, config, rendered, others, overrides, imageExists, blockBytes });
 *   const problems = lintIssue(input, config.check.rules);
 *
 * lintInput works out once what several rules read (the parsed HTML, its
 * links); lintIssue runs every rule in registry order and returns the
 * problems sorted by file and line. Nothing here reads a file or the
 * network: what a rule needs from outside (do the images exist?) comes in
 * with the input.
 */
import type { Config } from '../parse/types.js';
import type { Problem } from '../problems/problem.js';
import { anchorsOf } from './anchors.js';
import { configFile } from './locate.js';
import { parseHtml } from './parseHtml.js';
import { ruleMeta, runRules, toProblem } from './registry.js';
import { compareText } from '../util/compareText.js';
import type { LintInput, LintSource, RuleSetting } from './types.js';

export function lintInput(source: LintSource): LintInput {
  const dom = parseHtml(source.rendered.html);
  return { ...source, configFile: configFile(source), dom, anchors: anchorsOf(dom) };
}

/** Every rule over one issue, with the severities `settings` give (check.rules of the config), sorted by file, line and column. */
export function lintIssue(input: LintInput | LintSource, settings: Record<string, RuleSetting> = input.config.check.rules): Problem[] {
  const built = 'dom' in input ? (input as LintInput) : lintInput(input);
  return sortProblems(runRules(built, settings));
}

/** By file, then line, then column; problems without a line first; otherwise in the order found. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => compareText(a.p.file, b.p.file) || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map((x) => x.p);
}

/** The config's own lint problems: check.rules entries that name no rule (`unknown-rule`). Once per run, not per issue. */
export function lintSettings(config: Config, file: string = config.file): Problem[] {
  const settings = config.check.rules;
  return Object.keys(settings).flatMap((id) => {
    if (ruleMeta(id)) return [];
    const p = toProblem(
      'unknown-rule',
      {
        file,
        line: config.lines.get(`check.rules.${id}`),
        message: `check.rules names "${id}", which is not a rule of newsletter check, so it does nothing. Fix the spelling (docs/check.md lists every rule).`,
      },
      settings,
    );
    return p ? [p] : [];
  });
}
