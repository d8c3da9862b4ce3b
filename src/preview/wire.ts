import type { RenderedIssue } from '../render/renderIssue.js';
import type { TemplateSet } from '../render/templates.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import type { Finding } from './findings.js';

/**
 * What a render worker needs once: the workspace's config and template
 * sources, and every parsed issue by folder (the rules compare an issue
 * with the others of its folder). All plain data.
 */
export interface WorkerInit {
  config: Config;
  templateSet: TemplateSet;
  folders: Record<string, Issue[]>;
}

export interface RenderJob {
  id: number;
  issue: Issue;
  archive: ArchiveEntry[];
  /** The key of its folder in WorkerInit.folders. */
  folder: string;
}

/** An email as the preview keeps it: the render without its MJML, with the check rules' findings. */
export type RenderedEmail = Omit<RenderedIssue, 'mjml' | 'warnings'> & { findings: Finding[] };

export { fromWire, toWire, type WireError } from '../util/wireError.js';

/** The other issues of a job's folder. */
export function othersOf(init: WorkerInit, job: Pick<RenderJob, 'issue' | 'folder'>): Issue[] {
  return (init.folders[job.folder] ?? []).filter((o) => o.file !== job.issue.file);
}
