import { lintInput, lintIssue } from './lintInput.js';
import { toProblem } from './registry.js';
import type { PublishedEmail, TemplateOverride } from './types.js';
import type { Warning } from '../problems/errors.js';
import type { Problem, RuleSetting } from '../problems/problem.js';
import type { RenderedIssue } from '../render/renderIssue.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import type { Workspace } from '../workspace/openWorkspace.js';

/**
 * The rules over one rendered issue, with the severities the config gives
 * them, and the issue's parse-time warnings: the same problems in build,
 * check, send, preview and dev, and in the render workers of build and
 * check (which is why it lives here, below commands/).
 */
export function lintRendered(
  ws: Workspace,
  planned: PlannedIssue & { issue: NonNullable<PlannedIssue['issue']> },
  rendered: RenderedIssue,
  extras: {
    overrides?: Map<string, TemplateOverride> | undefined;
    blockBytes?: { name: string; bytes: number }[] | undefined;
    published?: PublishedEmail | undefined;
  } = {},
): Problem[] {
  const settings = ws.config.check.rules;
  const issue = planned.issue;
  const findings = lintIssue(
    lintInput({
      issue,
      config: ws.config,
      rendered,
      configFile: ws.config.file,
      others: planned.neighbours,
      imageExists: (src) => {
        try {
          ws.reader.readImage(src);
          return true;
        } catch {
          return false;
        }
      },
      overrides: extras.overrides,
      blockBytes: extras.blockBytes,
      published: extras.published,
    }),
    settings,
  );
  return [...warningProblems(planned.warnings, settings), ...findings];
}

/** Parse-time and workspace warnings as Problems, with the severity the config gives their rule (or none, when off). */
export function warningProblems(warnings: readonly Warning[], settings: Record<string, RuleSetting>): Problem[] {
  const out: Problem[] = [];
  for (const w of warnings) {
    const p = toProblem(w.rule, { file: w.file ?? '', line: w.line, message: w.message, hint: w.hint }, settings);
    if (p) out.push(p);
  }
  return out;
}
