import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { site } from '../src/commands/site.js';
import { auditPage } from './helpers/audit.js';
import { describeBrowser, launch } from './helpers/browser.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

/** Served under /quiet-build/, the path of the example's url, as a static host would; the last one is a missing page (404.html). */
const PAGES = ['', '2026-10-28-code-review-is-a-conversation/', 'maintenance-mode/index.html', 'no/such/page'];
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.png': 'image/png', '.xml': 'application/xml' };

/** A static host on 127.0.0.1, port 0: /quiet-build/<path> is <out>/<path> (a folder: its index.html), anything else 404.html. */
function serve(out: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.startsWith('/quiet-build/') ? join(out, normalize(path.slice('/quiet-build/'.length))) : '';
    try {
      if (file && statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': TYPES['.html']! }).end(readFileSync(join(out, '404.html')));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs in the page: the site's own buttons, their fill against what they sit on (WCAG 1.4.11). */
const siteButtons = (): { text: string; ratio: number }[] => {
  type Rgb = [number, number, number];
  const parse = (c: string): Rgb =>
    /rgba?\(([^)]+)\)/
      .exec(c)![1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number)
      .slice(0, 3) as Rgb;
  const lum = (c: Rgb): number => {
    const f = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const bgOf = (el: Element | null): Rgb => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e).backgroundColor;
      if (!/rgba\(0, 0, 0, 0\)|transparent/.test(s)) return parse(s);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll('a.s-button, a.nl-s-button')].map((a) => {
    const [x, y] = [lum(bgOf(a)), lum(bgOf(a.parentElement!.parentElement))].sort((p, q) => q - p) as [number, number];
    return { text: a.textContent ?? '', ratio: (x + 0.05) / (y + 0.05) };
  });
};

describeBrowser('the site in Chromium', () => {
  let browser: Browser;
  let out: string;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const ws = makeWorkspace();
    await site({ cwd: ws });
    out = join(ws, 'dist/site');
    server = await serve(out);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/quiet-build/`;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    cleanupWorkspaces();
  });

  for (const width of [375, 1280])
    for (const scheme of ['light', 'dark'] as const)
      it(`passes the contrast and overflow audit at ${width} px in ${scheme} mode, loading nothing from outside the site`, async () => {
        const ctx = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
        const failures: string[] = [];
        try {
          for (const path of PAGES) {
            const page = await ctx.newPage();
            const requests: string[] = [];
            page.on('request', (r) => requests.push(r.url()));
            await page.goto(base + path);
            const audit = await page.evaluate(auditPage);
            expect(audit.texts.length, path).toBeGreaterThan(path.startsWith('no/') ? 5 : 20);
            for (const t of audit.texts) if (t.ratio < 4.5) failures.push(`${path}: "${t.text}" ${t.color} on ${t.background} = ${t.ratio.toFixed(2)}`);
            for (const b of audit.buttons) if (b.ratio < 3) failures.push(`${path}: button "${b.text}" ${b.ratio.toFixed(2)}`);
            for (const b of await page.evaluate(siteButtons)) if (b.ratio < 3) failures.push(`${path}: site button "${b.text}" ${b.ratio.toFixed(2)}`);
            if (audit.scrollWidth > width) failures.push(`${path}: ${audit.scrollWidth} px wide in a ${width} px window`);
            const outside = requests.filter((u) => !u.startsWith(base));
            expect(outside, path).toEqual([]);
            expect(requests.length, path).toBeGreaterThanOrEqual(2);
            await page.close();
          }
        } finally {
          await ctx.close();
        }
        expect(failures).toEqual([]);
      });

  it('shows the dark logo and a dark band in dark mode on the index', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    const page = await ctx.newPage();
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    const { logo, band } = await page.evaluate(() => ({
      logo: (document.querySelector('.s-home img') as HTMLImageElement).currentSrc,
      band: getComputedStyle(document.querySelector('.s-band')!).backgroundColor,
    }));
    expect(logo).toMatch(/assets\/logo-dark\.png$/);
    const [r, g, b] = band.match(/\d+/g)!.map(Number) as [number, number, number];
    expect(r + g + b).toBeLessThan(150);
    // On an issue page the page around the card turns dark too (MJML writes its light colour inline).
    await page.goto(pathToFileURL(join(out, 'maintenance-mode/index.html')).href);
    const around = await page.evaluate(() => getComputedStyle(document.elementFromPoint(20, 400)!).backgroundColor);
    expect(
      around
        .match(/\d+/g)!
        .slice(0, 3)
        .map(Number)
        .reduce((x, y) => x + y),
    ).toBeLessThan(150);
    await ctx.close();
  });
});
