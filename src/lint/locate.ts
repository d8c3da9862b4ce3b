/**
 * Where a piece of the email came from: a frontmatter value or body line of
 * the issue, a value in the config, or a line of a template override. The
 * rules use this to give every problem a file and line an author can open.
 */
import type { Issue } from '../parse/types.js';
import { bodyLines, configValues, issueValues } from './sourceValues.js';
import type { LintSource, Place } from './types.js';

export type { Place } from './types.js';

/** The line a dotted path was written on, or the nearest parent's. */
export function lineOf(lines: Map<string, number>, path: string): number | undefined {
  let p = path;
  while (p) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    const dot = p.lastIndexOf('.');
    p = dot < 0 ? '' : p.slice(0, dot);
  }
  return undefined;
}

export function configFile(input: LintSource): string {
  return input.configFile ?? input.config.file;
}

/**
 * Where `needle` was written: in the issue (frontmatter, then body), in the
 * config, or in a template override. `match` decides what counts as found.
 */
export function locate(input: LintSource, needle: string, match: (hay: string, needle: string) => boolean = (h, n) => h.includes(n)): Place | null {
  const { issue, config } = input;
  if (!needle) return null;
  const inIssue = locateInIssue(issue, needle, match);
  if (inIssue) return inIssue;
  for (const v of configValues(config)) if (match(v.value, needle)) return { file: configFile(input), line: lineOf(config.lines, v.path) };
  return locateInOverrides(input, needle, match);
}

/** Where `needle` was written in one issue: a frontmatter value, then a body line. */
export function locateInIssue(issue: Issue, needle: string, match: (hay: string, needle: string) => boolean = (h, n) => h.includes(n)): Place | null {
  for (const v of issueValues(issue)) if (match(v.value, needle)) return { file: issue.file, line: lineOf(issue.lines, v.path) };
  for (const l of bodyLines(issue)) if (match(l.text, needle)) return { file: issue.file, line: l.line };
  return null;
}

export function locateInOverrides(input: LintSource, needle: string, match: (hay: string, needle: string) => boolean = (h, n) => h.includes(n)): Place | null {
  for (const t of input.overrides?.values() ?? []) {
    const lines = t.source.split('\n');
    const i = lines.findIndex((l) => match(l, needle));
    if (i >= 0) return { file: t.display, line: i + 1 };
  }
  return null;
}

/** The issue's frontmatter line for a path, or the title's line as the frontmatter's anchor. */
export function issuePlace(issue: Issue, path?: string): Place {
  return { file: issue.file, line: (path ? lineOf(issue.lines, path) : undefined) ?? issue.lines.get('title') ?? 1 };
}

export function configPlace(input: LintSource, path: string): Place {
  return { file: configFile(input), line: lineOf(input.config.lines, path) };
}
