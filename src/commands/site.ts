import { isNewsletterError, NewsletterError } from '../problems/errors.js';
import { byDateDesc, toArchiveEntry } from '../plan/archive.js';
import type { PlannedIssue } from '../plan/planIssues.js';
import type { Issue } from '../parse/types.js';
import { stableJson } from '../preview/cache.js';
import { toolStamp } from '../util/toolStamp.js';
import { sha256 } from '../util/sha256.js';
import { darkPalette, lightPalette } from '../render/palette.js';
import { renderIssue } from '../render/renderIssue.js';
import { formatDate, toViewModel } from '../render/viewModel.js';
import { archivePages, notFoundPage, type IndexEntry, type SiteInfo } from '../site/archivePages.js';
import { atomFeed } from '../site/atomFeed.js';
import { issuePage } from '../site/issuePage.js';
import { readSiteManifest, siteStamp, SiteWriter, type SiteManifest } from '../site/siteOutput.js';
import { robots, sitemap } from '../site/sitemap.js';
import { VERSION } from '../version.js';
import { selectIssuePaths } from '../workspace/issueFiles.js';
import { openWorkspace, readPlanCached } from '../workspace/openWorkspace.js';
import { outputDir } from '../workspace/outputDir.js';
import { imageWhere } from './build.js';

export interface SiteOptions {
  cwd: string;
  out?: string | undefined;
  config?: string | undefined;
}

export interface SiteReport {
  out: string;
  /** Published issues with a page. */
  issues: number;
  /** Issue pages rendered this run (the others were unchanged). */
  rendered: number;
  written: string[];
  removed: string[];
  /** Issues left out of the site, with why. */
  errors: { file: string; error: NewsletterError }[];
  notes: string[];
}

/** Names the site uses for itself: an issue with one of these slugs would overwrite or be overwritten. */
export const RESERVED_SLUGS = new Set(['page', 'assets', 'index.html', 'feed.xml', 'sitemap.xml', '404.html', 'robots.txt']);

/** How many issues the feed carries, with their full content. */
export const FEED_ENTRIES = 20;

type Ready = PlannedIssue & { issue: Issue };

/**
 * workspace → plan → render (web target) → pages, for every published
 * issue, then the archive's index pages, feed, sitemap, 404 and robots.txt.
 * An issue whose page key (tool, config, templates, its source, its
 * read-more and its neighbours) is unchanged is not rendered again, and a
 * file whose bytes are unchanged is not written: a second run with nothing
 * changed writes nothing. One broken issue is left out and reported.
 */
