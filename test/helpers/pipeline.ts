import { renderAndLint } from '../../src/commands/pipeline.js';
import type { ArchiveEntry, Issue } from '../../src/parse/types.js';
import type { Problem } from '../../src/problems/problem.js';
import type { RenderedIssue } from '../../src/render/renderIssue.js';
import { workspaceIssuePaths } from '../../src/workspace/issueFiles.js';
import { openWorkspace, planOne as planIssue, readPlan, type Workspace } from '../../src/workspace/openWorkspace.js';

/** One issue through the pipeline every command uses: plan, render, lint. */
export interface IssueResult {
  path: string;
  issue: Issue;
  archive: ArchiveEntry[];
  rendered: RenderedIssue;
  problems: Problem[];
}

export function openSession(opts: { cwd: string }): Workspace {
  return openWorkspace(opts);
}

export type Session = Workspace;

/** The issue files of a workspace, issues/ and its subfolders. */
export function issuePaths(ws: Workspace): string[] {
  return workspaceIssuePaths(ws.reader);
}

/** Plans one issue (its read-more from its folder) without rendering it. */
export function planOne(ws: Workspace, path: string): { issue: Issue; archive: ArchiveEntry[] } {
  const p = readPlan(ws, [path], { drafts: true }).issues[0]!;
  if (p.error || !p.issue) throw p.error ?? new Error(`${path} was not planned`);
  return { issue: p.issue, archive: p.archive };
}

export async function renderFile(ws: Workspace, path: string): Promise<IssueResult> {
  const { planned: p } = planIssue(ws, path);
  const { rendered, problems } = await renderAndLint(ws, p);
  return { path: p.path, issue: p.issue, archive: p.archive, rendered, problems };
}
