import { createReader } from '../src/workspace/reader.js';
import { describe, expect, it } from 'vitest';
import { parseIssue } from '../src/parse/parseIssue.js';
import { Fields } from '../src/parse/fields.js';
import type { Config, Link } from '../src/parse/types.js';
import { NewsletterError } from '../src/problems/errors.js';
import { parseChaptersConfig, parseLinksConfig } from '../src/parse/linksConfig.js';
import { chapterLink } from '../src/render/links/deepLink.js';
import { tagTextLinks, tagUrl, untaggedReason, type Utm } from '../src/render/links/utm.js';
import { loadTemplates } from '../src/workspace/loadTemplates.js';
import { renderIssue, type RenderedIssue } from '../src/render/renderIssue.js';
import { compileTemplates } from '../src/render/templates.js';
import { decodeAttr } from '../src/util/format.js';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { ROOT } from './helpers/workspace.js';

const base = loadConfig({ cwd: ROOT }).config;
const templates = compileTemplates(loadTemplates(createReader(ROOT, ROOT)));

const utm: Utm = { source: 'newsletter', medium: 'email', campaign: '{slug}', content: '{block}', exclude: ['partner.example'] };
const ctx = { slug: '2026-11-04-x', date: '2026-11-04', block: 'body', keep: new Set(['https://example.com/quiet-build/unsubscribe']) };
const TAGS = 'utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-x&utm_content=body';

function configErrors(data: Record<string, unknown>): NewsletterError[] {
  const f = new Fields('newsletter.config.yaml', new Map());
  parseChaptersConfig(f, data);
  parseLinksConfig(f, data);
  return f.errors;
}

describe('UTM tagging', () => {
  it('adds the parameters before the fragment, keeping the rest of the URL byte for byte', () => {
    expect(tagUrl('https://example.org/page', utm, ctx)).toBe(`https://example.org/page?${TAGS}`);
    expect(tagUrl('https://example.org/p?a=1&b=%20x#t=01:19', utm, ctx)).toBe(`https://example.org/p?a=1&b=%20x&${TAGS}#t=01:19`);
    expect(tagUrl('https://example.org/p?', utm, ctx)).toBe(`https://example.org/p?${TAGS}`);
    expect(tagUrl('https://EXAMPLE.org', utm, ctx)).toBe(`https://EXAMPLE.org?${TAGS}`);
  });

  it('fills {slug}, {date} and {block}, and encodes the values', () => {
    const u: Utm = { source: 'The Quiet Build', medium: 'email', campaign: '{date} issue', content: null, exclude: [] };
    expect(tagUrl('https://e.example/', u, { ...ctx, block: 'listen' })).toBe(
      'https://e.example/?utm_source=The%20Quiet%20Build&utm_medium=email&utm_campaign=2026-11-04%20issue',
    );
  });

  it.each([
    ['mailto:maren@example.com', 'not https'],
    ['http://example.org/page', 'not https'],
    ['https://example.com/quiet-build/unsubscribe', 'subscription link'],
    ['https://esp.example/u/{{ subscriber.id }}', 'merge tag'],
    ['https://esp.example/u/%7B%7Bsubscriber.id%7D%7D', 'merge tag'],
    ['https://esp.example/unsub?u=*|UNIQID|*', 'merge tag'],
    ['https://esp.example/x?e=%%email%%', 'merge tag'],
    ['https://list.example/unsubscribe/abc123', 'subscription link'],
    ['https://list.example/manage/preferences?id=7', 'subscription link'],
    ['https://partner.example/offer', 'excluded domain'],
    ['https://shop.partner.example/offer', 'excluded domain'],
    ['https://example.org/p?utm_source=podcast', 'already tagged'],
  ])('leaves %s as it is (%s)', (url, reason) => {
    expect(untaggedReason(url, utm, ctx.keep)).toBe(reason);
    expect(tagUrl(url, utm, ctx)).toBe(url);
  });

  it('does not take a look-alike for an excluded domain', () => {
    expect(tagUrl('https://notpartner.example/x', utm, ctx)).toContain('utm_source');
    expect(tagUrl('https://partner.example.evil.example/x', utm, ctx)).toContain('utm_source');
  });

  it('rewrites whole URLs in text only, never a longer URL that starts the same', () => {
    const tag = (u: string): string => `${u}?t=1`;
    const text = 'See https://a.example/x (https://a.example/x). Not https://a.example/xy or xhttps://a.example/x.';
    expect(tagTextLinks(text, ['https://a.example/x'], tag)).toBe(
      'See https://a.example/x?t=1 (https://a.example/x?t=1). Not https://a.example/xy or xhttps://a.example/x.',
    );
  });
});

