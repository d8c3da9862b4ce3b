import { beforeAll, describe, expect, it } from 'vitest';
import { contrast, darkPalette, fill, lightPalette, MIN_CONTRAST, MIN_UI_CONTRAST, readable } from '../src/render/palette.js';
import { BLOCKS } from '../src/render/templates.js';
import { PREHEADER_PAD_HTML } from '../src/render/viewModel.js';
import { openSession, renderFile, type IssueResult } from './helpers/pipeline.js';
import { issuePaths } from './helpers/pipeline.js';
import { ROOT } from './helpers/workspace.js';

/**
 * What the default theme writes for the clients that don't run a browser
 * engine's CSS: Outlook for Windows (Word), Apple Mail's data detectors,
 * inbox previews, screen readers, and readers with styles off. Static
 * checks on the example issues' HTML and text, and the palette's own
 * guarantees for any colour an author may pick.
 */
const results: IssueResult[] = [];

beforeAll(async () => {
  const session = openSession({ cwd: ROOT });
  for (const f of issuePaths(session)) results.push(await renderFile(session, f));
});

/** The HTML as a client without styles shows it: no <head>, no Outlook-only markup, tags gone. */
function withoutStyles(html: string): string {
  return html
    .replace(/<head>[^]*?<\/head>/, '')
    .replace(/<!--\[if mso[^]*?<!\[endif\]-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('Outlook for Windows and readers with styles off', () => {
  it('every table is marked role="presentation", Outlook-only ones included', () => {
    for (const { rendered } of results) {
      const tables = rendered.html.match(/<table\b[^>]*>/g) ?? [];
      expect(tables.length).toBeGreaterThan(30);
      expect(tables.filter((t) => !/\brole="presentation"/.test(t))).toEqual([]);
    }
  });

  it('listen links: one filled cell per pill for Outlook, and a separator between labels with styles off', () => {
    const { rendered } = results.find((r) => r.rendered.slug.includes('code-review'))!;
    const block = rendered.html.slice(rendered.html.indexOf('Listen to the full episode'), rendered.html.indexOf('Ask good questions'));
    const pills = block.match(/<a\b[^>]*class="nl-pill"/g) ?? [];
    expect(pills).toHaveLength(3);
    const msoCells =
      block.match(/<!--\[if mso\]><td[^>]*><table role="presentation"[^>]*><tr><td bgcolor="#[0-9a-f]{6}" style="[^"]*mso-padding-alt:12px 20px/g) ?? [];
    expect(msoCells).toHaveLength(3);
    expect(withoutStyles(block)).toContain('Apple Podcasts | Spotify | YouTube');
  });

  it('pull quotes draw their rule and indent on a table cell, which Outlook honours (not on a div)', () => {
    const quotes = results.flatMap(({ rendered }) => rendered.html.match(/<td class="nl-quote" style="[^"]*"/g) ?? []);
    expect(quotes.length).toBeGreaterThanOrEqual(4);
    for (const q of quotes) expect(q).toMatch(/border-left:4px solid #[0-9a-f]{6};padding:4px 0 4px 20px;mso-padding-alt:/);
    for (const { rendered } of results) expect(rendered.html).not.toMatch(/<div[^>]*class="nl-quote"/);
  });

  it('section rules are MJML dividers, with the table MJML draws for Outlook', () => {
    const { rendered } = results.find((r) => r.rendered.slug.includes('code-review'))!;
    // Chapters, resources and read-more each open with a rule.
    const outlookRules = rendered.html.match(/<!--\[if mso \| IE\]><table[^>]*style="border-top:solid 1px #[0-9a-f]{6}/g) ?? [];
    expect(outlookRules).toHaveLength(3);
    expect(rendered.html).not.toMatch(/<h2[^>]*border-top/);
  });
});

describe('Apple Mail', () => {
  it('asks iOS not to rescale the email or turn dates, addresses and numbers into links, and resets links it adds anyway', () => {
    for (const { rendered } of results) {
      const head = rendered.html.slice(0, rendered.html.indexOf('</head>'));
      expect(head).toContain('<meta name="x-apple-disable-message-reformatting">');
      expect(head).toMatch(/<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">/);
      expect(head).toMatch(/a\[x-apple-data-detectors\] \{ color: inherit !important; text-decoration: none !important;/);
    }
  });
});

describe('the inbox preview', () => {
  it('is the preheader, padded so the preview stops there, hidden without the tricks spam filters score', () => {
    for (const { rendered } of results) {
      const body = rendered.html.slice(rendered.html.indexOf('<body'));
      const m = /<div class="nl-preheader" style="([^"]*)">([^<]*)<\/div>/.exec(body);
      expect(m, rendered.slug).not.toBeNull();
      const [, style, content] = m!;
      // The first text in the body, before "View in your browser".
      expect(withoutStyles(body).trim().startsWith(withoutStyles(content!).trim().slice(0, 30))).toBe(true);
      expect(content).toContain(`${escapeHtml(rendered.preheader)}${PREHEADER_PAD_HTML}`);
      expect(PREHEADER_PAD_HTML.match(/&#847;&zwnj;&nbsp;/g)!.length).toBeGreaterThanOrEqual(80);
      expect(style).toMatch(/display:none/);
      expect(style).toMatch(/mso-hide:all/);
      // HTML_FONT_LOW_CONTRAST and friends: no colour, no 1 px font, in the preheader or anywhere.
      expect(style).not.toMatch(/color|font-size/);
      expect(rendered.html).not.toMatch(/font-size:\s*[01]px[^>]*color:\s*#fff|color:\s*#ffffff[^>]*font-size:\s*1px/i);
    }
  });
});

describe('order and link text', () => {
  it('read-more teasers come before the footer, which is always last, in the HTML and the text part', () => {
    expect(BLOCKS.indexOf('read-more')).toBeLessThan(BLOCKS.indexOf('footer'));
    expect(BLOCKS[BLOCKS.length - 1]).toBe('footer');
    for (const { rendered } of results) {
      const html = withoutStyles(rendered.html);
      const readMore = html.indexOf('More from The Quiet Build');
      const footer = html.indexOf('You are receiving this email');
      expect(readMore, rendered.slug).toBeGreaterThan(0);
      expect(footer).toBeGreaterThan(readMore);
      expect(html.slice(footer)).not.toMatch(/October \d+, 2026/); // no teaser after the footer
      const text = rendered.text;
      expect(text.indexOf('More from The Quiet Build')).toBeLessThan(text.lastIndexOf('\n--\n'));
      expect(text.slice(text.lastIndexOf('\n--\n'))).toContain('Unsubscribe: https://');
    }
  });

  it('teasers in the email are short: about 150 characters', () => {
    for (const { rendered } of results) {
      const teasers = [...rendered.html.matchAll(/<p class="nl-teaser"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]!);
      expect(teasers.length, rendered.slug).toBeGreaterThan(0);
      for (const t of teasers) expect(t.length).toBeLessThanOrEqual(155);
    }
  });

  it('the theme prints no generic link text ("learn more", "click here", "read more")', () => {
    for (const { rendered } of results) {
      const texts = [...rendered.html.matchAll(/<a\b[^>]*>([^]*?)<\/a>/g)].map((m) => withoutStyles(m[1]!).trim().toLowerCase());
      expect(texts.length).toBeGreaterThan(10);
      for (const t of texts) expect(t).not.toMatch(/^(learn more|click here|here|read more|more|link|this)$/);
    }
  });
});

describe('the palette, for any colours an author may pick', () => {
  // A fixed pseudo-random walk over the colour cube, plus the corners.
  const colours: string[] = ['#ffffff', '#000000', '#ffff00', '#00ffff', '#ff00ff', '#808080', '#777777'];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 120; i++)
    colours.push(
      `#${[0, 0, 0]
        .map(() =>
          Math.floor(next() * 256)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`,
    );

  it('every text pair reaches 4.5:1 and every fill 3:1, with its label at 4.5:1, in light and dark', () => {
    const failures: string[] = [];
    for (let i = 0; i < colours.length; i++) {
      const theme = {
        brand_color: colours[i]!,
        text_color: colours[(i * 7 + 3) % colours.length]!,
        background: colours[(i * 13 + 5) % colours.length]!,
        font_family: 'Arial',
        logo: null,
        logo_dark: null,
      };
      for (const [mode, p] of [
        ['light', lightPalette(theme)],
        ['dark', darkPalette(theme)],
      ] as const) {
        const pairs: [string, string, string, number][] = [
          ['text/surface', p.text, p.surface, MIN_CONTRAST],
          ['text/tint', p.text, p.tint, MIN_CONTRAST],
          ['muted/surface', p.muted, p.surface, MIN_CONTRAST],
          ['muted/tint', p.muted, p.tint, MIN_CONTRAST],
          ['link/surface', p.link, p.surface, MIN_CONTRAST],
          ['link/tint', p.link, p.tint, MIN_CONTRAST],
          ['label/accent', p.onAccent, p.accent, MIN_CONTRAST],
          ['accent/surface', p.accent, p.surface, MIN_UI_CONTRAST],
          ['accent/tint', p.accent, p.tint, MIN_UI_CONTRAST],
          ['masthead/band', p.onBand, p.band, MIN_CONTRAST],
          ['pageText/page', p.pageText, p.page, MIN_CONTRAST],
          ['pageLink/page', p.pageLink, p.page, MIN_CONTRAST],
        ];
        for (const [what, a, b, min] of pairs) {
          if (contrast(a, b) < min) failures.push(`${JSON.stringify(theme)} ${mode} ${what}: ${a} on ${b} = ${contrast(a, b).toFixed(2)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps the author’s colours when they already pass, and derives a darker accent of the same hue for light brands', () => {
    const teal = lightPalette({ brand_color: '#1d5c63', text_color: '#222222', background: '#f4f4f4', font_family: 'Arial', logo: null, logo_dark: null });
    expect([teal.accent, teal.link, teal.band, teal.text, teal.page]).toEqual(['#1d5c63', '#1d5c63', '#1d5c63', '#222222', '#f4f4f4']);
    const yellow = fill('#ffff00', ['#ffffff']);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(yellow.fill.slice(i, i + 2), 16)) as [number, number, number];
    expect(r).toBe(g); // still yellow: red and green equal, no blue
    expect(b).toBe(0);
    expect(contrast(yellow.fill, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(readable('#ffffff', ['#ffffff'])).not.toBe('#ffffff');
  });
});

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
