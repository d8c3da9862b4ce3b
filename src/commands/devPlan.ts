import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { VERSION } from '../version.js';
import { isNewsletterError, type NewsletterError } from '../problems/errors.js';
import { planIssues as planFiles } from '../plan/planIssues.js';
import { KeyMemo, openPreviewSource, previewPlan, type PlannedIssue, type PreviewSource } from '../preview/plan.js';
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

  constructor(private readonly opts: { cwd: string; config?: string | undefined; extra: string | null }) {
    this.reload();
  }

  /**
   * Takes in changed paths (absolute). Returns whether what the pages show
   * may have changed: false when every changed file reads as it did (an
   * editor's second event for one save, a touch).
   */
  update(changed: ReadonlySet<string>): boolean {
    const src = this.current.src;
    // Images are read when asked for, and no key depends on their bytes: open pages only need to reload.
    const rest = [...changed].filter((p) => !src || !p.startsWith(resolve(src.config.root, 'assets') + '/'));
    if (rest.length === 0) return true;
    const issues = rest.filter((p) => this.isIssuePath(p));
    if (!src || issues.length < rest.length) {
      this.reload();
      return true;
    }
    let moved = false;
    let edited = false;
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
      this.files.set(path, after);
      edited = true;
    }
    if (moved) {
      this.reload();
      return true;
    }
    if (edited) this.replan(src);
    return edited;
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
    const plan = planFiles(this.files, this.paths, src.config, { drafts: true });
    this.current = { src, error: null, planned: previewPlan(src, plan, '', this.keys).issues };
  }

  /** An issue file dev reads: under issues/, or in the folder of the issue given. */
  private isIssuePath(path: string): boolean {
    const src = this.current.src;
    if (!src || !isIssueFile(path.split(/[\\/]/).pop() ?? '')) return false;
    if (this.files.has(path)) return true;
    const issuesDir = resolve(src.config.root, 'issues');
    const extraDir = this.opts.extra ? dirname(this.opts.extra) : null;
    return path.startsWith(issuesDir + '/') || dirname(path) === extraDir;
  }
}
