import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../version.js';
import { NewsletterError, isNewsletterError } from '../problems/errors.js';
import { workspaceIssuePaths } from '../workspace/issueFiles.js';
import { outputDir } from '../workspace/outputDir.js';
import { enginesStamp, findEngines } from '../preview/engines/registry.js';
import { forceInversion } from '../preview/engines/invert.js';
import { missingLine, type EngineId } from '../preview/engines/types.js';
import { emptyManifest, readManifest, writeManifest, type Manifest } from '../preview/cache.js';
import { sha256 } from '../util/sha256.js';
import { forceDarkMode } from '../preview/darkMode.js';
import { readIssueCache } from '../workspace/issueCacheFile.js';
import { uniqueFindings, type Finding } from '../preview/findings.js';
import { sentHeaders } from '../preview/headers.js';
import { indexPage, issuePage, type IssueView, type SiteInfo } from '../preview/pages.js';
import { issueView, viewNote } from '../preview/view.js';
import { INDEX, ISSUE_CACHE, MANIFEST, REPORT, SUMMARY, darkPath, emailPath, invertedPath, pagePath, textPath } from '../preview/paths.js';
import { Assets, OutputFolder } from '../preview/outputFolder.js';
import { openPreviewSource, planIssues, type PlannedIssue } from '../preview/plan.js';
import { createRenderer, threadCount } from '../preview/pool.js';
import { createProgress, type ProgressStream } from '../preview/progress.js';
import { reportJson, summaryMarkdown, totals, type PreviewSummary, type ScreenshotState } from '../preview/report.js';
import { runEngines } from '../preview/screenshot.js';
import type { RenderedEmail } from '../preview/wire.js';

export interface PreviewOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out?: string | undefined;
  config?: string | undefined;
  /** true: screenshots are required; false: none; undefined: when a browser is found. */
  screenshots?: boolean | undefined;
  /** The engines to draw the emails in (default: every one found). */
  engines?: EngineId[] | undefined;
  strict?: boolean | undefined;
  /** false: render everything again. */
  cache?: boolean | undefined;
  /** Render threads (default: one per core). */
  jobs?: number | undefined;
  /** Where progress goes (stderr): a live line on a terminal, plain lines otherwise. */
  progress: ProgressStream;
}

export interface PreviewRun {
  summary: PreviewSummary;
  outDir: string;
  /** Every finding, the config's first, for annotations and the text output. */
  findings: Finding[];
  /** Screenshots were required (--screenshots) and could not be taken. */
  screenshotError: NewsletterError | null;
}

const OUTPUT_CODES = new Set(['OUTPUT_IO', 'OUTPUT_NOT_WRITABLE']);

/**
 * Builds every issue of the workspace (drafts too) into a static preview
 * folder: the inbox index, a page per issue, the emails, screenshots,
 * report.json and summary.md. Issues are read and planned here, rendered on
 * worker threads, and what the cache shows unchanged is left as it is.
 * One broken issue does not stop the others: its error is in the report.
 */
