import { lintInput, lintIssue, lintSettings } from '../lint/lintInput.js';
import { toProblem } from '../lint/registry.js';
import type { PublishedEmail, TemplateOverride } from '../lint/types.js';
import type { Dialect } from '../render/mergeTags.js';
import { issueUrl } from '../render/viewModel.js';
import type { Warning } from '../problems/errors.js';
import type { Problem, RuleSetting } from '../problems/problem.js';
import { renderIssue, type RenderedIssue } from '../render/renderIssue.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import type { Workspace } from '../workspace/openWorkspace.js';

/** What `check` adds to the lint input, beyond what every command has. */
export interface LintExtras {
  overrides?: Map<string, TemplateOverride> | undefined;
  blockBytes?: { name: string; bytes: number }[] | undefined;
  /** Also render the issue for this sending service (check --for, build --for, publish), and check it as published. */
  service?: Service | undefined;
}

/** A sending service as the render needs it: its name for messages, its merge tags. */
export interface Service {
  name: string;
  dialect: Dialect;
}

/**
 * render → lint for one planned issue: the step every command shares, so
 * the same issue gets the same problems, with the same severities, in
 * build, check, send, preview and dev. Throws the render's NewsletterError
 * (a template or MJML error); the caller reports it as that issue's error.
 */
export async function renderAndLint(
  ws: Workspace,
  planned: PlannedIssue & { issue: NonNullable<PlannedIssue['issue']> },
  extras: LintExtras = {},
): Promise<{ rendered: RenderedIssue; published: RenderedIssue | null; problems: Problem[] }> {
  const rendered = await renderIssue(planned.issue, ws.config, ws.templates, planned.archive);
  const service = extras.service;
  if (!service) return { rendered, published: null, problems: lintRendered(ws, planned, rendered, extras) };
  // Lint reads the email as readers of a test send see it; the published copy differs only where merge tags go, which publish-merge-tags checks.
  const published = await renderIssue(planned.issue, ws.config, ws.templates, planned.archive, { provider: service.dialect });
  const asPublished = {
    service: service.name,
    dialect: service.dialect,
    html: published.html,
    text: published.text,
    webUrl: issueUrl(ws.config, planned.issue.slug),
  };
  return { rendered, published, problems: lintRendered(ws, planned, rendered, { ...extras, published: asPublished }) };
}

export function lintRendered(
  ws: Workspace,
  planned: PlannedIssue & { issue: NonNullable<PlannedIssue['issue']> },
  rendered: RenderedIssue,
  extras: Omit<LintExtras, 'service'> & { published?: PublishedEmail | undefined } = {},
): Problem[] {
  const settings = ws.config.check.rules;
  const issue = planned.issue;
  const findings = lintIssue(
    lintInput({
      issue,
      config: ws.config,
      rendered,
      configFile: ws.config.file,
      others: planned.folderIssues.filter((o) => o !== issue),
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

/** The same problem seen from several issues (a config problem, a shared neighbour) is reported once. */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.rule}\u0000${p.file}\u0000${p.line ?? ''}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** An issue that can't be read, planned or rendered: one error Problem per error it carries, named by its code. */
export function errorProblems(e: import('../problems/errors.js').NewsletterError, file: string): Problem[] {
  return [e, ...e.more].map((x) => ({
    rule: x.code,
    severity: 'error',
    message: x.message,
    file: x.file ?? file,
    line: x.line,
    column: x.column,
    hint: x.hint,
  }));
}

/** Config warnings the rules report again, with more context, from the rendered email: left out so they are said once. */
const RECHECKED = new Set(['postal-address', 'unsubscribe', 'link-not-https']);

/** The config's own problems: its warnings, and check.rules naming rules that do not exist. */
export function configProblems(ws: Workspace): Problem[] {
  return [
    ...warningProblems(
      ws.warnings.filter((w) => !RECHECKED.has(w.rule)),
      ws.config.check.rules,
    ),
    ...lintSettings(ws.config),
  ];
}
