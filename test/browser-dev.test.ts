import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launch } from './helpers/browser.js';
import { startDev, type DevServer } from './helpers/dev.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

const ISSUE = 'issues/2026-10-21-maintenance-is-the-product.md';

/** `newsletter dev` with a real browser: the open page reloads by itself. */
describeBrowser('newsletter dev in Chromium', () => {
  let browser: Browser;
  let server: DevServer;
  let ws: string;

  beforeAll(async () => {
    ws = makeWorkspace();
    [browser, server] = await Promise.all([launch(), startDev(ws, [ISSUE])]);
  });

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
    await email.locator('h1').filter({ hasText: 'Maintenance Is the Product' }).first().waitFor({ timeout: 0 });
    expect(await email.locator('h1').first().textContent()).toBe('Maintenance Is the Product');
    // The page is connected for reloads before the file changes.
    await page.waitForFunction(() => document.documentElement.dataset.live === 'connected', null, { timeout: 0 });

    const file = join(ws, ISSUE);
    const good = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      good
        .replace('subject: "Solo episode: maintenance is the product"', 'subject: "Solo episode: maintenance, again"')
        .replace('title: Maintenance Is the Product', 'title: Maintenance Is Still the Product'),
    );
    // No time limit of Playwright's own (timeout 0): the reload is an event; vitest's timeout catches a hang.
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Solo episode: maintenance, again', null, { timeout: 0 });
    await email.locator('h1').filter({ hasText: 'Maintenance Is Still the Product' }).first().waitFor({ timeout: 0 });
    expect(await email.locator('h1').first().textContent()).toBe('Maintenance Is Still the Product');

    writeFileSync(file, good.replace(/^date: .*$/m, 'date: 2026-13-45'));
    await page.waitForSelector('.problems li.error', { timeout: 0 });
    expect(await page.locator('.problems li.error').first().textContent()).toMatch(/date/);
    expect(await page.locator('.problems').textContent()).toContain(`${ISSUE}:`);
    expect(await page.locator('iframe').count()).toBe(0);

    writeFileSync(file, good);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Solo episode: maintenance is the product', null, { timeout: 0 });
    expect(await page.locator('.problems li.error').count()).toBe(0);
    await email.locator('h1').filter({ hasText: 'Maintenance Is the Product' }).first().waitFor({ timeout: 0 });
    expect(await email.locator('h1').first().textContent()).toBe('Maintenance Is the Product');
    await context.close();
  });
});
