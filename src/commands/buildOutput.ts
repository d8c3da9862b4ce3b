import { formatError } from '../problems/errors.js';
import { safeJson } from '../problems/printable.js';
import { formatProblem } from '../problems/printers.js';
import type { BuildEntry, BuildReport } from './build.js';

/** One line per issue (path → outputs, size, problem count) for stdout, and its problems, indented, for stderr. */
export function formatEntry(e: BuildEntry): { line: string; problems: string } {
  if (e.error) return { line: '', problems: formatError(e.error) };
  const kb = ((e.bytes ?? 0) / 1024).toFixed(1);
  const errors = e.problems.filter((p) => p.severity === 'error').length;
  const warnings = e.problems.length - errors;
  const counts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '']
    .filter(Boolean)
    .join(', ');
  const head = `${e.file} → ${e.html} (${kb} KB), ${e.text}${counts ? `  ${counts}` : ''}`;
  return { line: head, problems: e.problems.map((x) => indent(formatProblem(x))).join('\n') };
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Whether a finished build fails: an issue with an error, or a problem of error severity. */
export function buildFailed(r: BuildReport): boolean {
  return r.issues.some((i) => i.error || i.problems.some((p) => p.severity === 'error')) || r.problems.some((p) => p.severity === 'error');
}

export function reportJson(r: BuildReport): string {
  return safeJson({
    out: r.out,
    ok: !buildFailed(r),
    issues: r.issues.map((i) => ({
      file: i.file,
      slug: i.slug,
      html: i.html,
      text: i.text,
      bytes: i.bytes,
      problems: i.problems,
      error: i.error
        ? {
            code: i.error.code,
            message: i.error.message,
            file: i.error.file ?? null,
            line: i.error.line ?? null,
            hint: i.error.hint ?? null,
            exitCode: i.error.exitCode,
          }
        : null,
    })),
    problems: r.problems,
  });
}
