import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ArchiveEntry, Config, Issue } from '../src/parse/types.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { openSession, type Session } from './helpers/pipeline.js';
import { planOne } from './helpers/pipeline.js';
import { auditPage, simulateOutlookDark, type Audit } from './helpers/audit.js';
import { describeBrowser, launch } from './helpers/browser.js';
import { ROOT } from './helpers/workspace.js';

/**
 * The default theme with any brand colour, measured in Chromium: the
 * richest example issue (pull quotes, listen pills, chapters, resources,
 * sponsor, promos, read-more, footer) rendered in-process for 24+ brand
 * colours, with and without a logo and a web URL, then read in light mode,
 * in prefers-color-scheme: dark, and under (a hostile imitation of)
 * Outlook.com's forced dark mode. Every visible text must reach 4.5:1
 * against the background it really sits on, every button 3:1 against its
 * surroundings, and the page must not scroll sideways at 320 px.
 */
const BRANDS = [
  ['white', '#ffffff'],
  ['near white', '#fafafa'],
  ['black', '#000000'],
  ['light grey', '#cccccc'],
  ['mid grey', '#808080'],
  ['dark grey', '#333333'],
  ['red', '#ff0000'],
  ['green', '#00ff00'],
  ['blue', '#0000ff'],
  ['cyan', '#00ffff'],
  ['magenta', '#ff00ff'],
  ['yellow', '#ffff00'],
  ['amber', '#ffc107'],
  ['mustard', '#e1ad01'],
  ['pastel pink', '#ffd1dc'],
  ['pastel blue', '#aec6cf'],
  ['pastel mint', '#b5ead7'],
  ['lavender', '#e6e6fa'],
  ['neon green', '#39ff14'],
  ['lime', '#c6ff00'],
  ['neon pink', '#ff2d95'],
  ['navy', '#1f4e79'],
  ['purple', '#6a1b9a'],
  ['teal (the example)', '#1d5c63'],
  ['orange', '#ff7f00'],
  ['brown', '#795548'],
] as const;

/** Authors pick text and page colours too: the palette must hold for odd ones. */
const ODD_THEMES: [string, Partial<Config['theme']>][] = [
  ['light text on a black page', { text_color: '#dddddd', background: '#000000' }],
  ['red text on a brand-coloured page', { text_color: '#ff0000', background: '#1f4e79' }],
  ['yellow brand on a yellow page', { brand_color: '#ffff00', background: '#ffff00' }],
  ['white everything', { brand_color: '#ffffff', text_color: '#ffffff', background: '#ffffff' }],
  ['mid-grey page', { background: '#777777', text_color: '#777777' }],
];

type Logo = 'none' | 'logo' | 'logo and dark logo';

const MODES = ['light', 'dark', 'outlook.com forced dark'] as const;

