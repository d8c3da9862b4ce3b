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

/** Starts headless Chromium through playwright-core, loaded only now: it is large and only screenshots need it. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}
