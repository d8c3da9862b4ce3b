import type { RenderedIssue } from '../render/renderIssue.js';
import type { TemplateSet } from '../render/templates.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import type { Finding } from './findings.js';

/**
 * What a render worker needs once: the workspace's config and template
 * sources. All plain data.
 */
export interface WorkerInit {
  config: Config;
  templateSet: TemplateSet;
}

export interface RenderJob {
  id: number;
  issue: Issue;
  archive: ArchiveEntry[];
  /** The other issues of its folder the rules compare it with (its planned neighbours: a few, not the folder). */
  others: Issue[];
}

/** An email as the preview keeps it: the render without its MJML, with the check rules' findings. */
export type RenderedEmail = Omit<RenderedIssue, 'mjml' | 'warnings'> & { findings: Finding[] };
