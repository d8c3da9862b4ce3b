import { basename, dirname } from 'node:path';
import { NewsletterError, type Warning } from '../problems/errors.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import { byDateDesc, selectTeased, toArchiveEntry } from './archive.js';
import { indexFolder, neighboursOf, type FolderIndex } from './neighbours.js';

/** One issue file as read and parsed: the issue, or why it can't be used. Never throws for the author's mistakes. */
export interface IssueFile {
  /** Absolute path. */
  path: string;
  /** The path as the author would type it. */
  file: string;
  /** The file's text ('' when it could not be read): what a cache key hashes. */
  source: string;
  issue: Issue | null;
  warnings: Warning[];
  error: NewsletterError | null;
}

/** One selected issue, with everything rendering and linting it needs. */
export interface PlannedIssue extends IssueFile {
  /** Read-more entries, from the published issues of its folder. */
  archive: ArchiveEntry[];
  /** Every readable issue of its folder, itself and drafts included (shared, not copied, per folder). */
  folderIssues: readonly Issue[];
  /**
   * The other issues of its folder its render and lint depend on (same slug,
   * same subject, teased in read-more): what the rules get as `others`, and
   * all a cache key needs of the folder. A few, whatever the folder's size.
   */
  neighbours: Issue[];
}

export interface Plan {
  issues: PlannedIssue[];
  /** Problems of the workspace rather than of one selected issue (a broken neighbour), each once. */
  problems: Warning[];
}

/**
 * The only folder logic, pure and linear in the number of files: which of
 * the selected issues are built (drafts left out unless `drafts`), their
 * read-more archives, and what is wrong across files. `files` holds every
 * file read in the run (the workspace's and the selected ones), by path.
 *
 * - A slug used by two files is an error on each of them, naming the other:
 *   their outputs and web pages would overwrite each other.
 * - A broken file that is selected is that issue's error; one that is only
 *   a neighbour is reported once, as a warning, and never stops another issue.
 */
export function planIssues(files: ReadonlyMap<string, IssueFile>, selected: readonly string[], config: Config, opts: { drafts: boolean }): Plan {
  const folders = new Map<string, { all: Issue[]; published: Issue[]; broken: IssueFile[] }>();
  const bySlug = new Map<string, IssueFile[]>();
  for (const f of files.values()) {
    const dir = dirname(f.path);
    let folder = folders.get(dir);
    if (!folder) folders.set(dir, (folder = { all: [], published: [], broken: [] }));
    if (!f.issue) {
      folder.broken.push(f);
      continue;
    }
    folder.all.push(f.issue);
    if (!f.issue.draft) folder.published.push(f.issue);
    const same = bySlug.get(f.issue.slug);
    if (same) same.push(f);
    else bySlug.set(f.issue.slug, [f]);
  }
  // Sorted and indexed once per folder: each issue then costs O(read_more.count + its twins).
  const indexes = new Map<string, FolderIndex>();
  for (const [dir, folder] of folders) {
    folder.published.sort(byDateDesc);
    indexes.set(dir, indexFolder(folder.all));
  }

  const chosen = new Set(selected);
  const problems: Warning[] = [];
  // A folder's broken files are reported when its first selected issue is met, not looked at again per issue.
  const reported = new Set<string>();
  const issues: PlannedIssue[] = [];
  for (const path of selected) {
    const f = files.get(path);
    if (!f) continue;
    const dir = dirname(path);
    const folder = folders.get(dir)!;
    for (const b of reported.has(dir) ? [] : folder.broken) {
      if (chosen.has(b.path)) continue;
      problems.push({
        rule: 'archive',
        message: `${basename(b.file)} has an error (${b.error!.message}), so the other issues leave it out of "read more". Fix it, or move it out of the folder.`,
        file: b.error!.file ?? b.file,
        line: b.error!.line,
      });
    }
    reported.add(dir);
    if (!f.issue) {
      issues.push({ ...f, archive: [], folderIssues: folder.all, neighbours: [] });
      continue;
    }
    if (f.issue.draft && !opts.drafts) continue;
    const twins = bySlug.get(f.issue.slug)!.filter((t) => t !== f);
    if (twins.length > 0) {
      const error = new NewsletterError(
        'SLUG_DUPLICATE',
        `The slug "${f.issue.slug}" is also the slug of ${twins.map((t) => t.file).join(', ')}: their outputs would overwrite each other`,
        {
          file: f.file,
          line: f.issue.lines.get('slug') ?? 2,
          hint: 'Give one of them its own "slug:" in the frontmatter (or rename the file)',
        },
      );
      issues.push({ ...f, error, archive: [], folderIssues: folder.all, neighbours: [] });
      continue;
    }
    const teased = selectTeased(f.issue, folder.published, config.read_more.count);
    issues.push({
      ...f,
      archive: teased.map(toArchiveEntry),
      folderIssues: folder.all,
      neighbours: neighboursOf(f.issue, indexes.get(dir)!, teased),
    });
  }
  return { issues, problems };
}
