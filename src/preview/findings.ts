import type { NewsletterError, Warning } from '../problems/errors.js';

/**
 * One problem of one issue, as every preview output shows it: the index
 * counts, the issue page, report.json, summary.md and the GitHub
 * annotations all read this and nothing else.
 */
export interface Finding {
  severity: 'error' | 'warning';
  /** An error code (FRONTMATTER_YAML) or a warning rule (image-alt). */
  rule: string;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  hint?: string | undefined;
}

export interface IssueProblems {
  /** Warnings of reading and parsing the issue and its neighbours. */
  warnings: Warning[];
  /** The findings of `newsletter check`'s rules on its render, with their configured severity. */
  rules: Finding[];
  /** The error that stopped the issue from building, if any. */
  error: NewsletterError | null;
}

/**
 * The one place an issue's findings are gathered: the error that stopped
 * it, the check rules' findings on its render, and the warnings of reading it.
 */
export function issueFindings(p: IssueProblems): Finding[] {
  const errors: Finding[] = p.error
    ? [p.error, ...p.error.more].map((e) => ({
        severity: 'error',
        rule: e.code,
        message: e.message,
        file: e.file,
        line: e.line,
        column: e.column,
        hint: e.hint,
      }))
    : [];
  const warnings: Finding[] = p.warnings.map((w) => ({ severity: 'warning', rule: w.rule, message: w.message, file: w.file, line: w.line, hint: w.hint }));
  return [...errors, ...p.rules.filter((f) => f.severity === 'error'), ...warnings, ...p.rules.filter((f) => f.severity === 'warning')];
}

export function countFindings(findings: Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}

/** The same finding from several issues (a problem of the config or of a template) listed once. */
export function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.severity, f.rule, f.file, f.line, f.column, f.message].join('\0');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
