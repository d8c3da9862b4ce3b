import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { VERSION } from '../version.js';
import { NewsletterError, isNewsletterError } from '../problems/errors.js';
import { writeFileAtomic } from '../workspace/files.js';
import type { Issue } from '../parse/types.js';
import { workspaceIssuePaths } from '../workspace/issueFiles.js';
import { outputDir } from '../workspace/outputDir.js';
import { relative } from 'node:path';
import { findChromium, launchChromium } from '../preview/browser.js';
import { emptyManifest, readManifest, sha256, writeManifest, type CacheEntry, type Manifest } from '../preview/cache.js';
import { forceDarkMode } from '../preview/darkMode.js';
import { uniqueFindings, type Finding } from '../preview/findings.js';
import { sentHeaders } from '../preview/headers.js';
import { indexPage, issuePage, type IssueView, type SiteInfo } from '../preview/pages.js';
import { issueView, viewNote } from '../preview/view.js';
import { INDEX, MANIFEST, REPORT, SUMMARY, assetPath, darkPath, emailPath, pagePath, shotPath, textPath } from '../preview/paths.js';
import { openPreviewSource, planIssues, type PlannedIssue, type PreviewSource } from '../preview/plan.js';
import { createRenderer, threadCount } from '../preview/pool.js';
import { createProgress, type ProgressStream } from '../preview/progress.js';
import { reportJson, summaryMarkdown, totals, type PreviewSummary, type ScreenshotState } from '../preview/report.js';
import { takeScreenshots, type ShotJob } from '../preview/screenshot.js';
import type { RenderedEmail } from '../preview/wire.js';

export interface PreviewOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out?: string | undefined;
  config?: string | undefined;
  /** true: screenshots are required; false: none; undefined: when a browser is found. */
  screenshots?: boolean | undefined;
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

  const chromium = opts.screenshots === false ? null : findChromium(opts.env);
  if (opts.screenshots === true && chromium && chromium.path === null) {
    throw new NewsletterError('BROWSER_MISSING', `Screenshots need Chromium: ${chromium.reason}`, {
      hint: 'On Debian or Ubuntu: apt-get install chromium. Or leave out --screenshots to build the previews without them',
    });
  }
  const wantShots = chromium?.path != null;
  const plan = planIssues(src, paths, wantShots ? 'screenshots' : '');
  const planned = plan.issues;
  const out = new OutputFolder(outDir, opts.cwd);
  const previous = opts.cache === false ? emptyManifest() : readManifest(outDir);
  const next = emptyManifest();
  const site: SiteInfo = { name: config.name, from: config.from, language: config.language, screenshots: wantShots };
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

  // The browser starts while the issues render, and only when some screenshot is due.
  const shotsDue = (): boolean => toRender.length > 0 || Object.values(next.entries).some((e) => !shotsCurrent(e, out));
  const launching: Promise<Browser> | null = chromium?.path && shotsDue() ? launchChromium(chromium.path) : null;
  launching?.catch(() => {});

  const folders: Record<string, Issue[]> = {};
  for (const p of toRender) folders[p.folder] ??= [p.issue!, ...p.others];
  const renderer = createRenderer({ config, templateSet: src.templateSet, folders }, threadCount(toRender.length, opts.jobs));
  try {
    await Promise.all(
      toRender.map(async (p) => {
        let email: RenderedEmail;
        try {
          email = await renderer.render({ issue: p.issue!, archive: p.archive, folder: p.folder });
          assets.copy(email.images);
        } catch (e) {
          failIssue(p, e);
          return;
        }
        const view = issueView(p, email, null);
        views.set(p, view);
        const files = [emailPath(email.slug), darkPath(email.slug), textPath(email.slug), pagePath(p.id)];
        out.write(files[0]!, email.html);
        out.write(files[1]!, forceDarkMode(email.html));
        out.write(files[2]!, email.text);
        out.write(files[3]!, issuePage(site, view, { text: email.text, headers: sentHeaders(config, email) }));
        const { slug, subject, preheader, bytes, images, links, findings } = email;
        const meta = { slug, subject, preheader, bytes, images, links, findings };
        next.entries[p.file] = { key: p.key!, id: p.id, email: meta, files, shots: null, htmlHash: sha256(email.html) };
        progress.tick(p.file, viewNote(view));
      }),
    );
  } catch (e) {
    await launching?.then((b) => b.close()).catch(() => {});
    throw e;
  } finally {
    await renderer.close();
    progress.done();
  }

  const ordered = planned.map((p) => views.get(p)!);
  out.write(INDEX, indexPage(site, ordered));

  const shots: ShotsResult = wantShots
    ? await screenshots(Object.values(next.entries), out, launching, chromium!.path!, opts)
    : { state: opts.screenshots === false ? 'off' : 'skipped', note: chromium?.path === null ? `skipped: ${chromium.reason}` : null, error: null, fresh: 0 };

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
    screenshots: { state: shots.state, note: shots.note, count: Object.values(next.entries).filter((e) => e.shots !== null).length, fresh: shots.fresh },
    ok: true,
    strict: Boolean(opts.strict),
  };
  const t = totals(summary);
  summary.ok = t.errors === 0 && !(opts.strict && t.warnings > 0) && !shots.error;
  const markdown = summaryMarkdown(summary);
  out.write(REPORT, reportJson(summary));
  out.write(SUMMARY, markdown);
  next.files = out.files();
  writeManifest(outDir, next, src.reader.display(join(outDir, MANIFEST)));
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
 * Takes the screenshots that are due (new or changed HTML, or a PNG gone),
 * in the browser that started while the issues rendered, and records in
 * each cache entry which HTML its screenshots show.
 */
