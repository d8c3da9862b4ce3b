import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { writeFileAtomic } from '../../workspace/files.js';
import { findChromium, launchChromium } from '../browser.js';
import { auditDocument, contentHeight, pageCall } from './auditScript.js';
import { fileStamp } from './locate.js';
import { EmailServer } from './server.js';
import type { AuditJob, AuditResult, Engine, EngineSession, JobFailure, Scheme, SessionOptions, ShotJob } from './types.js';

/** Taller pages are cut here: a screenshot is for looking at, and Chromium refuses huge surfaces. */
export const MAX_HEIGHT = 16_000;

/** Blink: Chromium, Google Chrome or Microsoft Edge, driven by playwright-core. */
export const blink: Engine = {
  id: 'blink',
  name: 'Blink',
  find(env, platform = process.platform) {
    const c = findChromium(env, platform);
    if (c.path === null) return { found: false, id: 'blink', name: 'Blink', reason: c.reason, fix: c.fix };
    return {
      found: true,
      id: 'blink',
      name: 'Blink',
      how: c.how,
      version: fileStamp(c.path),
      canAudit: true,
      open: async (opts) => openBlink(await launchChromium(c), opts),
    };
  },
};

interface Tab {
  page: Page;
  cdp: CDPSession;
}

/**
 * One browser for the batch, a tab per width and scheme. Each email is
 * loaded from the engines' local server (the same bytes every engine
 * gets) and captured through CDP beyond the viewport, its full height
 * clipped: about twice as fast as Playwright's fullPage, and the viewport
 * never changes size, so no capture can show a stale frame.
 */
export async function openBlink(browser: Browser, opts: SessionOptions = {}): Promise<EngineSession> {
  const server = await EmailServer.start();
  const contexts: BrowserContext[] = [];
  const tabs = new Map<string, Tab>();
  const timeout = opts.timeoutMs ?? 15_000;

  const tab = async (width: number, scheme: Scheme): Promise<Tab> => {
    const key = `${width} ${scheme}`;
    let t = tabs.get(key);
    if (!t) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, colorScheme: scheme === 'dark' ? 'dark' : 'light' });
      contexts.push(context);
      const page = await context.newPage();
      t = { page, cdp: await context.newCDPSession(page) };
      tabs.set(key, t);
    }
    return t;
  };
  const load = async (t: Tab, html: string, scheme: Scheme): Promise<void> => {
    // A page that does not finish loading (a remote image that never answers) is used as it is after the timeout.
    await t.page.goto(server.emailUrl(html, scheme === 'inverted' ? 'inverted' : 'none'), { waitUntil: 'load', timeout }).catch(() => {});
  };

  return {
    async shoot(jobs: ShotJob[]): Promise<JobFailure<ShotJob>[]> {
      const failures: JobFailure<ShotJob>[] = [];
      for (const job of jobs) {
        try {
          const t = await tab(job.width, job.scheme);
          await load(t, job.html, job.scheme);
          const height = Math.min(Math.max((await t.page.evaluate(pageCall(contentHeight))) as number, 1), MAX_HEIGHT);
          const clip = { x: 0, y: 0, width: job.width, height, scale: 1 };
          const shot = (await t.cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true, captureBeyondViewport: true, clip })) as {
            data: string;
          };
          writeFileAtomic(job.out, Buffer.from(shot.data, 'base64'));
          opts.onShot?.(job);
        } catch (e) {
          failures.push({ job, error: firstLine(e) });
        }
      }
      return failures;
    },
    async audit(jobs: AuditJob[]): Promise<AuditResult[]> {
      const results: AuditResult[] = [];
      for (const job of jobs) {
        try {
          const problems = [];
          for (const width of job.widths) {
            const t = await tab(width, job.scheme);
            await load(t, job.html, job.scheme);
            problems.push(...((await t.page.evaluate(pageCall(auditDocument, width, job.scheme === 'inverted'))) as AuditResult['problems']));
          }
          results.push({ job, problems });
        } catch (e) {
          results.push({ job, problems: [], error: firstLine(e) });
        }
      }
      return results;
    },
    async close(): Promise<void> {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

export function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0]!;
}
