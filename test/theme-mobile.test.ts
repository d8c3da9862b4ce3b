import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSession, renderFile } from './helpers/pipeline.js';
import { issuePaths } from './helpers/pipeline.js';
import { auditPage, type Audit } from './helpers/audit.js';
import { describeBrowser, launch } from './helpers/browser.js';
import { ROOT } from './helpers/workspace.js';

/**
 * The example issues on a 375 px phone, measured in Chromium: tap targets
 * (Apple's 44 pt), type sizes, and the narrower gutters and smaller
 * headings the theme switches to under 480 px.
 */
describeBrowser('the default theme on a phone', () => {
  let browser: Browser;
  let page: Page;
  const emails: { slug: string; html: string }[] = [];

  beforeAll(async () => {
    const session = openSession({ cwd: ROOT });
    for (const f of issuePaths(session)) {
      const { rendered } = await renderFile(session, f);
      const html = rendered.html.replace(
        /src="(assets\/[^"]+)"/g,
        (_, src: string) => `src="data:image/png;base64,${readFileSync(join(ROOT, src)).toString('base64')}"`,
      );
      emails.push({ slug: rendered.slug, html });
    }
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 375, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function audit(html: string, width: number): Promise<Audit> {
    await page.setViewportSize({ width, height: 800 });
    await page.setContent(html, { waitUntil: 'load' });
    return page.evaluate(auditPage);
  }

  it('every link outside running text is a tap target of at least 44 × 44 px, and none overlap', async () => {
    const failures: string[] = [];
    for (const { slug, html } of emails) {
      const { taps } = await audit(html, 375);
      // Pills, buttons, masthead, read-more titles, resources, footer and "view in your browser".
      expect(taps.length, slug).toBeGreaterThan(10);
      for (const t of taps) {
        if (t.height < 44 || t.width < 44) failures.push(`${slug}: "${t.text}" is ${t.width.toFixed(0)} × ${t.height.toFixed(0)} px`);
      }
      for (const [i, a] of taps.entries()) {
        for (const b of taps.slice(i + 1)) {
          const overlap =
            Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
          if (overlap) failures.push(`${slug}: "${a.text}" and "${b.text}" overlap`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('no text under 14 px, and the letter itself at 16 px or more', async () => {
    const failures: string[] = [];
    for (const { slug, html } of emails) {
      const { texts } = await audit(html, 375);
      const prose = texts.filter((t) => t.prose);
      expect(prose.length, slug).toBeGreaterThan(5);
      for (const t of texts) if (t.fontSize < 14) failures.push(`${slug}: <${t.element}> "${t.text}" at ${t.fontSize} px`);
      for (const t of prose) if (t.fontSize < 16) failures.push(`${slug}: letter text <${t.element}> "${t.text}" at ${t.fontSize} px`);
    }
    expect(failures).toEqual([]);
  });

  it('under 480 px the gutters narrow and the headings shrink; at 600 px they are back', async () => {
    const { html } = emails.find((e) => e.slug.includes('code-review'))!;
    const measure = async (width: number): Promise<{ gutter: number; h1: number; h2: number; body: number }> => {
      await audit(html, width);
      return page.evaluate(() => {
        const px = (sel: string, prop: 'paddingLeft' | 'fontSize'): number => parseFloat(getComputedStyle(document.querySelector(sel)!)[prop]);
        return { gutter: px('td.nl-prose', 'paddingLeft'), h1: px('h1', 'fontSize'), h2: px('h2', 'fontSize'), body: px('.nl-prose p', 'fontSize') };
      });
    };
    const phone = await measure(375);
    const desktop = await measure(600);
    expect(desktop).toEqual({ gutter: 32, h1: 30, h2: 20, body: 17 });
    expect(phone.gutter).toBe(20);
    expect(phone.h1).toBeLessThan(desktop.h1);
    expect(phone.h2).toBeLessThan(desktop.h2);
    expect(phone.body).toBe(16);
  });

  for (const width of [320, 375]) {
    it(`no example email scrolls sideways at ${width} px`, async () => {
      for (const { slug, html } of emails) expect((await audit(html, width)).scrollWidth, slug).toBeLessThanOrEqual(width);
    });
  }
});
