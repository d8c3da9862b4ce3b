import { readFileSync } from 'node:fs';
import { issueText } from '../parse/parseIssue.js';
import type { Issue } from '../parse/types.js';
import { writeFileAtomic } from './files.js';
import type { IssueCache, ParsedIssue } from './issueCache.js';
import { sha256 } from '../util/sha256.js';

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

/**
 * Parsed issues kept in a JSON file between runs: an unchanged rerun reads
 * every issue file but parses none (parsing the frontmatter is most of what
 * planning 1,000 issues costs). `preview` keeps one beside its manifest; the
 * bundled CLI keeps one per workspace for the other commands
 * (persistentIssueCacheBundled.ts). Entries are checked by the hash of the
 * file's text, and the whole file by `stamp` (the tool that parsed them); a
 * missing, unreadable or older file is an empty cache, never an error.
 */
export function readIssueCache(path: string, stamp: string): IssueCache & { save(display: string): void } {
  let stored: Stored = { format: FORMAT, stamp, entries: {} };
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as Stored;
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
      const text = e.tail >= 0 ? issueText(source) : '';
      // Spread then overwritten: the keys keep their order, so the issue hashes as it did when parsed.
      return {
        issue: { ...e.issue, body: e.tail >= 0 ? text.slice(text.length - e.tail) : e.issue.body, lines: new Map(e.issue.lines) },
        warnings: e.warnings,
      };
    },
    set(path, file, source, parsed) {
      const { body, lines } = parsed.issue;
      const tail = issueText(source).endsWith(body) ? body.length : -1;
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
      writeFileAtomic(path, JSON.stringify(next), display);
    },
  };
}
