import { formatError, formatWarning } from '../problems/errors.js';
import type { BuildEntry, BuildReport } from './build.js';

/** One line per issue: path → outputs, size, warning count; then the warnings, indented. */
export function formatEntry(e: BuildEntry): string {
  if (e.error) return formatError(e.error);
  const kb = ((e.bytes ?? 0) / 1024).toFixed(1);
  const w = e.warnings.length;
  const head = `${e.file} → ${e.html} (${kb} KB), ${e.text}${w ? `  ${w} warning${w === 1 ? '' : 's'}` : ''}`;
  return [head, ...e.warnings.map((x) => indent(formatWarning(x)))].join('\n');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export function reportJson(r: BuildReport): string {
  return JSON.stringify(
    {
      out: r.out,
      ok: r.issues.every((i) => !i.error),
      issues: r.issues.map((i) => ({
        file: i.file,
        slug: i.slug,
        html: i.html,
        text: i.text,
        bytes: i.bytes,
        warnings: i.warnings,
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
      warnings: r.warnings,
    },
    null,
    2,
  );
}
