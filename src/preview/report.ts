import { formatLocation } from '../problems/errors.js';
import { countFindings, uniqueFindings, type Finding } from './findings.js';
import { formatKb } from './html.js';
import { INDEX, darkPath, emailPath, invertedPath, pagePath, textPath } from './paths.js';
import { sortViews, type IssueView } from './pages.js';
import { escapeData, escapeProperty } from '../problems/printers.js';

export type ScreenshotState = 'taken' | 'skipped' | 'off';

export interface PreviewSummary {
  name: string;
  /** The preview folder, as the user would type it. */
  out: string;
  issues: IssueView[];
  /** Problems that belong to no issue (the config's warnings). */
  general: Finding[];
  screenshots: {
    state: ScreenshotState;
    /** Why they were skipped or which failed; null when all went well. */
    note: string | null;
    /** Issues with current screenshots, and how many of those were taken by this run. */
    count: number;
    fresh: number;
    /** The engines that drew the emails, and a line for each one asked for that is not on this machine. */
    engines?: { id: string; name: string; how: string }[];
    skipped?: string[];
  };
  /** Whether the run fails: an error anywhere, or a warning under --strict. */
  ok: boolean;
  strict: boolean;
}

export function totals(s: Pick<PreviewSummary, 'issues' | 'general'>): { issues: number; drafts: number; errors: number; warnings: number } {
  const { errors, warnings } = countFindings([...s.general, ...s.issues.flatMap((i) => i.findings)]);
  return { issues: s.issues.length, drafts: s.issues.filter((i) => i.draft).length, errors, warnings };
}

/** report.json: per issue, its files (relative to the preview folder), size and problems. */
export function reportJson(s: PreviewSummary): string {
  return (
    JSON.stringify(
      {
        name: s.name,
        ok: s.ok,
        strict: s.strict,
        totals: totals(s),
        screenshots: s.screenshots,
        index: INDEX,
        warnings: s.general,
        issues: sortViews(s.issues).map((v) => {
          const { errors, warnings } = countFindings(v.findings);
          const built = v.slug !== null && v.bytes !== null;
          return {
            file: v.file,
            slug: v.slug,
            title: v.title,
            subject: v.subject,
            preheader: v.preheader,
            date: v.date,
            draft: v.draft,
            bytes: v.bytes,
            files: {
              page: pagePath(v.id),
              html: built ? emailPath(v.slug!) : null,
              dark: built ? darkPath(v.slug!) : null,
              text: built ? textPath(v.slug!) : null,
              inverted: built ? invertedPath(v.slug!) : null,
              // The first engine's light shots (Blink's when it is there); every shot is in `shots`.
              desktop: (built && v.shots?.find((x) => x.scheme === 'light' && x.width === 600)?.file) || null,
              mobile: (built && v.shots?.find((x) => x.scheme === 'light' && x.width === 375)?.file) || null,
            },
            shots: built ? (v.shots ?? []) : [],
            counts: { errors, warnings },
            errors: v.findings.filter((f) => f.severity === 'error').map(plain),
            warnings: v.findings.filter((f) => f.severity === 'warning').map(plain),
          };
        }),
      },
      null,
      2,
    ) + '\n'
  );
}

function plain(f: Finding): Record<string, unknown> {
  return { rule: f.rule, message: f.message, file: f.file ?? null, line: f.line ?? null, column: f.column ?? null, hint: f.hint ?? null };
}

/** summary.md: a table fit for a pull-request comment or $GITHUB_STEP_SUMMARY, then every problem. */
export function summaryMarkdown(s: PreviewSummary): string {
  const t = totals(s);
  const status = t.errors > 0 ? '❌' : t.warnings > 0 ? (s.strict ? '❌' : '⚠️') : '✅';
  const lines = [
    `### ${status} Newsletter preview: ${md(s.name)}`,
    '',
    `${t.issues} issue${t.issues === 1 ? '' : 's'}${t.drafts ? ` (${t.drafts} draft${t.drafts === 1 ? '' : 's'})` : ''}, ` +
      `${t.errors} error${t.errors === 1 ? '' : 's'}, ${t.warnings} warning${t.warnings === 1 ? '' : 's'}${s.strict ? ' (--strict: warnings fail)' : ''}. ` +
      `Open \`${INDEX}\` in the preview folder (\`${md(s.out)}\`).`,
    '',
    '| | Issue | Date | Size | Errors | Warnings |',
    '|---|---|---|--:|--:|--:|',
  ];
  for (const v of sortViews(s.issues)) {
    const { errors, warnings } = countFindings(v.findings);
    const icon = errors ? '❌' : warnings ? '⚠️' : '✅';
    const subject = v.subject ?? v.title;
    const issue = `${subject ? `**${md(subject)}**${v.draft ? ' _(draft)_' : ''}<br>` : ''}\`${md(v.file)}\``;
    lines.push(`| ${icon} | ${issue} | ${v.date ?? ''} | ${v.bytes !== null ? formatKb(v.bytes) : '–'} | ${errors} | ${warnings} |`);
  }
  const problems = uniqueFindings([...s.general, ...sortViews(s.issues).flatMap((v) => v.findings)]);
  if (problems.length > 0) {
    lines.push('', `<details${t.errors > 0 ? ' open' : ''}><summary>Problems (${problems.length})</summary>`, '');
    for (const f of problems) {
      const where = formatLocation(f.file, f.line, f.column);
      lines.push(`- **${f.severity}** \`${md(f.rule)}\`${where ? ` \`${md(where)}\`` : ''}: ${md(f.message)}${f.hint ? ` _(hint: ${md(f.hint)})_` : ''}`);
    }
    lines.push('', '</details>');
  }
  if (s.screenshots.note) lines.push('', `Screenshots: ${md(s.screenshots.note)}`);
  return lines.join('\n') + '\n';
}

/** Escapes what would break a table cell or start markup. */
function md(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/**
 * GitHub workflow commands: `::error file=issues/x.md,line=3,title=FRONTMATTER_YAML::message`.
 * A file that is not a workspace path (the default theme's templates) is left out.
 */
export function githubAnnotations(findings: Finding[]): string[] {
  return findings.map((f) => {
    const props: string[] = [];
    if (f.file && !f.file.startsWith('(')) {
      props.push(`file=${escapeProperty(f.file)}`);
      if (f.line) props.push(`line=${f.line}`);
      if (f.line && f.column) props.push(`col=${f.column}`);
    }
    props.push(`title=${escapeProperty(f.rule)}`);
    const message = f.hint ? `${f.message}\nhint: ${f.hint}` : f.message;
    return `::${f.severity} ${props.join(',')}::${escapeData(message)}`;
  });
}
