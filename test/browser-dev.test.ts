import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, skipBrowser } from './helpers/browser.js';
import { startDev, type DevProcess } from './helpers/dev.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

const ISSUE = 'issues/2026-10-21-maintenance-is-the-product.md';

/** `newsletter dev` with a real browser: the open page reloads by itself. */
describe.skipIf(skipBrowser)('newsletter dev in Chromium', () => {
  let browser: Browser;
  let server: DevProcess;
  let ws: string;

  beforeAll(async () => {
    ws = makeWorkspace();
    [browser, server] = await Promise.all([launch(), startDev(ws, [ISSUE])]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await browser?.close();
    cleanupWorkspaces();
  });

  it('reloads the open page after the issue is saved, shows a broken save’s error, and recovers', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.start, { waitUntil: 'load' });
    expect(await page.locator('h1').textContent()).toBe('Solo episode: maintenance is the product');
    const email = page.frameLocator('.frame.desktop iframe.light');
    await expect.poll(() => email.locator('h1').first().textContent()).toBe('Maintenance Is the Product');
    // The page is connected for reloads before the file changes.
    await page.waitForFunction(() => document.documentElement.dataset.live === 'connected');

    const file = join(ws, ISSUE);
    const good = readFileSync(file, 'utf8');
    const started = Date.now();
    writeFileSync(
      file,
      good
        .replace('subject: "Solo episode: maintenance is the product"', 'subject: "Solo episode: maintenance, again"')
        .replace('title: Maintenance Is the Product', 'title: Maintenance Is Still the Product'),
    );
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Solo episode: maintenance, again', null, { timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => email.locator('h1').first().textContent()).toBe('Maintenance Is Still the Product');

    writeFileSync(file, good.replace(/^date: .*$/m, 'date: 2026-13-45'));
    await page.waitForSelector('.problems li.error', { timeout: 5_000 });
    expect(await page.locator('.problems li.error').first().textContent()).toMatch(/date/);
    expect(await page.locator('.problems').textContent()).toContain(`${ISSUE}:`);
    expect(await page.locator('iframe').count()).toBe(0);

    writeFileSync(file, good);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Solo episode: maintenance is the product', null, { timeout: 5_000 });
    expect(await page.locator('.problems li.error').count()).toBe(0);
    await expect.poll(() => email.locator('h1').first().textContent()).toBe('Maintenance Is the Product');
    await context.close();
  });
});