export async function preview(opts: PreviewOptions): Promise<PreviewRun> {
  const src = openPreviewSource({ cwd: opts.cwd, config: opts.config, version: VERSION });
  const { config } = src;
  const outDir = outputDir(src.reader, opts.cwd, opts.out, join('dist', 'preview'));
  const issuesDir = join(config.root, 'issues');
  const paths = workspaceIssuePaths(src.reader);
  if (paths.length === 0) {
    throw new NewsletterError('NO_ISSUES', `No issue files in ${src.reader.display(issuesDir)}`, {
      hint: 'Issues are .md files in the issues/ folder next to newsletter.config.yaml',
    });
  }

  const engines = opts.screenshots === false ? null : findEngines(opts.env, opts.engines);
  // Required screenshots: some engine must be found, and every one asked for by name.
  if (opts.screenshots === true && engines && (engines.found.length === 0 || (opts.engines && engines.missing.length > 0))) {
    throw new NewsletterError('BROWSER_MISSING', `Screenshots need ${engines.missing.map(missingLine).join('; ')}`, {
      hint: `${process.platform === 'linux' ? 'On Debian: apt-get install chromium firefox-esr webkit2gtk-driver xvfb. ' : ''}Or leave out --screenshots to build the previews without them`,
    });
  }
  const found = engines?.found ?? [];
  const wantShots = found.length > 0;
  // Pages show the shots and audits, so their keys depend on which engines (and versions) drew them.
  const parsed = opts.cache === false ? undefined : readIssueCache(join(outDir, ISSUE_CACHE), src.tool);
  const plan = planIssues(src, paths, wantShots ? `screenshots ${enginesStamp(found)}` : '', parsed);
  const planned = plan.issues;
  const out = new OutputFolder(outDir, opts.cwd);
  const previous = opts.cache === false ? emptyManifest() : readManifest(outDir);
  const next = emptyManifest();
  const site: SiteInfo = {
    name: config.name,
    from: config.from,
    language: config.language,
    screenshots: wantShots,
    engines: found.map((e) => ({ id: e.id, name: e.name })),
  };
  const views = new Map<PlannedIssue, IssueView>();
  const assets = new Assets(src, out);

  const progress = createProgress(opts.progress, 'Rendering', planned.length);
  const failIssue = (p: PlannedIssue, e: unknown): void => {
    if (!isNewsletterError(e) || OUTPUT_CODES.has(e.code)) throw e;
    const view = issueView(p, null, e);
    views.set(p, view);
    out.write(pagePath(p.id), issuePage(site, view, { text: null, headers: [] }));
    progress.tick(p.file, 'error');
  };

  const toRender: PlannedIssue[] = [];
  for (const p of planned) {
    if (p.error) {
      failIssue(p, p.error);
      continue;
    }
    const hit = previous.entries[p.file];
    if (hit && hit.key === p.key && hit.id === p.id && hit.files.every((f) => out.exists(f))) {
      try {
        assets.copy(hit.email.images);
      } catch (e) {
        failIssue(p, e);
        continue;
      }
      next.entries[p.file] = hit;
      out.keep(hit.files);
      const view = issueView(p, hit.email, null);
      views.set(p, view);
      progress.tick(p.file, viewNote(view, 'unchanged'));
      continue;
    }
    toRender.push(p);
  }

  /** Pages of issues rendered now: written once the engines' shots and audits are in. */
  const pages = new Map<PlannedIssue, () => void>();
  // Nothing changed: no renderer, whose templates would be compiled for nothing.
  const renderer = toRender.length > 0 ? createRenderer({ config, templateSet: src.templateSet }, threadCount(toRender.length, opts.jobs)) : null;
  try {
    await Promise.all(
      toRender.map(async (p) => {
        let email: RenderedEmail;
        try {
          email = await renderer!.render({ issue: p.issue!, archive: p.archive, others: p.others });
          assets.copy(email.images);
        } catch (e) {
          failIssue(p, e);
          return;
        }
        const view = issueView(p, email, null);
        views.set(p, view);
        const files = [emailPath(email.slug), darkPath(email.slug), textPath(email.slug), pagePath(p.id), invertedPath(email.slug)];
        out.write(files[0]!, email.html);
        out.write(files[1]!, forceDarkMode(email.html));
        out.write(files[2]!, email.text);
        out.write(files[4]!, forceInversion(email.html));
        pages.set(p, () => out.write(files[3]!, issuePage(site, view, { text: email.text, headers: sentHeaders(config, email) })));
        const { slug, subject, preheader, bytes, images, links, findings } = email;
        const meta = { slug, subject, preheader, bytes, images, links, findings };
        next.entries[p.file] = { key: p.key!, id: p.id, email: meta, files, shots: null, htmlHash: sha256(email.html) };
        progress.tick(p.file, viewNote(view));
      }),
    );
  } finally {
    await renderer?.close();
    progress.done();
  }

  const shots: ShotsResult = wantShots
    ? await screenshots(planned, next, views, pages, out, opts, found)
    : { state: opts.screenshots === false ? 'off' : 'skipped', note: null, error: null, fresh: 0 };
  for (const write of pages.values()) write();
  const ordered = planned.map((p) => views.get(p)!);
  out.write(INDEX, indexPage(site, ordered));

  const general: Finding[] = [...src.warnings, ...plan.problems].map((w) => ({
    severity: 'warning',
    rule: w.rule,
    message: w.message,
    file: w.file,
    line: w.line,
    hint: w.hint,
  }));
  const summary: PreviewSummary = {
    name: config.name,
    out: src.reader.display(outDir),
    issues: ordered,
    general,
    screenshots: {
      state: shots.state,
      note: shots.note,
      count: Object.values(next.entries).filter((e) => e.shots !== null).length,
      fresh: shots.fresh,
      engines: found.map((e) => ({ id: e.id, name: e.name, how: e.how })),
      skipped: (engines?.missing ?? []).map(missingLine),
    },
    ok: true,
    strict: Boolean(opts.strict),
  };
  const t = totals(summary);
  summary.ok = t.errors === 0 && !(opts.strict && t.warnings > 0) && !shots.error;
  const markdown = summaryMarkdown(summary);
  out.write(REPORT, reportJson(summary));
  out.write(SUMMARY, markdown);
  next.files = out.files();
  // In plan order, not in the order the threads finished: the same run writes the same manifest with any --jobs.
  next.entries = Object.fromEntries(planned.flatMap((p) => (next.entries[p.file] ? [[p.file, next.entries[p.file]!]] : [])));
  writeManifest(outDir, next, src.reader.display(join(outDir, MANIFEST)));
  parsed?.save(src.reader.display(join(outDir, ISSUE_CACHE)));
  out.removeStale(previous);

  if (opts.env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(opts.env.GITHUB_STEP_SUMMARY, markdown + '\n');
    } catch (e) {
      throw new NewsletterError('OUTPUT_IO', `Can't append the summary to GITHUB_STEP_SUMMARY (${firstLine(e)})`, { file: opts.env.GITHUB_STEP_SUMMARY });
    }
  }

  return { summary, outDir, findings: uniqueFindings([...general, ...ordered.flatMap((v) => v.findings)]), screenshotError: shots.error };
}

