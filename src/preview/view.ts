import type { NewsletterError } from '../problems/errors.js';
import { countFindings, issueFindings } from './findings.js';
import { plural } from './html.js';
import type { IssueView } from './pages.js';
import type { PlannedIssue } from './plan.js';
import type { RenderedEmail } from './wire.js';

/** What the pages show of a planned issue, once it is rendered (email) or has failed (error). */
export function issueView(
  p: PlannedIssue,
  email: Pick<RenderedEmail, 'slug' | 'subject' | 'preheader' | 'bytes' | 'findings'> | null,
  error: NewsletterError | null,
): IssueView {
  return {
    id: p.id,
    file: p.file,
    slug: email?.slug ?? null,
    title: p.issue?.title ?? null,
    subject: email?.subject ?? p.issue?.subject ?? p.issue?.title ?? null,
    preheader: email?.preheader ?? null,
    date: p.issue?.date || null,
    draft: p.issue?.draft ?? false,
    bytes: email?.bytes ?? null,
    findings: issueFindings({ warnings: p.warnings, rules: email?.findings ?? [], error }),
  };
}

/** "unchanged, draft, 2 warnings": what progress says about an issue. */
export function viewNote(v: IssueView, extra?: string): string {
  const { errors, warnings } = countFindings(v.findings);
  return [extra, v.draft ? 'draft' : null, errors ? plural(errors, 'error') : null, warnings ? plural(warnings, 'warning') : null].filter(Boolean).join(', ');
}
