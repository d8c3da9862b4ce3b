import { lintSettings } from '../lint/lintInput.js';
import type { PublishedEmail, TemplateOverride } from '../lint/types.js';
import type { Dialect } from '../render/mergeTags.js';
import { issueUrl } from '../render/viewModel.js';
import type { Problem } from '../problems/problem.js';
import { renderIssue, type RenderedIssue } from '../render/renderIssue.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import type { Workspace } from '../workspace/openWorkspace.js';
import { lintRendered, warningProblems } from '../lint/lintRendered.js';

export { warningProblems };

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
  const { published, asPublished } = await renderPublished(ws, planned, service);
  return { rendered, published, problems: lintRendered(ws, planned, rendered, { ...extras, published: asPublished }) };
}

/** The issue as the sending service gets it: the render, and what publish-merge-tags reads of it. */
export async function renderPublished(
  ws: Workspace,
  planned: PlannedIssue & { issue: NonNullable<PlannedIssue['issue']> },
  service: Service,
): Promise<{ published: RenderedIssue; asPublished: PublishedEmail }> {
  const published = await renderIssue(planned.issue, ws.config, ws.templates, planned.archive, { provider: service.dialect });
  const webUrl = issueUrl(ws.config, planned.issue.slug);
  return { published, asPublished: { service: service.name, dialect: service.dialect, html: published.html, text: published.text, webUrl } };
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
