import { dirname, join, resolve } from 'node:path';
import { NewsletterError, type Warning } from '../problems/errors.js';
import type { Config, Issue } from '../parse/types.js';
import { planIssues, type Plan, type PlannedIssue } from '../plan/planIssues.js';
import { compileTemplates, type CompiledTemplates, type TemplateSet } from '../render/templates.js';
import { readIssueFile, selectIssuePaths, workspaceIssuePaths, type IssueFile } from './issueFiles.js';
import type { IssueCache } from './issueCache.js';
import { persistentIssueCache } from './persistentIssueCache.js';
import { loadConfig } from './loadConfig.js';
import { loadTemplates } from './loadTemplates.js';
import { compareText } from '../util/compareText.js';
import { isIssueFile, type WorkspaceReader } from './reader.js';

/** What every command needs once per run: the config, the guarded reader, and the compiled templates. */
export interface Workspace {
  cwd: string;
  config: Config;
  /** Warnings of the config itself (unknown keys, http links...). */
  warnings: Warning[];
  reader: WorkspaceReader;
  templateSet: TemplateSet;
  /** Compiled once, so that a broken template fails before any issue renders. */
  templates: CompiledTemplates;
}

export function openWorkspace(opts: { cwd: string; config?: string | undefined }): Workspace {
  const { config, warnings, reader } = loadConfig({ cwd: opts.cwd, configPath: opts.config });
  const templateSet = loadTemplates(reader);
  return { cwd: opts.cwd, config, warnings, reader, templateSet, templates: compileTemplates(templateSet) };
}

/**
 * Reads every issue file the plan needs, once each: the workspace's issues/
 * (for duplicate slugs), the selected files, and the other files of their
 * folders (for read-more). Then plans, purely.
 */
export function readPlan(ws: Workspace, selected: string[], opts: { drafts: boolean }, cache?: IssueCache): Plan {
  const paths = selected.map((p) => resolve(ws.cwd, p));
  return planIssues(readIssueFiles(ws, paths, cache), paths, ws.config, opts);
}

/** readPlan with the parse cache the bundled CLI keeps between runs (persistentIssueCache.ts): build, check, site, send, publish. */
export function readPlanCached(ws: Workspace, selected: string[], opts: { drafts: boolean }): Plan {
  return withKeptCache(ws, (cache) => readPlan(ws, selected, opts, cache));
}

/** Runs `read` with the parse cache kept between runs, if there is one, and saves what it parsed. */
function withKeptCache<T>(ws: Workspace, read: (cache: IssueCache | undefined) => T): T {
  const cache = persistentIssueCache(ws.reader.root);
  const out = read(cache ?? undefined);
  cache?.save();
  return out;
}

export function readIssueFiles(ws: Workspace, selected: string[], cache?: IssueCache): Map<string, IssueFile> {
  const paths = new Set(workspaceIssuePaths(ws.reader));
  for (const dir of new Set(selected.map((p) => dirname(resolve(ws.cwd, p))))) {
    for (const name of ws.reader.listFiles(dir)) if (isIssueFile(name)) paths.add(join(dir, name));
  }
  for (const p of selected) paths.add(resolve(ws.cwd, p));
  const files = new Map<string, IssueFile>();
  for (const p of paths) files.set(p, readIssueFile(ws.reader, p, cache));
  return files;
}

/** The newest issue by date in the workspace's issues/ (subfolders too) that is not a draft; broken files are left out. */
export function newestPublishedIssue(ws: Workspace, read: ReadonlyMap<string, IssueFile> = readIssueFiles(ws, workspaceIssuePaths(ws.reader))): string {
  const files = [...read.values()];
  const published = files.flatMap((f) => (f.issue && !f.issue.draft ? [{ path: f.path, issue: f.issue }] : []));
  // Among equal dates the later file name wins, as an author numbering files expects.
  published.sort((a, b) => compareText(b.issue.date, a.issue.date) || compareText(b.path, a.path));
  if (!published[0]) {
    throw new NewsletterError('NO_ISSUES', `No issue that is not a draft in ${ws.reader.display(join(ws.reader.root, 'issues'))}`, {
      hint: 'Name the issue on the command line, e.g. issues/2024-12-18-my-issue.md',
    });
  }
  return published[0].path;
}

/**
 * The one issue a command such as send or publish works on: the one named,
 * or the newest published one. Every file is read and parsed once, whether
 * picking the newest needed them all or not.
 */
export function planOne(ws: Workspace, named: string | undefined): { plan: Plan; planned: PlannedIssue & { issue: Issue } } {
  let plan: Plan;
  if (named) {
    plan = readPlanCached(ws, selectIssuePaths(ws.reader, [named], { cwd: ws.cwd }), { drafts: true });
  } else {
    const files = withKeptCache(ws, (cache) => readIssueFiles(ws, workspaceIssuePaths(ws.reader), cache));
    plan = planIssues(files, [newestPublishedIssue(ws, files)], ws.config, { drafts: true });
  }
  const planned = plan.issues[0]!;
  if (planned.error || !planned.issue) throw planned.error;
  return { plan, planned: { ...planned, issue: planned.issue } };
}
