import { auditPage } from './helpers/audit.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumPath, decodePng, describeBrowser, launch, lumaVariance } from './helpers/browser.js';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

/**
 * The preview and the example emails in a real headless Chromium: one
 * `newsletter preview --screenshots` of the example workspace, one browser.
 */
describeBrowser('preview in Chromium', () => {
  let ws: string;
  let out: string;
  let browser: Browser;
  let slugs: string[];
  const contexts: BrowserContext[] = [];

  const url = (rel: string): string => pathToFileURL(join(out, rel)).href;
  async function open(rel: string, opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(url(rel), { waitUntil: 'load' });
    return page;
  }

  beforeAll(async () => {
    ws = makeWorkspace();
    out = join(ws, 'dist/preview');
    // Blink only: the other engines have tests of their own (engines-*.test.ts), and Gecko takes seconds a shot.
    const [r, b] = await Promise.all([
      runMain(['preview', '--screenshots', '--engines', 'blink'], { cwd: ws, env: { CHROMIUM_PATH: chromiumPath! } }),
      launch(),
    ]);
    browser = b;
    expect(r.code, r.stderr).toBe(0);
    slugs = readdirSync(join(out, 'email'))
      .filter((f) => f.endsWith('.html') && !f.endsWith('.dark.html') && !f.endsWith('.inverted.html'))
      .map((f) => f.replace(/\.html$/, ''));
    expect(slugs).toHaveLength(5);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    cleanupWorkspaces();
  });

  it('the index lists every issue, newest first, and each row opens that issue’s page', async () => {
    const page = await open('index.html');
    const rows = page.locator('.inbox .row a');
    expect(await rows.count()).toBe(5);
    const subjects = await page.locator('.inbox .subject').allTextContents();
    const dates = await page.locator('.inbox time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(await page.locator('.inbox .is-draft').count()).toBe(1);
    // Each row links to the page with its subject as the title (read from the file: a page loads four emails)...
    const hrefs = await rows.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    for (const [i, href] of hrefs.entries()) {
      expect(href).toMatch(/\/issues\/[^/]+\.html$/);
      expect(/<h1\b[^>]*>([^<]*)<\/h1>/.exec(readFileSync(fileURLToPath(href), 'utf8'))?.[1], href).toBe(escapeHtml(subjects[i]!));
    }
    // ...and a click on a row opens it.
    await rows.nth(2).click();
    await page.waitForLoadState('load');
    expect(page.url()).toBe(hrefs[2]);
    expect(await page.locator('h1').textContent()).toBe(subjects[2]);
  });

  it('an issue page shows the email, with its images, in a desktop and a phone frame, and in dark mode', async () => {
    const page = await open('issues/2026-10-28-code-review-is-a-conversation.html');
    const frames = page.locator('.frames iframe.light');
    expect(await frames.count()).toBe(2);
    const [desktopWidth, phoneWidth] = await frames.evaluateAll((els) => els.map((e) => (e as HTMLIFrameElement).clientWidth));
    expect(desktopWidth).toBeGreaterThanOrEqual(600);
    expect(phoneWidth).toBe(375);
    const box = await page.locator('.frame.desktop').boundingBox();
    const phoneBox = await page.locator('.frame.phone').boundingBox();
    expect(phoneBox!.x).toBeGreaterThan(box!.x + box!.width - 1); // side by side

    for (const which of ['.frame.desktop iframe.light', '.frame.phone iframe.light']) {
      const email = page.frameLocator(which);
      await email.locator('h1').filter({ hasText: 'Code Review Is a Conversation' }).first().waitFor({ timeout: 0 });
      expect(await email.locator('h1').first().textContent()).toContain('Code Review Is a Conversation');
      const images = await email.locator('img').evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).src, (i as HTMLImageElement).naturalWidth]));
      expect(images.length).toBeGreaterThan(0);
      for (const [src, width] of images) expect(width, `${src} did not load`).toBeGreaterThan(0);
    }
    expect(await page.locator('pre.text').textContent()).toContain('01:19  Why Priya stopped');
    expect(await page.locator('table.headers').textContent()).toContain('List-Unsubscribe');

    await page.locator('label[for="scheme-dark"]').click();
    expect(await page.locator('.frames iframe.light').first().isVisible()).toBe(false);
    const dark = page.frameLocator('.frame.phone iframe.dark');
    await dark.locator('h1').filter({ hasText: 'Code Review Is a Conversation' }).first().waitFor({ timeout: 0 });
    expect(await dark.locator('h1').first().textContent()).toContain('Code Review Is a Conversation');
    const colours = await dark
      .locator('h1')
      .first()
      .evaluate((h) => [getComputedStyle(h).color, getComputedStyle(document.body).backgroundColor]);
    expect(luminance(colours[0]!)).toBeGreaterThan(0.6); // light text
    expect(luminance(colours[1]!)).toBeLessThan(0.05); // on a dark page

    // The Gmail apps' inversion: the light email, inverted by a filter, its images inverted back.
    await page.locator('label[for="scheme-inverted"]').click();
    const inverted = page.frameLocator('.frame.phone iframe.inverted');
    await expect.poll(() => inverted.locator('h1').first().textContent()).toContain('Code Review Is a Conversation');
    const filters = await inverted.locator('html').evaluate((h) => [getComputedStyle(h).filter, getComputedStyle(h.querySelector('img')!).filter]);
    expect(filters).toEqual(['invert(1) hue-rotate(180deg)', 'invert(1) hue-rotate(180deg)']);
  });

  it('an issue page shows each engine’s screenshot of the chosen view', async () => {
    const page = await open('issues/2026-10-28-code-review-is-a-conversation.html');
    const visible = async (): Promise<[string, number][]> =>
      page
        .locator('.engines img')
        .evaluateAll((imgs) =>
          imgs.filter((i) => (i as HTMLElement).offsetParent !== null).map((i) => [(i as HTMLImageElement).src, (i as HTMLImageElement).naturalWidth]),
        );
    await page.locator('#screenshots').scrollIntoViewIfNeeded();
    await expect.poll(async () => (await visible())[0]?.[1]).toBe(375);
    expect((await visible()).map(([src]) => src.replace(/^.*\/shots\//, ''))).toEqual(['2026-10-28-code-review-is-a-conversation/blink-light-375.png']);
    await page.locator('.engines label', { hasText: 'Desktop · dark mode' }).click();
    await expect.poll(async () => (await visible())[0]?.[1]).toBe(600);
    expect((await visible())[0]![0]).toMatch(/blink-dark-600\.png$/);
  });

  it('each example email: no horizontal scroll at 320 or 375 px, alt text on every image, a lang on <html>', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    for (const slug of slugs) {
      await page.goto(url(`email/${slug}.html`), { waitUntil: 'load' });
      for (const width of [320, 375]) {
        await page.setViewportSize({ width, height: 800 });
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll, `${slug} at ${width} px`).toBeLessThanOrEqual(width);
      }
      expect(await page.evaluate(() => document.documentElement.lang), slug).toBe('en');
      const images = await page.locator('img').evaluateAll((imgs) => imgs.map((i) => [i.getAttribute('src'), i.getAttribute('alt')]));
      expect(images.length, slug).toBeGreaterThan(0);
      for (const [src, alt] of images) expect(alt?.trim(), `${slug}: ${src}`).toBeTruthy();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`every visible text of each example email has a contrast of at least 4.5:1 (${scheme} mode)`, async () => {
      const context = await browser.newContext({ viewport: { width: 600, height: 900 }, colorScheme: scheme });
      contexts.push(context);
      const page = await context.newPage();
      const failures: string[] = [];
      for (const slug of slugs) {
        await page.goto(url(`email/${slug}.html`), { waitUntil: 'load' });
        const { texts } = await page.evaluate(auditPage);
        expect(texts.length, slug).toBeGreaterThan(20);
        for (const t of texts) if (t.ratio < 4.5) failures.push(`${slug}: <${t.element}> "${t.text}" ${t.color} on ${t.background} = ${t.ratio.toFixed(2)}:1`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('the contrast check itself finds low contrast, through translucent and inherited backgrounds', async () => {
    const context = await browser.newContext({ viewport: { width: 600, height: 400 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.setContent(
      '<body style="background:#222"><p style="color:#777">grey on dark</p><div style="background:rgba(255,255,255,0.5)"><span style="color:#fff">white on half white</span></div>' +
        '<p style="color:#000;background:#fff">fine</p><p style="display:none;color:#fff">hidden</p></body>',
    );
    const { texts } = await page.evaluate(auditPage);
    expect(texts.map((t) => [t.text, t.ratio >= 4.5])).toEqual([
      ['grey on dark', false],
      ['white on half white', false],
      ['fine', true],
    ]);
    expect(texts[1]!.background).toBe('rgb(145,145,145)');
  });

  it('screenshots are full-page PNGs, 600 and 375 px wide, and not blank', () => {
    for (const slug of slugs) {
      for (const [kind, width] of [
        ['light-600', 600],
        ['light-375', 375],
        ['dark-600', 600],
        ['dark-375', 375],
        ['inverted-375', 375],
      ] as const) {
        const png = decodePng(readFileSync(join(out, `shots/${slug}/blink-${kind}.png`)));
        expect(png.width, `${slug}-${kind}`).toBe(width);
        expect(png.height, `${slug}-${kind}: the whole email, not one screen`).toBeGreaterThan(1500);
        expect(lumaVariance(png), `${slug}-${kind}`).toBeGreaterThan(500);
        // Not one colour with a few specks: no luminance value covers 90% of the pixels.
        const counts = new Uint32Array(256);
        for (const v of png.luma) counts[v]!++;
        expect(Math.max(...counts) / png.luma.length, `${slug}-${kind}`).toBeLessThan(0.9);
      }
    }
  });
});

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number) as [number, number, number];
  const f = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