async function screenshots(
  entries: CacheEntry[],
  out: OutputFolder,
  launching: Promise<Browser> | null,
  chromium: string,
  opts: PreviewOptions,
): Promise<ShotsResult> {
  const result: ShotsResult = { state: 'taken', note: null, error: null, fresh: 0 };
  const due = entries.filter((e) => !shotsCurrent(e, out));
  let browser: Browser | null = null;
  try {
    browser = launching ? await launching : null;
  } catch (e) {
    result.state = 'skipped';
    result.note = `skipped: Chromium at ${chromium} did not start (${firstLine(e)})`;
    if (opts.screenshots) result.error = new NewsletterError('BROWSER_MISSING', `Screenshots failed: Chromium did not start (${firstLine(e)})`);
  }
  if (browser) {
    try {
      const jobs: (ShotJob & { entry: CacheEntry })[] = due.map((entry) => ({
        entry,
        label: entry.email.slug,
        html: out.path(emailPath(entry.email.slug)),
        desktop: out.path(shotPath(entry.email.slug, 'desktop')),
        mobile: out.path(shotPath(entry.email.slug, 'mobile')),
      }));
      const progress = createProgress(opts.progress, 'Screenshots', jobs.length);
      const failures = await takeScreenshots(browser, jobs, { concurrency: 2, onDone: (j) => progress.tick(j.label) });
      progress.done();
      const failed = new Set(failures.map((f) => f.job));
      for (const j of jobs) if (!failed.has(j)) j.entry.shots = j.entry.htmlHash;
      result.fresh = jobs.length - failures.length;
      if (failures.length > 0) {
        result.note = `failed for ${failures.map((f) => `${f.job.label} (${f.error})`).join(', ')}`;
        if (opts.screenshots) result.error = new NewsletterError('SCREENSHOT_FAILED', `Screenshots ${result.note}`);
      }
    } finally {
      await browser.close().catch(() => {});
    }
  }
  for (const e of entries) {
    if (e.shots === null) continue;
    const pngs = [shotPath(e.email.slug, 'desktop'), shotPath(e.email.slug, 'mobile')];
    e.files = [...e.files.filter((f) => !pngs.includes(f)), ...pngs];
    out.keep(pngs);
  }
  return result;
}

function shotsCurrent(e: CacheEntry, out: OutputFolder): boolean {
  return e.shots === e.htmlHash && out.exists(shotPath(e.email.slug, 'desktop')) && out.exists(shotPath(e.email.slug, 'mobile'));
}

function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0]!;
}

/** The preview folder: atomic writes, and a record of every file this run wrote or kept. */
class OutputFolder {
  private readonly current = new Set<string>();
  constructor(
    readonly dir: string,
    private readonly cwd: string,
  ) {}

  path(rel: string): string {
    return join(this.dir, rel);
  }

  exists(rel: string): boolean {
    return existsSync(this.path(rel));
  }

  write(rel: string, data: string | Uint8Array): void {
    const abs = this.path(rel);
    writeFileAtomic(abs, data, relative(this.cwd, abs) || abs);
    this.current.add(rel);
  }

  keep(rels: string[]): void {
    for (const r of rels) this.current.add(r);
  }

  files(): string[] {
    return [...this.current].sort();
  }

  /** Removes what the last run wrote and this one did not: pages of deleted or renamed issues, their screenshots and images. */
  removeStale(previous: Manifest): void {
    for (const rel of previous.files) {
      if (this.current.has(rel)) continue;
      const abs = normalize(this.path(rel));
      if (!abs.startsWith(normalize(this.dir + '/'))) continue;
      rmSync(abs, { force: true });
    }
  }
}

/** Local images the emails use, copied next to them once per run (and only when they changed). */
class Assets {
  private readonly done = new Set<string>();
  constructor(
    private readonly src: PreviewSource,
    private readonly out: OutputFolder,
  ) {}

  copy(images: string[]): void {
    for (const image of images) {
      const clean = decodeURI(image.split(/[?#]/)[0] ?? image);
      const rel = normalize(assetPath(clean));
      if (this.done.has(rel)) continue;
      // Through the guarded reader: only real images inside the workspace are copied.
      const data = this.src.reader.readImage(image).bytes;
      let same = false;
      try {
        same = readFileSync(this.out.path(rel)).equals(data);
      } catch {
        // Not there yet.
      }
      if (same) this.out.keep([rel]);
      else this.out.write(rel, data);
      this.done.add(rel);
    }
  }
}