interface ShotsResult {
  state: ScreenshotState;
  note: string | null;
  /** Set when screenshots were required (--screenshots) and could not all be taken. */
  error: NewsletterError | null;
  /** How many issues were shot by this run. */
  fresh: number;
}

/**
 * Draws every built email in every engine found (runEngines: only what
 * changed, each engine started once), adds the audits' findings to the
 * issues, and writes the pages of the issues rendered now with their shots.
 * An issue whose shots or audits are not all there is rendered again next run.
 */
async function screenshots(
  planned: PlannedIssue[],
  next: Manifest,
  views: Map<PlannedIssue, IssueView>,
  pages: Map<PlannedIssue, () => void>,
  out: OutputFolder,
  opts: PreviewOptions,
  found: Parameters<typeof runEngines>[1],
): Promise<ShotsResult> {
  const built = planned.filter((p) => next.entries[p.file]);
  const emails = built.map((p) => ({ slug: next.entries[p.file]!.email.slug, html: out.path(emailPath(next.entries[p.file]!.email.slug)), file: p.file }));
  const run = await runEngines(emails, found, { outDir: out.dir, progress: opts.progress });
  const complete = new Set(run.complete);
  for (const p of built) {
    const e = next.entries[p.file]!;
    const shots = run.shots.get(e.email.slug) ?? [];
    const view = views.get(p)!;
    view.shots = shots;
    view.findings.push(...(run.findings.get(e.email.slug) ?? []));
    out.keep(shots.map((s) => s.file));
    e.files = [...e.files.filter((f) => !f.startsWith('shots/')), ...shots.map((s) => s.file)];
    e.shots = complete.has(e.email.slug) ? e.htmlHash : null;
    if (!complete.has(e.email.slug)) e.key = `incomplete ${e.key}`;
    pages.get(p)?.();
    pages.delete(p);
  }
  const none = run.failures.length > 0 && [...run.shots.values()].every((s) => s.length === 0);
  const result: ShotsResult = { state: none ? 'skipped' : 'taken', note: null, error: null, fresh: run.fresh };
  if (run.failures.length > 0) {
    result.note = `failed: ${run.failures.join('; ')}`;
    if (opts.screenshots) result.error = new NewsletterError('SCREENSHOT_FAILED', `Screenshots ${result.note}`);
  }
  return result;
}

function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0]!;
}