describe('chapter deep links', () => {
  const listen: Link[] = [
    { label: 'Apple Podcasts', url: 'https://podcasts.example.com/ep/91', note: null },
    { label: 'YouTube', url: 'https://video.example.org/watch?v=qb91', note: null },
    { label: 'MP3', url: 'https://media.example.com/qb091.mp3', note: null },
  ];
  it('fills one pattern with the first listen link, the time and the seconds', () => {
    expect(chapterLink({ link: [{ label: null, pattern: '{episode_url}#t={time}' }] }, { seconds: 79, listen, slug: 's' })).toBe(
      'https://podcasts.example.com/ep/91#t=01:19',
    );
    expect(chapterLink({ link: [{ label: null, pattern: 'https://example.com/ep/{slug}?start={seconds}' }] }, { seconds: 3723, listen, slug: 's' })).toBe(
      'https://example.com/ep/s?start=3723',
    );
  });

  it('takes the first per-platform pattern the issue has a listen link for', () => {
    const link = [
      { label: 'Website', pattern: '{episode_url}#t={time}' },
      { label: 'youtube', pattern: '{episode_url}&t={seconds}s' },
    ];
    expect(chapterLink({ link }, { seconds: 79, listen, slug: 's' })).toBe('https://video.example.org/watch?v=qb91&t=79s');
  });

  it('writes the query separator after the link as the link needs it', () => {
    const yt = (url: string, pattern: string): string | null =>
      chapterLink({ link: [{ label: null, pattern }] }, { seconds: 79, listen: [{ label: 'YouTube', url, note: null }], slug: 's' });
    expect(yt('https://video.example.org/watch/qb91', '{episode_url}&t={seconds}s')).toBe('https://video.example.org/watch/qb91?t=79s');
    expect(yt('https://youtu.example/qb91?si=x', '{episode_url}?t={seconds}')).toBe('https://youtu.example/qb91?si=x&t=79');
    expect(yt('https://video.example.org/watch?v=qb91', '{episode_url}&t={seconds}s')).toBe('https://video.example.org/watch?v=qb91&t=79s');
  });

  it('links the audio file with a media fragment, and leaves a time plain when a placeholder has no value', () => {
    expect(chapterLink({ link: [{ label: null, pattern: '{audio_url}#t={seconds}' }] }, { seconds: 79, listen, slug: 's' })).toBe(
      'https://media.example.com/qb091.mp3#t=79',
    );
    expect(chapterLink({ link: [{ label: null, pattern: '{audio_url}#t={seconds}' }] }, { seconds: 79, listen: listen.slice(0, 2), slug: 's' })).toBeNull();
    expect(chapterLink({ link: [{ label: null, pattern: '{episode_url}#t={time}' }] }, { seconds: null, listen, slug: 's' })).toBeNull();
    expect(chapterLink(undefined, { seconds: 79, listen, slug: 's' })).toBeNull();
  });
});

describe('config', () => {
  it('is off by default', () => {
    const f = new Fields('c.yaml', new Map());
    expect(parseChaptersConfig(f, {})).toEqual({ link: [] });
    expect(parseLinksConfig(f, {})).toEqual({ utm: null });
    expect(parseLinksConfig(f, { links: { utm: false } })).toEqual({ utm: null });
    expect(base.links).toEqual({ utm: null });
  });

  it('fills UTM defaults and reads the excluded domains', () => {
    const f = new Fields('c.yaml', new Map());
    expect(parseLinksConfig(f, { links: { utm: { source: 'qb', exclude: ['*.Partner.example', 'other.example'] } } })).toEqual({
      utm: { source: 'qb', medium: 'email', campaign: '{slug}', content: null, exclude: ['partner.example', 'other.example'] },
    });
    expect(f.errors).toEqual([]);
  });

  it('refuses unknown placeholders, patterns that make no URL, and entries that are not domains', () => {
    const messages = [
      ...configErrors({ chapters: { link: '{episode}#t={time}' } }),
      ...configErrors({ chapters: { link: 'javascript:alert({time})' } }),
      ...configErrors({ chapters: { link: { YouTube: 42 } } }),
      ...configErrors({ links: { utm: { campaign: '{title}', exclude: ['https://x.example/'] } } }),
    ].map((e) => e.message);
    expect(messages).toEqual([
      '"chapters.link" uses {episode}, which is not a chapter link placeholder',
      '"chapters.link" must start with {episode_url}, {audio_url} or https://',
      '"chapters.link.YouTube" must be a URL pattern, not the number 42',
      '"links.utm.exclude" entry the text "https://x.example/" is not a domain',
      '"links.utm.campaign" uses {title}, which is not a UTM placeholder',
    ]);
  });
});

