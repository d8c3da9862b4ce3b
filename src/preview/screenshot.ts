import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { writeFileAtomic } from '../workspace/files.js';
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
  { kind: 'desktop', width: DESKTOP_WIDTH },
  { kind: 'mobile', width: MOBILE_WIDTH },
] as const;

/** Taller pages are cut here: a screenshot is for looking at, and Chromium refuses huge surfaces. */
const MAX_HEIGHT = 16_000;

interface Tab {
  page: Page;
  cdp: CDPSession;
  width: number;
  kind: 'desktop' | 'mobile';
}

/**
 * Full-page screenshots of each email at 600 px and at 375 px, `concurrency`
 * emails at a time, each width in a page of its own. The page is captured
 * through CDP beyond its viewport (the full height, clipped to it) with fast
 * PNG compression: about twice as fast as Playwright's fullPage, and the
 * viewport never changes size, so no capture can show a stale frame. A page
 * that does not finish loading (a remote image that never answers) is shot
 * as it is after the timeout. Returns the jobs that failed, with why.
 */
export async function takeScreenshots(
  browser: Browser,
  jobs: ShotJob[],
  opts: { concurrency: number; timeoutMs?: number; onDone?: (job: ShotJob) => void },
): Promise<{ job: ShotJob; error: string }[]> {
  const contexts: BrowserContext[] = [];
  for (const v of VIEWS) contexts.push(await browser.newContext({ viewport: { width: v.width, height: 900 }, deviceScaleFactor: 1 }));
  const failures: { job: ShotJob; error: string }[] = [];
  const queue = [...jobs];
  const lane = async (): Promise<void> => {
    const tabs: Tab[] = [];
    for (const [i, v] of VIEWS.entries()) {
      const page = await contexts[i]!.newPage();
      tabs.push({ page, cdp: await contexts[i]!.newCDPSession(page), width: v.width, kind: v.kind });
    }
    for (let job = queue.shift(); job; job = queue.shift()) {
      try {
        for (const tab of tabs) {
          await tab.page.goto(pathToFileURL(job.html).href, { waitUntil: 'load', timeout: opts.timeoutMs ?? 15_000 }).catch(() => {});
          const height = Math.min(Math.max(await pageHeight(tab.page), 1), MAX_HEIGHT);
          const clip = { x: 0, y: 0, width: tab.width, height, scale: 1 };
          const shot = (await tab.cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true, captureBeyondViewport: true, clip })) as {
            data: string;
          };
          writeFileAtomic(tab.kind === 'desktop' ? job.desktop : job.mobile, Buffer.from(shot.data, 'base64'));
        }
        opts.onDone?.(job);
      } catch (e) {
        failures.push({ job, error: (e as Error).message.split('\n')[0] ?? String(e) });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, jobs.length)) }, lane));
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  }
  return failures;
}

function pageHeight(page: Page): Promise<number> {
  return page.evaluate(() => Math.ceil(Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0)));
}
