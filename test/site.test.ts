import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { Writable } from 'node:stream';
import { parseAtomFeed } from 'feedsmith';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { build } from '../src/commands/build.js';
import { firstImage, site } from '../src/commands/site.js';
import { cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

const URL_BASE = 'https://example.com/quiet-build';
const PUBLISHED = ['2026-10-28-code-review-is-a-conversation', 'maintenance-mode', '2026-10-14-name-it-twice', '2026-10-07-the-case-for-small-commits'];
const DRAFT = '2026-11-04-the-courage-to-delete';

afterAll(cleanupWorkspaces);

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The file a link of the site leads to, from the page it is on: a folder link means its index.html. */
function target(outDir: string, from: string, href: string): string {
  const path = decodeURI(href.split(/[?#]/)[0]!);
  const rel = posix.normalize(posix.join(posix.dirname(from), path));
  return join(outDir, rel.endsWith('/') || path === '' ? `${rel}index.html` : rel);
}

function io(): { io: Parameters<typeof main>[1]; out: () => string; err: () => string } {
  let o = '';
  let e = '';
  const w = (f: (s: string) => void): Writable => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
  return { io: { stdout: w((s) => (o += s)), stderr: w((s) => (e += s)), env: {}, cwd: '' }, out: () => o, err: () => e };
}

describe('newsletter site', () => {
  const ws = makeWorkspace();
  const out = join(ws, 'dist/site');
  let first: Awaited<ReturnType<typeof site>>;

  it('writes a page per published issue, the index, feed, sitemap, 404 and robots.txt', async () => {
    first = await site({ cwd: ws });
    expect(first.errors).toEqual([]);
    expect(first.issues).toBe(4);
    expect(first.rendered).toBe(4);
    const all = files(out);
    for (const slug of PUBLISHED) expect(all).toContain(`${slug}/index.html`);
    for (const f of ['index.html', 'feed.xml', 'sitemap.xml', '404.html', 'robots.txt', 'assets/logo.png', 'assets/logo-dark.png', 'assets/sponsor.png'])
      expect(all).toContain(f);
  });

  it('maps every link an email makes under url (web version, read-more, header) to a file of the site', async () => {
    const report = await build({ cwd: ws, files: [], all: true, out: join(ws, 'dist/email') });
    expect(report.issues).toHaveLength(4);
    let checked = 0;
    for (const e of report.issues) {
      const html = readFileSync(join(ws, e.html!), 'utf8');
      const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      // The header's {url}, and {url}/{slug}/ (web version, read-more); the author's other pages under url (ask, preferences) are not the site's.
      const ours = links.filter(
        (l) => l === URL_BASE || l === `${URL_BASE}/` || (l.startsWith(`${URL_BASE}/`) && /^[^/]+\/$/.test(l.slice(URL_BASE.length + 1))),
      );
      // The header's link, "view in browser" (twice: header and footer) and three read-more teasers.
      expect(ours.length, e.file).toBeGreaterThanOrEqual(5);
      for (const l of ours) {
        const path = l.slice(URL_BASE.length).replace(/^\//, '');
        expect(existsSync(join(out, path, 'index.html')), `${l} in ${e.file}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('leaves drafts out of every page, the feed and the sitemap', () => {
    for (const f of files(out)) {
      expect(f).not.toContain(DRAFT);
      if (/\.(html|xml|txt)$/.test(f)) {
        const text = readFileSync(join(out, f), 'utf8');
        expect(text, f).not.toContain(DRAFT);
        expect(text, f).not.toContain('The Courage to Delete');
      }
    }
  });

  it('links only to files of the site (relative, so it works under any path and from file://) or to absolute URLs', () => {
    let relativeLinks = 0;
    for (const f of files(out).filter((x) => x.endsWith('.html') && x !== '404.html')) {
      const html = readFileSync(join(out, f), 'utf8');
      for (const m of html.matchAll(/\s(?:href|src|srcset)="([^"]*)"/g)) {
        const href = m[1]!.replace(/&amp;/g, '&');
        if (/^(https?:|mailto:)/.test(href)) continue;
        expect(href, `${f}: ${href}`).not.toMatch(/^\/|^[a-z]+:/i);
        expect(existsSync(target(out, f, href)), `${f}: ${href}`).toBe(true);
        relativeLinks++;
      }
    }
    expect(relativeLinks).toBeGreaterThan(50);
  });

  it('makes an issue page a web page: no preheader, unsubscribe or "view in browser"; meta, canonical, Open Graph, feed, subscribe, previous/next', () => {
    const html = readFileSync(join(out, 'maintenance-mode/index.html'), 'utf8');
    expect(html).not.toContain('nl-preheader');
    expect(html).not.toContain('/unsubscribe');
    expect(html).not.toContain('/preferences');
    expect(html).not.toContain('View in your browser');
    expect(html).not.toContain('You are receiving this email');
    expect(html).toContain('<title>Maintenance Is the Product · The Quiet Build</title>');
    expect(html).toContain(`<link rel="canonical" href="${URL_BASE}/maintenance-mode/">`);
    expect(html).toContain('<meta property="og:title" content="Maintenance Is the Product">');
    expect(html).toMatch(/<meta property="og:image" content="https:\/\/example\.com\/quiet-build\/assets\/[^"]+\.png">/);
    expect(html).toContain('<meta name="twitter:card"');
    expect(html).toContain('<meta name="description" content="');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="The Quiet Build" href="../feed.xml">');
    expect(html).toContain('href="https://example.com/quiet-build/subscribe"');
    expect(html).toContain('rel="prev" href="../2026-10-14-name-it-twice/index.html"');
    expect(html).toContain('rel="next" href="../2026-10-28-code-review-is-a-conversation/index.html"');
    // Read-more comes after the issue and before the site's own block.
    expect(html.indexOf('More from The Quiet Build')).toBeLessThan(html.indexOf('<div class="nl-s-after"'));
    expect(html).toContain('href="../index.html"');
  });

  it('lists the issues newest first on the index, with date and teaser', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const order = PUBLISHED.map((s) => html.indexOf(`href="${s}/index.html"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<time datetime="2026-10-28">October 28, 2026</time>');
    expect(html).toContain('Priya Raman on turning code review');
  });

  it('writes an Atom feed a feed parser reads, with the issues in order and their full content', () => {
    const xml = readFileSync(join(out, 'feed.xml'), 'utf8');
    const feed = parseAtomFeed(xml);
    expect(feed.title?.value).toBe('The Quiet Build');
    expect(feed.id).toBe(`${URL_BASE}/`);
    expect(feed.updated).toBe('2026-10-28T00:00:00Z');
    const entries = feed.entries ?? [];
    expect(entries.map((e) => e.id)).toEqual(PUBLISHED.map((s) => `${URL_BASE}/${s}/`));
    expect(entries.map((e) => e.links?.[0]?.href)).toEqual(PUBLISHED.map((s) => `${URL_BASE}/${s}/`));
    expect(entries[0]!.title?.value).toBe('Code Review Is a Conversation, Not a Verdict');
    expect(entries[0]!.published).toBe('2026-10-28T00:00:00Z');
    const content = entries[0]!.content?.value ?? '';
    expect(entries[0]!.summary?.value).toContain('Priya Raman');
    expect(content).toContain('Welcome to everyone who signed up');
    expect(content).toContain('<blockquote>');
    expect(content).not.toMatch(/src="(?!https:)/);
  });

  it('writes a sitemap whose every URL is a page of the site, and robots.txt pointing at it', () => {
    const xml = readFileSync(join(out, 'sitemap.xml'), 'utf8');
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs).toHaveLength(5);
    for (const l of locs) expect(existsSync(join(out, l.slice(URL_BASE.length + 1), 'index.html')), l).toBe(true);
    expect(readFileSync(join(out, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${URL_BASE}/sitemap.xml`);
    // 404.html is served at any path: its links start at the path of url.
    expect(readFileSync(join(out, '404.html'), 'utf8')).toContain('href="/quiet-build/index.html"');
  });

  it('writes nothing when run again with nothing changed (same inodes and mtimes)', async () => {
    const before = new Map(files(out).map((f) => [f, statSync(join(out, f))]));
    const again = await site({ cwd: ws });
    expect(again.rendered).toBe(0);
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    const after = files(out);
    expect(after).toEqual([...before.keys()]);
    for (const f of after) {
      const st = statSync(join(out, f));
      expect([st.ino, st.mtimeMs], f).toEqual([before.get(f)!.ino, before.get(f)!.mtimeMs]);
    }
  });

  it('renders only the issue that changed, and removes the page of an issue that is gone', async () => {
    appendFileSync(join(ws, 'issues/2026-10-28-code-review-is-a-conversation.md'), '\nA postscript added after sending.\n');
    const changed = await site({ cwd: ws });
    expect(changed.rendered).toBe(1);
    expect(changed.written).toContain('2026-10-28-code-review-is-a-conversation/index.html');
    expect(readFileSync(join(out, '2026-10-28-code-review-is-a-conversation/index.html'), 'utf8')).toContain('A postscript added after sending.');

    rmSync(join(ws, 'issues/2026-10-07-the-case-for-small-commits.md'));
    const removed = await site({ cwd: ws });
    // Its page goes, and the sponsor logo only it used (the others have their own sponsors or none).
    expect(removed.removed.sort()).toEqual(['2026-10-07-the-case-for-small-commits/index.html', 'assets/sponsor.png']);
    expect(existsSync(join(out, '2026-10-07-the-case-for-small-commits'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('small-commits');
  });
});

describe('newsletter site: pagination, options and edge cases', () => {
  it('paginates past site.per_page, with links between the pages', async () => {
    const ws = makeWorkspace();
    const config = join(ws, 'newsletter.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('per_page: 20', 'per_page: 3'));
    for (let i = 1; i <= 4; i++) writeFileSync(join(ws, `issues/2025-0${i}-01-extra.md`), issueSource({ title: `Extra ${i}`, date: `2025-0${i}-01` }));
    const r = await site({ cwd: ws, out: 'public' });
    expect(r.issues).toBe(8);
    const out = join(ws, 'public');
    expect(existsSync(join(out, 'page/2/index.html'))).toBe(true);
    expect(existsSync(join(out, 'page/3/index.html'))).toBe(true);
    expect(existsSync(join(out, 'page/4'))).toBe(false);
    const p1 = readFileSync(join(out, 'index.html'), 'utf8');
    const p3 = readFileSync(join(out, 'page/3/index.html'), 'utf8');
    expect(p1).toContain('rel="next" href="page/2/index.html"');
    expect(p3).toContain('rel="prev" href="../../page/2/index.html"');
    expect(p3).toContain('href="../../2025-01-01-extra/index.html"');
    expect((p1.match(/class="s-item"/g) ?? []).length).toBe(3);
    expect((p3.match(/class="s-item"/g) ?? []).length).toBe(2);
  });

  it('runs from the command line, reports a broken issue and still builds the others', async () => {
    const ws = makeWorkspace({ 'issues/2026-12-01-broken.md': '---\ntitle: [unclosed\n---\nBody\n' });
    const t = io();
    const code = await main(['site'], { ...t.io!, cwd: ws });
    expect(code).toBe(65);
    expect(t.err()).toContain('2026-12-01-broken.md');
    expect(t.out()).toMatch(/^Site: 4 issues \(4 rendered\), \d+ files written → dist\/site\/index\.html/);
    expect(existsSync(join(ws, 'dist/site/maintenance-mode/index.html'))).toBe(true);
  });

  it('without url in the config, builds the pages but no feed or sitemap, and says why', async () => {
    const ws = makeWorkspace();
    const config = join(ws, 'newsletter.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^url: .*$/m, ''));
    const r = await site({ cwd: ws });
    expect(r.notes.join('\n')).toContain('feed.xml');
    const out = join(ws, 'dist/site');
    expect(existsSync(join(out, 'feed.xml'))).toBe(false);
    const html = readFileSync(join(out, 'maintenance-mode/index.html'), 'utf8');
    expect(html).not.toContain('rel="canonical"');
    expect(html).toContain('href="../index.html"');
  });

  it('refuses an issue whose slug is a name the site uses for itself, and builds the others', async () => {
    const ws = makeWorkspace({ 'issues/2026-12-02-page.md': issueSource({ title: 'Pages', date: '2026-12-02', slug: 'page' }) });
    const r = await site({ cwd: ws });
    expect(r.errors.map((e) => [e.error.code, e.error.line])).toEqual([['FIELD_FORBIDDEN', 4]]);
    expect(r.issues).toBe(4);
    expect(existsSync(join(ws, 'dist/site/page'))).toBe(false);
  });

  it('leaves UTM tags (which say "from the email") out of the web pages and the feed', async () => {
    const ws = makeWorkspace();
    const config = join(ws, 'newsletter.config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nlinks:\n  utm: { source: newsletter, medium: email, campaign: '{slug}' }\n`);
    const email = await build({ cwd: ws, files: ['issues/2026-10-28-code-review-is-a-conversation.md'] });
    expect(readFileSync(join(ws, email.issues[0]!.html!), 'utf8')).toContain('utm_medium=email');
    await site({ cwd: ws });
    const out = join(ws, 'dist/site');
    for (const f of files(out).filter((x) => /\.(html|xml)$/.test(x))) expect(readFileSync(join(out, f), 'utf8'), f).not.toContain('utm_');
  });

  it('refuses a bad site.per_page with its line', async () => {
    const ws = makeWorkspace();
    const config = join(ws, 'newsletter.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('per_page: 20', 'per_page: 0'));
    await expect(site({ cwd: ws })).rejects.toThrow(/site\.per_page/);
  });

  it('finds the first image of a letter for og:image', () => {
    expect(firstImage('Text\n\n![A chart](assets/chart.png) and ![b](x.png)', 'https://e.org/n')).toBe('https://e.org/n/assets/chart.png');
    expect(firstImage('![a](https://cdn.example/x.jpg)', null)).toBe('https://cdn.example/x.jpg');
    expect(firstImage('no images', 'https://e.org')).toBeNull();
  });
});