describeBrowser('the default theme with any brand colour', () => {
  let session: Session;
  let issue: Issue;
  let archive: ArchiveEntry[];
  let browser: Browser;
  let page: Page;
  const images = new Map<string, string>();

  beforeAll(async () => {
    session = openSession({ cwd: ROOT });
    const path = join(ROOT, 'issues/2026-10-28-code-review-is-a-conversation.md');
    ({ issue, archive } = planOne(session, path));
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The email with local images inlined, so a page loaded from a string shows them. */
  async function renderFor(theme: Partial<Config['theme']>, opts: { logo: Logo; url: boolean }): Promise<string> {
    const base = session.config;
    expect(base.theme.logo_dark).not.toBeNull();
    const config: Config = {
      ...base,
      url: opts.url ? base.url : null,
      theme: {
        ...base.theme,
        logo: opts.logo === 'none' ? null : base.theme.logo,
        logo_dark: opts.logo === 'logo and dark logo' ? base.theme.logo_dark : null,
        ...theme,
      },
    };
    const { html } = await renderIssue(issue, config, session.templates, archive);
    return html.replace(/src="(assets\/[^"]+)"/g, (_, src: string) => {
      if (!images.has(src)) images.set(src, `data:image/png;base64,${readFileSync(join(ROOT, src)).toString('base64')}`);
      return `src="${images.get(src)}"`;
    });
  }

  /** Loads the email once and reads it in the three modes; returns every failure as a line. */
  async function check(label: string, html: string): Promise<string[]> {
    const failures: string[] = [];
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 320, height: 800 });
    await page.setContent(html, { waitUntil: 'load' });
    const narrow = await page.evaluate(auditPage);
    if (narrow.scrollWidth > 320) failures.push(`${label}: scrolls sideways at 320 px (${narrow.scrollWidth} px wide)`);
    await page.setViewportSize({ width: 375, height: 800 });
    for (const mode of MODES) {
      if (mode === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
      if (mode === 'outlook.com forced dark') {
        await page.emulateMedia({ colorScheme: 'light' });
        expect(await page.evaluate(simulateOutlookDark)).toBeGreaterThan(20);
      }
      const audit: Audit = await page.evaluate(auditPage);
      expect(audit.texts.length, label).toBeGreaterThan(40);
      expect(audit.buttons.length, label).toBeGreaterThanOrEqual(5); // 3 pills, a filled and an outline button
      for (const t of audit.texts) {
        if (t.ratio < 4.5) failures.push(`${label}, ${mode}: <${t.element}> "${t.text}" ${t.color} on ${t.background} = ${t.ratio.toFixed(2)}:1`);
      }
      for (const b of audit.buttons) {
        if (b.ratio < 3) failures.push(`${label}, ${mode}: button "${b.text}" ${b.fill} on ${b.around} = ${b.ratio.toFixed(2)}:1`);
      }
      if (mode !== 'light') {
        // A dark band whatever the brand (no glare from a white or yellow one), and filled buttons lighter than the card.
        const { band, card, button } = await page.evaluate(() => {
          const bg = (sel: string): string => getComputedStyle(document.querySelector(sel)!).backgroundColor;
          return { band: bg('.nl-header'), card: bg('.nl-card'), button: bg('.nl-button a') };
        });
        if (luminance(band) > 0.12) failures.push(`${label}, ${mode}: the header band ${band} is not dark`);
        if (luminance(button) <= luminance(card)) failures.push(`${label}, ${mode}: the button ${button} is darker than the card ${card}`);
      }
    }
    return failures;
  }

  // Each brand is read with and without a logo and with and without a web URL; the pairing rotates so all combinations occur.
  it.each(BRANDS.map(([name, brand], i) => [name, brand, i % 2 === 0] as const))(
    '%s (%s): text 4.5:1, buttons 3:1, in light, dark and forced dark, with and without logo and web URL',
    async (name, brand, even) => {
      const failures: string[] = [];
      const variants: [Logo, boolean][] = even
        ? [
            ['logo and dark logo', true],
            ['none', false],
          ]
        : [
            ['logo', false],
            ['none', true],
          ];
      for (const [logo, url] of variants) {
        const label = `${name} ${brand}, ${logo === 'none' ? 'no logo' : logo}${url ? ', web URL' : ''}`;
        failures.push(...(await check(label, await renderFor({ brand_color: brand }, { logo, url }))));
      }
      expect(failures).toEqual([]);
    },
  );

  it.each(ODD_THEMES)('%s', async (name, theme) => {
    const failures = [
      ...(await check(name, await renderFor(theme, { logo: 'none', url: true }))),
      ...(await check(`${name}, logo`, await renderFor(theme, { logo: 'logo', url: false }))),
    ];
    expect(failures).toEqual([]);
  });

  it("the forced-dark imitation is hostile: without the theme's [data-ogsc]/[data-ogsb] rules the email fails", async () => {
    const html = await renderFor({}, { logo: 'logo', url: true });
    const stripped = html.replace(/(<style[^>]*>)\s*\/\* Outlook\.com[^]*?(a\[x-apple)/, '$1$2');
    expect(stripped.length).toBeLessThan(html.length - 1000);
    const failures = await check('without forced-dark rules', stripped);
    expect(failures.filter((f) => f.includes('forced dark')).length).toBeGreaterThan(20);
    expect(failures.filter((f) => !f.includes('forced dark'))).toEqual([]);
  });

  it('the audit finds what it looks for: low contrast, a button lost on its background, a page too wide', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 320, height: 600 });
    await page.setContent(
      '<body style="margin:0;background:#fff"><p style="color:#999">faint</p><p style="color:#000">fine</p>' +
        '<table><tr><td class="nl-button" style="background:#fff"><a href="#" style="background:#eee;color:#000">ghost</a></td></tr></table>' +
        '<div style="width:400px">wide</div></body>',
    );
    const audit = await page.evaluate(auditPage);
    expect(audit.texts.map((t) => [t.text, t.ratio >= 4.5])).toEqual([
      ['faint', false],
      ['fine', true],
      ['ghost', true],
      ['wide', true],
    ]);
    expect(audit.buttons).toHaveLength(1);
    expect(audit.buttons[0]!.ratio).toBeLessThan(3);
    expect(audit.scrollWidth).toBeGreaterThan(320);
    await page.setViewportSize({ width: 375, height: 800 });
  });
});

function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number) as [number, number, number];
  const f = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
