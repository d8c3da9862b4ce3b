import { join } from 'node:path';
import { NewsletterError, isNewsletterError } from '../problems/errors.js';
import type { Problem } from '../problems/problem.js';
import type { RenderedIssue } from '../render/renderIssue.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import { writeFileAtomic, writeFilesAtomicAsync } from '../workspace/files.js';
import { selectIssuePaths } from '../workspace/issueFiles.js';
import { openWorkspace, readPlanCached, type Workspace } from '../workspace/openWorkspace.js';
import { outputDir } from '../workspace/outputDir.js';
import { eachRendered } from './batch.js';
import { configProblems, warningProblems } from './pipeline.js';

export interface BuildOptions {
  cwd: string;
  files: string[];
  all?: boolean | undefined;
  out?: string | undefined;
  config?: string | undefined;
  /** A sending service: the outputs carry its merge tags where the email needs per-subscriber links (docs/publish.md). */
  for?: string | undefined;
  /** Render threads (default: one per core from PARALLEL_FROM issues on; 1: this thread only). */
  jobs?: number | undefined;
}

export interface BuildEntry {
  file: string;
  slug: string | null;
  html: string | null;
  text: string | null;
  bytes: number | null;
  problems: Problem[];
  error: NewsletterError | null;
}

export interface BuildReport {
  out: string;
  issues: BuildEntry[];
  /** Problems of the workspace: the config, a broken neighbour. */
  problems: Problem[];
}

/**
 * workspace → plan → render → lint → write, per issue: <out>/<slug>.html,
 * <slug>.txt and the local images they use. One broken issue does not stop
 * the others; its error is in the report. `--all` leaves drafts out; no
 * argument at all builds every issue, drafts included.
 */
export async function build(opts: BuildOptions, onEntry: (e: BuildEntry) => void = () => {}): Promise<BuildReport> {
  const ws = openWorkspace(opts);
  // Loaded only when asked for: a plain build needs nothing of the services.
  const service = opts.for === undefined ? undefined : (await import('../publish/providers.js')).serviceOf(opts.for);
  // The service's version goes beside the plain one, never over it: dist/kit/ for --for kit.
  const outDir = outputDir(ws.reader, opts.cwd, opts.out, service ? join('dist', opts.for!) : 'dist');
  // No argument: every issue in issues/, drafts too (the one just started with `new` is a draft); --all leaves drafts out.
  const selected = selectIssuePaths(ws.reader, opts.files, { cwd: opts.cwd, all: opts.all, allByDefault: true });
  const plan = readPlanCached(ws, selected, { drafts: !opts.all });
  const issues: BuildEntry[] = [];
  const copied = new Set<string>();
  // --for renders twice per issue, in this thread: the service's dialect is code, which can't be sent to a worker.
  await eachRendered(ws, plan.issues, { command: 'build', jobs: service ? 1 : opts.jobs, service }, async (planned, result) => {
    let entry: BuildEntry;
    try {
      if (!result.ok) throw result.error;
      const { rendered: out, problems } = result.value;
      await writeIssue(ws, planned, out, outDir, copied);
      const shown = (p: string): string => ws.reader.display(join(outDir, p));
      entry = {
        file: planned.file,
        slug: out.slug,
        html: shown(`${out.slug}.html`),
        text: shown(`${out.slug}.txt`),
        bytes: out.bytes,
        problems,
        error: null,
      };
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      // An output error (disk full, not writable) would fail every issue alike: stop at the first.
      if (e.code === 'OUTPUT_IO' || e.code === 'OUTPUT_NOT_WRITABLE') throw e;
      entry = { file: planned.file, slug: null, html: null, text: null, bytes: null, problems: [], error: e };
    }
    issues.push(entry);
    onEntry(entry);
  });
  return { out: ws.reader.display(outDir), issues, problems: [...configProblems(ws), ...warningProblems(plan.problems, ws.config.check.rules)] };
}

/**
 * The outputs of one issue: images first, so the HTML never points at an
 * image not yet there. `copied` holds the images this run already wrote
 * (the logo every issue shows is read and written once, not once per issue).
 */
export async function writeIssue(
  ws: Workspace,
  planned: PlannedIssue,
  rendered: Pick<RenderedIssue, 'slug' | 'html' | 'text' | 'images'>,
  outDir: string,
  copied: Set<string> = new Set(),
): Promise<void> {
  for (const src of rendered.images) {
    if (copied.has(src)) continue;
    const image = ws.reader.readImage(src, imageWhere(ws, planned, src));
    // Beside the HTML at the same relative path, decoded: "assets/my%20logo.png" is the file "assets/my logo.png".
    const to = join(outDir, image.rel);
    // Once per run each, and before the HTML that shows them: written here and now.
    writeFileAtomic(to, image.bytes, ws.reader.display(to));
    copied.add(src);
  }
  const html = join(outDir, `${rendered.slug}.html`);
  const text = join(outDir, `${rendered.slug}.txt`);
  await writeFilesAtomicAsync([
    { path: html, data: rendered.html, display: ws.reader.display(html) },
    { path: text, data: rendered.text, display: ws.reader.display(text) },
  ]);
}

/** Where an image is named, for its error: the line of the issue that uses it, else the config's logo or sponsor line. */
export function imageWhere(ws: Workspace, planned: PlannedIssue, src: string): { file: string; line?: number | undefined } {
  const at = planned.source.indexOf(src);
  if (at >= 0) return { file: planned.file, line: planned.source.slice(0, at).split('\n').length };
  for (const [key, line] of ws.config.lines) if (/(^|\.)(logo|src)(\.src)?$/.test(key) && line) return { file: ws.config.file, line };
  return { file: ws.config.file };
}
