import type { Warning } from '../problems/errors.js';
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

/** An in-memory cache (dev): the same Issue object comes back while its file is unchanged. */
export function memoryIssueCache(): IssueCache & { size(): number } {
  const entries = new Map<string, { file: string; source: string; parsed: ParsedIssue }>();
  return {
    get(path, file, source) {
      const e = entries.get(path);
      return e && e.file === file && e.source === source ? e.parsed : undefined;
    },
    set(path, file, source, parsed) {
      entries.set(path, { file, source, parsed });
    },
    size: () => entries.size,
  };
}
