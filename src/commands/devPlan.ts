import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { VERSION } from '../version.js';
import { isNewsletterError, type NewsletterError } from '../problems/errors.js';
import type { Issue } from '../parse/types.js';
import { toArchiveEntry } from '../plan/archive.js';
import { planIssues as planFiles } from '../plan/planIssues.js';
import { KeyMemo, issueKey, openPreviewSource, previewPlan, showsLeftover, type PlannedIssue, type PreviewSource } from '../preview/plan.js';
import { memoryIssueCache } from '../workspace/issueCache.js';
import { readIssueFile, workspaceIssuePaths, type IssueFile } from '../workspace/issueFiles.js';
import { readIssueFiles } from '../workspace/openWorkspace.js';
import { isIssueFile } from '../workspace/reader.js';

/** The workspace as `dev` serves it at one moment. */
export interface DevSnapshot {
  src: PreviewSource | null;
  /** The config or a template is broken: every page shows this. */
  error: NewsletterError | null;
  planned: PlannedIssue[];
}

/**
 * What `dev` knows of the workspace, kept from one change to the next so a
 * save costs what it touches: a changed issue file is read and parsed again
 * (alone), the folder is planned again from the files in memory (pure and
 * linear), and only issues whose file, read-more or neighbours changed get
 * new keys. A change to the config or a template, or a file appearing or
 * going, reads the workspace again (parsing only what changed).
 */
export class DevPlan {
  private readonly parsed = memoryIssueCache();
  private readonly keys = new KeyMemo();
  private files = new Map<string, IssueFile>();
  private paths: string[] = [];
  current: DevSnapshot = { src: null, error: null, planned: [] };
  /** Issue files that read empty although they had text: most likely mid-save, so not taken in yet. */
  readonly held = new Set<string>();

  constructor(private readonly opts: { cwd: string; config?: string | undefined; extra: string | null }) {
    this.reload();
  }

  /**
   * Takes in changed paths (absolute). Returns whether what the pages show
   * may have changed: false when every changed file reads as it did (an
   * editor's second event for one save, a touch).
   */
  update(changed: ReadonlySet<string>, opts: { acceptEmpty?: boolean } = {}): boolean {
    if (changed.size === 0) return false;
    const src = this.current.src;
    // Images are read when asked for, and no key depends on their bytes: open pages only need to reload.
    const rest = [...changed].filter((p) => !this.isAssetPath(p));
    if (rest.length === 0) return true;
    const issues = rest.filter((p) => this.isIssuePath(p));
    if (!src || issues.length < rest.length) {
      this.reload();
      return true;
    }
    let moved = false;
    const edited: { before: IssueFile; after: IssueFile }[] = [];
    for (const path of issues) {
      const before = this.files.get(path);
      if (!existsSync(path)) {
        moved ||= before !== undefined;
        continue;
      }
      if (!before) {
        moved = true;
        continue;
      }
      const after = readIssueFile(src.reader, path, this.parsed);
      if (after.source === before.source) continue;
      if (!opts.acceptEmpty && after.source.trim() === '' && before.source.trim() !== '') {
        this.held.add(path);
        continue;
      }
      this.held.delete(path);
      this.files.set(path, after);
      edited.push({ before, after });
    }
    if (moved) {
      this.reload();
      return true;
    }
    if (edited.length === 0) return false;
    // A letter edited below its teaser changes no other issue's read-more or comparisons: patch, don't plan the folder again.
    if (edited.every((e) => sameFacts(e.before, e.after))) this.patch(src, edited);
    else this.replan(src);
    return true;
  }

  /**
   * Swaps edited files into the current plan: each keeps its place, archive
   * and neighbours, and the issues that had it as a neighbour get the new
   * parse (their keys change only if what they compare or show changed).
   */
  private patch(src: PreviewSource, edited: { before: IssueFile; after: IssueFile }[]): void {
    const swap = new Map<Issue, Issue>(edited.map((e) => [e.before.issue!, e.after.issue!]));
    const byPath = new Map(edited.map((e) => [e.after.path, e.after]));
    const planned = this.current.planned.map((p) => {
      const file = byPath.get(p.path);
      let swapped = false;
      // In place: `others` is the same list, and only the rules' look-ups see which parse it holds.
      p.neighbours.forEach((o, i) => {
        const to = swap.get(o);
        if (to) [p.neighbours[i], swapped] = [to, true];
      });
      // Same facts, same read-more entries: a neighbour's key changes only where a teaser shows a leftover the rule places in it.
      if (!file && !(swapped && p.key && p.archive.some(showsLeftover))) return p;
      const next = { ...p, ...(file ?? {}) };
      return { ...next, key: this.keys.key(src.stamp, next, () => issueKey(src.stamp, '', next)) };
    });
    // The folder lists are shared by every plan of the folder: the new parse takes the old one's place.
    for (const all of new Set(planned.map((p) => p.folderIssues as Issue[]))) {
      for (const [from, to] of swap) {
        const i = all.indexOf(from);
        if (i >= 0) all[i] = to;
      }
    }
    this.current = { src, error: null, planned };
  }

  /** The held files, to try again (and take in as they are). */
  takeHeld(): Set<string> {
    const paths = new Set(this.held);
    this.held.clear();
    return paths;
  }

  /** The config, templates and every issue file read again; unchanged issues are not parsed again. */
  private reload(): void {
    let src: PreviewSource | null = null;
    try {
      src = openPreviewSource({ cwd: this.opts.cwd, config: this.opts.config, version: VERSION });
      const paths = workspaceIssuePaths(src.reader);
      const { extra } = this.opts;
      if (extra && !paths.includes(extra)) paths.push(extra);
      this.paths = paths;
      this.files = readIssueFiles(src, paths, this.parsed);
      this.replan(src);
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      this.current = { src, error: e, planned: [] };
    }
  }

  private replan(src: PreviewSource): void {
    // Plan everything again; the key memo spares hashing the issues whose parts are the same.
    const plan = planFiles(this.files, this.paths, src.config, { drafts: true });
    this.current = { src, error: null, planned: previewPlan(src, plan, '', this.keys).issues };
  }

  /** An issue file dev reads: under issues/, or in the folder of the issue given. */
  /** A file under assets/: an image the pages load when asked for, which no plan or key depends on. */
  isAssetPath(path: string): boolean {
    const src = this.current.src;
    return src !== null && path.startsWith(resolve(src.config.root, 'assets') + sep);
  }

  private isIssuePath(path: string): boolean {
    const src = this.current.src;
    if (!src || !isIssueFile(path.split(/[\\/]/).pop() ?? '')) return false;
    if (this.files.has(path)) return true;
    const issuesDir = resolve(src.config.root, 'issues');
    const extraDir = this.opts.extra ? dirname(this.opts.extra) : null;
    return path.startsWith(issuesDir + '/') || dirname(path) === extraDir;
  }
}

/** Whether an edit left what others see of an issue as it was: its slug, subject, date, draft state and read-more entry. */
function sameFacts(before: IssueFile, after: IssueFile): boolean {
  const [a, b] = [before.issue, after.issue];
  if (!a || !b || before.error || after.error) return false;
  const entry = (i: Issue): string => JSON.stringify(toArchiveEntry(i));
  return a.slug === b.slug && a.title === b.title && a.subject === b.subject && a.date === b.date && a.draft === b.draft && entry(a) === entry(b);
}
