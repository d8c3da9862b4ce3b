/**
 * @deprecated Adapters for commands not yet moved to lintInput/lintIssue
 * (commands/check.ts, preview/render.ts, render/renderIssue.ts). Delete
 * this file once they call lintIssue(lintInput({...}), settings).
 */
import type { Problem } from '../problems/problem.js';
import { lintInput } from './lintInput.js';
import { runRules as runBuilt } from './registry.js';
import type { LintSource } from './types.js';

/** The rules over a source that has not been through lintInput, unsorted, with the config's severities. */
export function runRules(source: LintSource, opts: { only?: readonly string[] } = {}): Problem[] {
  return runBuilt(lintInput(source), source.config.check.rules, opts.only);
}
