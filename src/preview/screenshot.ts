import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { writeFileAtomic } from '../util/files.js';
import { DESKTOP_WIDTH, MOBILE_WIDTH } from './paths.js';

export interface ShotJob {
  /** The email file to load. */
  html: string;
  desktop: string;
  mobile: string;
  /** Shown in errors and progress. */
  label: string;
}

const VIEWS = [
  { kind: 'desktop', width: DESKTOP_WIDTH, height: 900 },
  { kind: 'mobile', width: MOBILE_WIDTH, height: 740 },
] as const;

/** Taller pages are cut here: a screenshot is for looking at, and Chromium refuses huge surfaces. */
const MAX_HEIGHT = 16_000;

/**
 * Full-page screenshots of each email at 600 px and at 375 px, `concurrency`
 * pages at a time. Each email loads once: shot at 600 px, then the viewport
 * narrows to 375 px (the media queries apply as on a phone) and it is shot
 * again. A page that does not finish loading (a remote image that never
 * answers) is shot as it is after the timeout. Returns the jobs that failed.
 */
export async function takeScreenshots(
  browser: Browser,
  jobs: ShotJob[],
  opts: { concurrency: number; timeoutMs?: number; onDone?: (job: ShotJob) => void },
): Promise<{ job: ShotJob; error: string }[]> {
  const context = await browser.newContext({ viewport: { width: DESKTOP_WIDTH, height: 900 }, deviceScaleFactor: 1 });
  const failures: { job: ShotJob; error: string }[] = [];
  const queue = [...jobs];
  const lane = async (): Promise<void> => {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        try {
          await page.setViewportSize({ width: VIEWS[0].width, height: VIEWS[0].height });
          await page.goto(pathToFileURL(job.html).href, { waitUntil: 'load', timeout: opts.timeoutMs ?? 15_000 }).catch(() => {});
          for (const v of VIEWS) {
            await page.setViewportSize({ width: v.width, height: v.height });
            await page.setViewportSize({ width: v.width, height: Math.min(Math.max(await pageHeight(page), v.height), MAX_HEIGHT) });
            // The viewport grown to the page, shot through CDP with fast PNG compression: about three times as fast as fullPage.
            const shot = (await cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true })) as { data: string };
            writeFileAtomic(v.kind === 'desktop' ? job.desktop : job.mobile, Buffer.from(shot.data, 'base64'));
          }
          opts.onDone?.(job);
        } catch (e) {
          failures.push({ job, error: (e as Error).message.split('\n')[0] ?? String(e) });
        }
      }
    } finally {
      await cdp.detach().catch(() => {});
      await page.close().catch(() => {});
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, jobs.length)) }, lane));
  } finally {
    await context.close().catch(() => {});
  }
  return failures;
}

function pageHeight(page: Page): Promise<number> {
  return page.evaluate(() => Math.ceil(Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0)));
}