const ISSUE = `---
title: Links
date: 2026-11-04
listen:
  - label: Apple Podcasts
    url: https://podcasts.example.com/quiet-build/ep/91
  - label: YouTube
    url: https://video.example.org/watch?v=qb91
chapters:
  - time: "01:19"
    title: First
    summary: See [the notes](https://notes.example.org/91).
  - time: "1:02:03"
    title: Second
  - title: No time
---
Read [the essay](https://essays.example.org/delete) or write to [me](mailto:maren@example.com).
Partner: [offer](https://partner.example/offer). Bare: https://bare.example.org/page
`;

async function render(patch: Partial<Config>): Promise<RenderedIssue> {
  const { issue } = parseIssue(ISSUE, 'issues/2026-11-04-links.md');
  return renderIssue(issue, { ...base, read_more: { count: 0 }, ...patch }, templates, []);
}

/** Handlebars writes "=" as &#x3D; in attributes, so numeric references are decoded too. */
const decode = (s: string): string => decodeAttr(s.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))));
const hrefs = (html: string): string[] => [...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"[^>]*>([^<]*)/gi)].map((m) => decode(m[1]!));
const timeLinks = (html: string): Record<string, string> =>
  Object.fromEntries([...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"[^>]*>(\d[\d:]*)<\/a>/gi)].map((m) => [m[2]!, decode(m[1]!)]));

describe('rendered', () => {
  it('links each chapter time to its moment, in the HTML and in the text part', async () => {
    const r = await render({ chapters: { link: [{ label: 'YouTube', pattern: '{episode_url}&t={seconds}s' }] } });
    expect(timeLinks(r.html)).toEqual({
      '01:19': 'https://video.example.org/watch?v=qb91&t=79s',
      '1:02:03': 'https://video.example.org/watch?v=qb91&t=3723s',
    });
    expect(r.text).toContain('  01:19  First\n         https://video.example.org/watch?v=qb91&t=79s\n');
    expect(r.text).toContain('1:02:03  Second\n         https://video.example.org/watch?v=qb91&t=3723s\n');
    // The chapter without a time gets no link.
    expect(r.text).toMatch(/ {9}No time\n(?! {9}https)/);
  });

  it('leaves chapter times plain without chapters.link, and tags nothing without links.utm', async () => {
    const r = await render({});
    expect(timeLinks(r.html)).toEqual({});
    expect(r.html + r.text).not.toContain('utm_');
  });

  it('tags the same outbound links in the HTML and the text part, and no others', async () => {
    const r = await render({
      chapters: { link: [{ label: null, pattern: '{episode_url}#t={time}' }] },
      links: { utm: { ...utm, content: '{block}' } },
    });
    const links = hrefs(r.html);
    const tagged = links.filter((u) => u.includes('utm_source=newsletter'));
    expect(tagged).toEqual(
      expect.arrayContaining([
        `https://essays.example.org/delete?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-links&utm_content=body`,
        `https://bare.example.org/page?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-links&utm_content=body`,
        `https://podcasts.example.com/quiet-build/ep/91?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-links&utm_content=listen`,
        `https://podcasts.example.com/quiet-build/ep/91?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-links&utm_content=chapters#t=01:19`,
        `https://notes.example.org/91?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-links&utm_content=chapters`,
        `https://fieldnote.example.com/quiet-build?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-links&utm_content=sponsor`,
        `https://example.com/quiet-build/ask?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-04-links&utm_content=promos`,
      ]),
    );
    // Every tagged link of the HTML is printed in the text part, tags and all.
    for (const u of tagged) expect(r.text).toContain(u);
    // Never tagged: mailto, the excluded domain, the footer's subscription links, the web version.
    for (const u of [
      'mailto:maren@example.com',
      'https://partner.example/offer',
      'https://example.com/quiet-build/unsubscribe',
      'https://example.com/quiet-build/preferences',
    ]) {
      expect(links).toContain(u);
    }
    expect(links.filter((u) => u.startsWith('https://example.com/quiet-build/2026-11-04-links/'))).toEqual(
      links.filter((u) => u === 'https://example.com/quiet-build/2026-11-04-links/'),
    );
    expect(r.text).toContain('https://partner.example/offer');
    expect(r.text).not.toMatch(/unsubscribe\?utm|preferences\?utm/);
  });
});
