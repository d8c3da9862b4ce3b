import { SIZE_WARN_BYTES } from '../lint/limits.js';
import type { PublishedEmail, TemplateOverride } from '../lint/types.js';
import type { Warning } from '../problems/errors.js';
import type { Problem } from '../problems/problem.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import { composeIssue, renderIssue, type ComposedIssue, type RenderedIssue } from '../render/renderIssue.js';
import { compileTemplates, type TemplateSet } from '../render/templates.js';
import type { Workspace } from '../workspace/openWorkspace.js';
import { createReader } from '../workspace/reader.js';
import { lintRendered } from '../lint/lintRendered.js';
import { measureBlocks } from '../lint/measureBlocks.js';

export type BatchCommand = 'build' | 'check';

export type RenderablePlanned = PlannedIssue & { issue: Issue };

export interface BatchOutcome<R = RenderedIssue> {
  rendered: R;
  problems: Problem[];
}

/**
 * One issue's step of `build` or `check` over many issues: render, then
 * lint (here in preview/, with the other render-worker code). The same
 * function runs in this thread (a few issues) and in the render workers
 * (many), so both give the same problems, byte for byte.
 */
export async function renderForBatch(
  ws: Workspace,
  planned: RenderablePlanned,
  command: BatchCommand,
  overrides: Map<string, TemplateOverride> | null,
  /** check --for: the email as the sending service gets it, rendered after this one (an error in either is the issue's). */
  published?: () => Promise<PublishedEmail>,
): Promise<BatchOutcome> {
  const rendered = await renderIssue(planned.issue, ws.config, ws.templates, planned.archive);
  const asPublished = published ? await published() : undefined;
  const blockBytes = await blockBytesFor(command, rendered);
  return { rendered, problems: lintForBatch(ws, planned, rendered, command, overrides, blockBytes, asPublished) };
}

/** check's extra for a large email: the bytes of each block (MJML renders it again, so only when the size rule will speak). */
export async function blockBytesFor(command: BatchCommand, rendered: RenderedIssue): Promise<{ name: string; bytes: number }[] | undefined> {
  return command === 'check' && rendered.bytes > SIZE_WARN_BYTES ? await measureBlocks(rendered.mjml) : undefined;
}

/** The rules over one rendered email; check adds the author's overrides and the block sizes. */
export function lintForBatch(
  ws: Workspace,
  planned: RenderablePlanned,
  rendered: RenderedIssue,
  command: BatchCommand,
  overrides: Map<string, TemplateOverride> | null,
  blockBytes: { name: string; bytes: number }[] | undefined,
  published?: PublishedEmail,
): Problem[] {
  if (command === 'build') return lintRendered(ws, planned, rendered);
  return lintRendered(ws, planned, rendered, { overrides: overrides ?? undefined, published, ...(blockBytes ? { blockBytes } : {}) });
}

/** What a worker is given once: the workspace as plain data, and every issue of the planned folders (the rules compare an issue with its folder). */
export interface BatchInit {
  kind: 'batch';
  command: BatchCommand;
  cwd: string;
  root: string;
  config: Config;
  warnings: Warning[];
  templateSet: TemplateSet;
  folders: Record<string, Issue[]>;
  overrides: Map<string, TemplateOverride> | null;
}

/**
 * One issue, by its place in its folder: the issue itself is in the init,
 * not sent again. With `compose`, the worker only composes it; with
 * `rendered`, the sender rendered it and the worker only runs the rules;
 * with neither, the worker renders it too.
 */
export interface BatchJob {
  folder: string;
  at: number;
  /** Its planned neighbours (what the rules compare it with), by their places in its folder. */
  neighbours: number[];
  file: string;
  archive: ArchiveEntry[];
  warnings: Warning[];
  rendered?: RenderedIssue | undefined;
  blockBytes?: { name: string; bytes: number }[] | undefined;
  /** Only compose it (templates → MJML and text): the sender runs MJML, then sends it back with `rendered` for the rules. */
  compose?: boolean | undefined;
}

/** What comes back: the problems, and the email when the worker rendered it, without its MJML (the writes need only the HTML, the text and the images). */
export interface BatchReply {
  rendered: Omit<RenderedIssue, 'mjml'> | null;
  problems: Problem[];
  /** For a `compose` job: the issue's MJML and text part. */
  composed?: ComposedIssue | undefined;
}

/** The worker's side: the workspace rebuilt from the init (same root, same config, templates compiled once), then each job rendered and linted. */
export function batchJobHandler(init: BatchInit): (job: BatchJob) => Promise<BatchReply> {
  const ws: Workspace = {
    cwd: init.cwd,
    config: init.config,
    warnings: init.warnings,
    reader: createReader(init.root, init.cwd),
    templateSet: init.templateSet,
    templates: compileTemplates(init.templateSet),
  };
  return async (job) => {
    const folderIssues = init.folders[job.folder]!;
    const planned: RenderablePlanned = {
      path: job.file,
      file: job.file,
      source: '',
      issue: folderIssues[job.at]!,
      warnings: job.warnings,
      error: null,
      archive: job.archive,
      folderIssues,
      neighbours: job.neighbours.map((at) => folderIssues[at]!),
    };
    if (job.compose) return { rendered: null, problems: [], composed: composeIssue(planned.issue, ws.config, ws.templates, planned.archive) };
    if (job.rendered) return { rendered: null, problems: lintForBatch(ws, planned, job.rendered, init.command, init.overrides, job.blockBytes) };
    const { rendered, problems } = await renderForBatch(ws, planned, init.command, init.overrides);
    // Its MJML stays here: the largest string, and nothing on the other side reads it.
    const { slug, subject, preheader, html, text, bytes, images, links } = rendered;
    return { rendered: { slug, subject, preheader, html, text, bytes, images, links }, problems };
  };
}
