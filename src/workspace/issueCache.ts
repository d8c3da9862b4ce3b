import type { Warning } from '../problems/errors.js';
import { splitFrontmatter } from '../parse/frontmatter.js';
import { issueText } from '../parse/parseIssue.js';
import type { Issue } from '../parse/types.js';

/** What parsing an issue file gives when it succeeds. */
export interface ParsedIssue {
  issue: Issue;
  warnings: Warning[];
}

/**
 * Parsed issues by file and source text, so that a run (or a `dev` save)
 * parses only the files whose text changed. A file that fails to parse is
 * never cached: it is parsed again, and its error shown again, each time.
 */
export interface IssueCache {
  /** The parse of `source` as `file` (the display path), if known. */
  get(path: string, file: string, source: string): ParsedIssue | undefined;
  set(path: string, file: string, source: string, parsed: ParsedIssue): void;
}

/**
 * An in-memory cache (dev): the same Issue object comes back while its file
 * is unchanged, and a save that changed only the letter (the usual one)
 * keeps the frontmatter's parse: everything but the body comes from the
 * frontmatter, whose YAML is most of what parsing costs.
 */
export function memoryIssueCache(): IssueCache {
  const entries = new Map<string, { file: string; source: string; yaml: string | null; parsed: ParsedIssue }>();
  return {
    get(path, file, source) {
      const e = entries.get(path);
      if (!e || e.file !== file) return undefined;
      if (e.source === source) return e.parsed;
      const now = split(source, file);
      if (!now || e.yaml === null || now.yaml !== e.yaml) return undefined;
      const parsed = { issue: { ...e.parsed.issue, body: now.body, bodyLine: now.bodyLine }, warnings: e.parsed.warnings };
      entries.set(path, { file, source, yaml: e.yaml, parsed });
      return parsed;
    },
    set(path, file, source, parsed) {
      entries.set(path, { file, source, yaml: split(source, file)?.yaml ?? null, parsed });
    },
  };
}

/** The frontmatter and body as parseIssue splits them (no BOM, LF line ends); null where parseIssue would refuse the file. */
function split(source: string, file: string): { yaml: string; body: string; bodyLine: number } | null {
  const text = issueText(source);
  if (text.trim() === '') return null;
  try {
    return splitFrontmatter(text, file);
  } catch {
    return null;
  }
}