export async function site(opts: SiteOptions): Promise<SiteReport> {
  const ws = openWorkspace(opts);
  const outDir = outputDir(ws.reader, opts.cwd, opts.out, 'dist/site');
  const plan = readPlanCached(ws, selectIssuePaths(ws.reader, [], { cwd: opts.cwd, all: true }), { drafts: false });
  const errors: SiteReport['errors'] = [];
  const ready: Ready[] = [];
  for (const p of plan.issues) {
    if (p.error || !p.issue) errors.push({ file: p.file, error: p.error! });
    else if (RESERVED_SLUGS.has(p.issue.slug.toLowerCase()))
      errors.push({
        file: p.file,
        error: new NewsletterError('FIELD_FORBIDDEN', `The slug "${p.issue.slug}" is a name the web archive uses for itself`, {
          file: p.file,
          line: p.issue.lines.get('slug') ?? 2,
          hint: 'Give the issue another "slug:" in its frontmatter (or rename the file)',
        }),
      });
    else ready.push(p as Ready);
  }
  ready.sort((a, b) => byDateDesc(a.issue, b.issue));

  const config = ws.config;
  const info: SiteInfo = {
    name: config.name,
    description: config.description,
    url: config.url,
    lang: config.language,
    subscribeUrl: config.subscribe_url ?? null,
    footerText: config.footer.text,
    fontFamily: config.theme.font_family,
    logo: config.theme.logo,
    logoDark: config.theme.logo_dark,
    light: lightPalette(config.theme),
    dark: darkPalette(config.theme),
  };
  const entries: IndexEntry[] = ready.map((p) => ({ ...toArchiveEntry(p.issue), dateLabel: formatDate(p.issue.date, config.language) }));

  const old = readSiteManifest(outDir);
  const oldFiles = new Set(old.files);
  const writer = new SiteWriter(outDir, (abs) => ws.reader.display(abs));
  const pages: SiteManifest['pages'] = {};
  // toolStamp stands for the code of the folder it is in: the bundle when installed; src/util/ and src/site/ when run from source.
  const stamp = sha256(toolStamp(VERSION), siteStamp(), stableJson(config), stableJson([...ws.templateSet.values()].map((t) => [t.name, t.display, t.source])));
  const copied = new Set<string>();
  const copy = (src: string, planned: Ready | null): void => {
    if (copied.has(src) || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) return;
    copied.add(src);
    const image = ws.reader.readImage(src, planned ? imageWhere(ws, planned, src) : { file: config.file });
    // At the path the pages name (decoded), which is where their relative links lead.
    writer.write(decodeURI(src.split(/[?#]/)[0]!), image.bytes);
  };
  let rendered = 0;

  for (let i = 0; i < ready.length; i++) {
    const planned = ready[i]!;
    const { issue } = planned;
    const older = entries[i + 1] ?? null;
    const newer = entries[i - 1] ?? null;
    const key = sha256(stamp, planned.source, stableJson(planned.archive), stableJson([older, newer]));
    const rel = `${issue.slug}/index.html`;
    const cached = old.pages[issue.slug];
    try {
      let images: string[];
      if (cached?.key === key && oldFiles.has(rel) && writer.exists(rel)) {
        writer.keep(rel);
        images = cached.images;
      } else {
        const r = await renderIssue(issue, config, ws.templates, planned.archive, { target: 'web' });
        rendered++;
        images = r.images;
        writer.write(
          rel,
          issuePage(r.html, {
            title: issue.title,
            siteName: config.name,
            description: issue.preheader ?? (entries[i]!.teaser || config.description),
            blurb: config.description,
            subscribeUrl: config.subscribe_url ?? null,
            canonical: config.url ? `${config.url}/${issue.slug}/` : null,
            image: firstImage(issue.body, config.url) ?? (config.url && config.theme.logo ? `${config.url}/${config.theme.logo.src}` : null),
            date: issue.date,
            lang: config.language,
            previous: older,
            next: newer,
            light: info.light,
            dark: info.dark,
          }),
        );
      }
      for (const src of images) copy(src, planned);
      pages[issue.slug] = { key, images };
    } catch (e) {
      if (!isNewsletterError(e) || e.code === 'OUTPUT_IO' || e.code === 'OUTPUT_NOT_WRITABLE') throw e;
      errors.push({ file: planned.file, error: e });
    }
  }
  // Links to issues that failed above would be dead: the index lists only those with a page.
  const listed = entries.filter((e) => pages[e.slug]);
  if (config.theme.logo) copy(config.theme.logo.src, null);
  if (config.theme.logo_dark) copy(config.theme.logo_dark, null);

  const index = archivePages(info, listed, config.site?.per_page ?? 20);
  for (const [rel, html] of index) writer.write(rel, html);
  writer.write('404.html', notFoundPage(info));
  writer.write('robots.txt', robots(config.url));
  const notes: string[] = [];
  if (config.url) {
    // Absolute links as in the email, but no UTM tags: a feed reader is not the email.
    const feedConfig = { ...config, links: undefined };
    const feedIssues = ready.filter((p) => pages[p.issue.slug]).slice(0, FEED_ENTRIES);
    writer.write(
      'feed.xml',
      atomFeed({
        name: config.name,
        description: config.description,
        url: config.url,
        lang: config.language,
        author: config.author.name,
        entries: feedIssues.map((p) => ({ ...toArchiveEntry(p.issue), vm: toViewModel(p.issue, feedConfig, []) })),
      }),
    );
    writer.write('sitemap.xml', sitemap(config.url, [...index.keys()], listed));
  } else {
    notes.push('No "url" in the config: feed.xml and sitemap.xml need the address of the site and were not written (add url: https://...)');
  }
  writer.finish(old, pages);
  return { out: ws.reader.display(outDir), issues: listed.length, rendered, written: writer.written, removed: writer.removed, errors, notes };
}

/** The first image of the letter, as an absolute URL (for og:image), or null. */
export function firstImage(markdown: string, url: string | null): string | null {
  const m = /!\[[^\]]*\]\(\s*<?([^)\s>]+)/.exec(markdown);
  if (!m) return null;
  const src = m[1]!;
  if (/^https?:\/\//i.test(src)) return src;
  return url && !/^[a-z][a-z0-9+.-]*:/i.test(src) ? `${url}/${src.replace(/^\.?\//, '')}` : null;
}
