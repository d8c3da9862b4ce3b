import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../parse/types.js';
import { writeFileAtomic } from '../workspace/files.js';
import type { IssueCache, ParsedIssue } from '../workspace/issueCache.js';
import { sha256 } from './cache.js';
import { CACHE_DIR } from './paths.js';

/** Where `preview` keeps the parsed issues of its last run, beside its manifest. */
export const ISSUE_CACHE = `${CACHE_DIR}/issues.json`;

const FORMAT = 1;

interface Stored {
  format: number;
  /** The tool that parsed them: another version may parse differently. */
  stamp: string;
  entries: Record<string, Entry>;
}

interface Entry {
  file: string;
  hash: string;
  /** The issue, its body '' when `tail` says where it is in the file's text (most of the cache's size otherwise). */
  issue: Omit<Issue, 'lines'> & { lines: [string, number][] };
  /** The body is the last `tail` characters of the file's text as parseIssue reads it; -1: `issue.body` holds it. */
  tail: number;
  warnings: ParsedIssue['warnings'];
}

/** The text as parseIssue reads it (no BOM, LF line ends). */
function normalised(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * The parse cache of `newsletter preview`, in <out>/.cache/issues.json:
 * an unchanged rerun reads every issue file but parses none (parsing the
 * frontmatter is most of what planning 1,000 issues costs). Entries are
 * checked by the hash of the file's text; a missing, unreadable or older
 * file is an empty cache, never an error.
 */
export function readIssueCache(outDir: string, stamp: string): IssueCache & { save(display: string): void } {
  let stored: Stored = { format: FORMAT, stamp, entries: {} };
  try {
    const s = JSON.parse(readFileSync(join(outDir, ISSUE_CACHE), 'utf8')) as Stored;
    if (s && s.format === FORMAT && s.stamp === stamp && typeof s.entries === 'object') stored = s;
  } catch {
    // No cache yet.
  }
  const next: Stored = { format: FORMAT, stamp, entries: {} };
  let changed = false;
  return {
    get(path, file, source) {
      const e = stored.entries[path];
      if (!e || e.file !== file || e.hash !== sha256(source)) return undefined;
      next.entries[path] = e;
      const text = e.tail >= 0 ? normalised(source) : '';
      // Spread then overwritten: the keys keep their order, so the issue hashes as it did when parsed.
      return {
        issue: { ...e.issue, body: e.tail >= 0 ? text.slice(text.length - e.tail) : e.issue.body, lines: new Map(e.issue.lines) },
        warnings: e.warnings,
      };
    },
    set(path, file, source, parsed) {
      const { body, lines } = parsed.issue;
      const tail = normalised(source).endsWith(body) ? body.length : -1;
      next.entries[path] = {
        file,
        hash: sha256(source),
        issue: { ...parsed.issue, body: tail < 0 ? body : '', lines: [...lines] },
        tail,
        warnings: parsed.warnings,
      };
      changed = true;
    },
    /** Writes what this run parsed or reused, when it differs from what was there. */
    save(display) {
      if (!changed && Object.keys(next.entries).length === Object.keys(stored.entries).length) return;
      writeFileAtomic(join(outDir, ISSUE_CACHE), JSON.stringify(next), display);
    },
  };
}
