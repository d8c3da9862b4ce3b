import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlMapping } from '../src/parse/frontmatter.js';
import type { Config } from '../src/parse/types.js';
import { validateConfig } from '../src/parse/validateConfig.js';
import { isNewsletterError } from '../src/problems/errors.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { openSession, type Session } from './helpers/pipeline.js';
import { planOne } from './helpers/pipeline.js';
import { simulateOutlookDark } from './helpers/audit.js';
import { describeBrowser, launch } from './helpers/browser.js';
import { ROOT } from './helpers/workspace.js';

/** theme.logo_dark: read from the config, and swapped in by dark mode (and only by dark mode). */
function config(theme: string): { config?: Config; error?: string } {
  const yaml = `name: X\ntheme:\n${theme}`;
  const { data, lines } = parseYamlMapping(yaml, 'newsletter.config.yaml', 0, 'config');
  try {
    return { config: validateConfig(data, lines, 'newsletter.config.yaml', ROOT).config };
  } catch (e) {
    if (!isNewsletterError(e)) throw e;
    return { error: [e, ...(e.more ?? [])].map((x) => `${x.line ?? ''} ${x.message}`).join('\n') };
  }
}

describe('theme.logo_dark in the config', () => {
  it('is a path or URL, or a mapping with src, and defaults to none', () => {
    expect(config('  logo: assets/logo.png\n  logo_dark: assets/logo-dark.png\n').config!.theme.logo_dark).toBe('assets/logo-dark.png');
    expect(config('  logo: assets/logo.png\n  logo_dark: { src: "https://example.com/l.png" }\n').config!.theme.logo_dark).toBe('https://example.com/l.png');
    expect(config('  logo: assets/logo.png\n').config!.theme.logo_dark).toBeNull();
  });

  it('is refused without a light logo, or with an unsafe address, with its line', () => {
    expect(config('  logo_dark: assets/logo-dark.png\n').error).toMatch(/^3 .*logo_dark.*no theme\.logo/);
    expect(config('  logo: assets/logo.png\n  logo_dark: "javascript:alert(1)"\n').error).toMatch(/^4 /);
  });
});

describeBrowser('the dark logo in Chromium', () => {
  let session: Session;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    session = openSession({ cwd: ROOT });
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 600, height: 600 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function load(theme: Partial<Config['theme']>): Promise<void> {
    const path = join(ROOT, 'issues/2026-10-14-name-it-twice.md');
    const { issue, archive } = planOne(session, path);
    const cfg = { ...session.config, theme: { ...session.config.theme, ...theme } };
    const { html } = await renderIssue(issue, cfg, session.templates, archive);
    const inlined = html.replace(
      /src="(assets\/[^"]+)"/g,
      (_, src: string) => `src="data:image/png;base64,${readFileSync(join(ROOT, src)).toString('base64')}#${src}"`,
    );
    await page.setContent(inlined, { waitUntil: 'load' });
  }

  /** The header's images that take up room, by file name, and the colour behind them. */
  const shown = (): Promise<{ images: string[]; plate: string; band: string }> =>
    page.evaluate(() => {
      const header = document.querySelector('.nl-header')!;
      const images = [...header.querySelectorAll('img')].filter((i) => i.getBoundingClientRect().height > 0).map((i) => i.src.split('#')[1]!);
      const plate = header.querySelector('.nl-plate, .nl-plate-swap')!;
      return { images, plate: getComputedStyle(plate).backgroundColor, band: getComputedStyle(header).backgroundColor };
    });

  it('light mode shows the logo on its band; dark mode and Outlook.com’s forced dark the dark logo on a dark band', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await load({});
    expect(await shown()).toEqual({ images: ['assets/logo.png'], plate: 'rgb(29, 92, 99)', band: 'rgb(29, 92, 99)' });

    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await shown();
    expect(dark.images).toEqual(['assets/logo-dark.png']);
    expect(dark.plate).toBe('rgba(0, 0, 0, 0)');
    expect(dark.band).not.toBe('rgb(29, 92, 99)');

    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(simulateOutlookDark);
    expect((await shown()).images).toEqual(['assets/logo-dark.png']);
  });

  it('without a dark logo, dark mode keeps the logo on a plate of the band colour it was drawn for', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await load({ logo_dark: null });
    const dark = await shown();
    expect(dark.images).toEqual(['assets/logo.png']);
    expect(dark.plate).toBe('rgb(29, 92, 99)');
    expect(dark.band).not.toBe(dark.plate);
  });
});
