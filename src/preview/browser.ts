import { accessSync, constants, statSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a machine that may have no network:
 * without the background-service switches it keeps retrying connections.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium to use ($CHROMIUM_PATH, else /usr/bin/chromium), or why there is none. */
export function findChromium(env: NodeJS.ProcessEnv): { path: string } | { path: null; reason: string } {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  const path = fromEnv || DEFAULT_CHROMIUM;
  try {
    if (!statSync(path).isFile()) return { path: null, reason: `${path} is not a file` };
    accessSync(path, constants.X_OK);
    return { path };
  } catch {
    return {
      path: null,
      reason: fromEnv
        ? `CHROMIUM_PATH=${fromEnv} does not exist or can't be run`
        : `no Chromium at ${DEFAULT_CHROMIUM} (install chromium, or set CHROMIUM_PATH)`,
    };
  }
}

/** The one line said when screenshots are due but playwright-core is not installed. */
export const PLAYWRIGHT_MISSING = 'playwright-core is not installed (screenshots need it): npm i -D playwright-core';

/** Starts headless Chromium through playwright-core, loaded only now: it is large and only screenshots need it. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    // An optional dependency of newsletter-cli: a plain `npm i` may have left it out, and only screenshots need it.
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new Error(`${PLAYWRIGHT_MISSING}`, { cause: e });
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}
