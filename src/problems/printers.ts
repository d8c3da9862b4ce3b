/**
 * The ways every command prints problems: readable text (default), JSON,
 * SARIF 2.1.0 for code scanning, and GitHub Actions workflow commands
 * (annotations on the pull request's files).
 */
import { formatLocation } from './errors.js';
import { printable, safeJson } from './printable.js';
import type { Problem } from './problem.js';

type Finding = Problem;

/** What SARIF says of each rule: the lint registry's metadata, passed in so problems/ depends on nothing. */
export interface RuleInfo {
  id: string;
  severity: 'error' | 'warn';
  group: string;
  summary: string;
}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckedIssue {
  file: string;
  slug: string | null;
  draft: boolean;
}

export interface CheckSummary {
  issues: CheckedIssue[];
  findings: Finding[];
  strict: boolean;
  online: boolean;
}

export function counts(findings: Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

/** Whether the run fails: any error, or with --strict any finding at all. */
export function failed(findings: Finding[], strict: boolean): boolean {
  return findings.some((f) => f.severity === 'error' || strict);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * error[leftover] issues/2026-10-07.md:12:3
 *   A TODO is left in: "TODO". Fill it in or remove it before sending.
 *   hint: ...
 */
export function formatProblem(p: Problem): string {
  const where = formatLocation(p.file, p.line, p.column);
  const lines = [`${p.severity === 'error' ? 'error' : 'warning'}[${printable(p.rule)}]${where ? ' ' + where : ''}`, `  ${printable(p.message)}`];
  if (p.hint) lines.push(`  hint: ${printable(p.hint)}`);
  return lines.join('\n');
}

/**
 * error[leftover] issues/2026-10-07.md:12
 *   A TODO is left in: "TODO". Fill it in or remove it before sending.
 */
export function formatText(s: CheckSummary): string {
  const out: string[] = [];
  for (const f of s.findings) out.push(formatProblem(f));
  const { errors, warnings } = counts(s.findings);
  const checked = `Checked ${plural(s.issues.length, 'issue')}${s.online ? ' (links checked online)' : ''}`;
  if (errors + warnings === 0) out.push(`${checked}: no problems found.`);
  else {
    const fails = failed(s.findings, s.strict);
    out.push(
      `${checked}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${s.strict && !errors && warnings ? ' (--strict: warnings fail)' : ''}${fails ? '' : '; nothing blocks sending'}.`,
    );
  }
  return out.join('\n');
}

export function formatJson(s: CheckSummary): string {
  const { errors, warnings } = counts(s.findings);
  return safeJson({
    ok: !failed(s.findings, s.strict),
    errors,
    warnings,
    issues: s.issues,
    findings: s.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line ?? null,
      column: f.column ?? null,
      hint: f.hint ?? null,
    })),
  });
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function toUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((p) => encodeURIComponent(p))
    .join('/');
}

/** SARIF 2.1.0, as GitHub code scanning reads it (github/codeql-action/upload-sarif). */
export function formatSarif(s: CheckSummary, version: string, known: readonly RuleInfo[]): string {
  const used = new Set(s.findings.map((f) => f.rule));
  const rules: RuleInfo[] = [...known];
  for (const id of used)
    if (!rules.some((r) => r.id === id)) rules.push({ id, severity: 'error', group: 'workspace', summary: `the issue can't be read or rendered (${id})` });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'newsletter',
            semanticVersion: version,
            version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|[-_])([a-z])/gi, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.summary.charAt(0).toUpperCase() + r.summary.slice(1) },
              fullDescription: { text: `${r.group}: ${r.summary}` },
              help: { text: `${r.summary}. See docs/check.md, rule ${r.id}.` },
              defaultConfiguration: { level: r.severity === 'error' ? 'error' : 'warning' },
              properties: { tags: [r.group] },
            })),
          },
        },
        columnKind: 'unicodeCodePoints',
        results: s.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line && f.line > 0 ? f.line : 1, ...(f.column ? { startColumn: f.column } : {}) },
              },
            },
          ],
        })),
      },
    ],
  };
  return safeJson(sarif);
}

/** The message of a GitHub workflow command, escaped as GitHub's toolkit does. */
export function escapeData(s: string): string {
  return printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property (file=, title=) of a GitHub workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** ::error file=issues/x.md,line=3,title=newsletter check: leftover::A TODO is left in ... */
export function formatGithub(s: CheckSummary): string {
  const lines = s.findings.map((f) => {
    const props = [`file=${escapeProperty(f.file)}`];
    if (f.line) props.push(`line=${f.line}`);
    if (f.line && f.column) props.push(`col=${f.column}`);
    props.push(`title=${escapeProperty(`newsletter check: ${f.rule}`)}`);
    const cmd = f.severity === 'error' ? 'error' : 'warning';
    return `::${cmd} ${props.join(',')}::${escapeData(f.hint ? `${f.message}\n${f.hint}` : f.message)}`;
  });
  const { errors, warnings } = counts(s.findings);
  lines.push(`Checked ${plural(s.issues.length, 'issue')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
  return lines.join('\n');
}

export function formatReport(format: Format, s: CheckSummary, version: string, rules: readonly RuleInfo[]): string {
  switch (format) {
    case 'json':
      return formatJson(s);
    case 'sarif':
      return formatSarif(s, version, rules);
    case 'github':
      return formatGithub(s);
    default:
      return formatText(s);
  }
}
