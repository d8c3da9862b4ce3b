import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { parseFeed, rssDate } from '../src/podcast/parseFeed.js';
import { selectEpisode } from '../src/podcast/selectEpisode.js';
import { blocksToMarkdown, notesToBlocks } from '../src/podcast/showNotes.js';
import { summaryOf } from '../src/podcast/issueFromEpisode.js';
import { ROOT } from './helpers/workspace.js';

const FEEDS = join(ROOT, 'test/fixtures/feeds');
const fixture = (name: string): string => readFileSync(join(FEEDS, name), 'utf8');
const feedOf = (name: string): ReturnType<typeof parseFeed> => parseFeed(fixture(name), `test/fixtures/feeds/${name}`);

function error(fn: () => unknown): NewsletterError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected a NewsletterError');
}

const rss = (items: string, ns = ''): string =>
  `<?xml version="1.0"?>\n<rss version="2.0" ${ns}>\n<channel>\n<title>Show</title>\n${items}\n</channel>\n</rss>\n`;

describe('parseFeed', () => {
  it('reads the example feed: podcast, episodes and every field an issue needs', () => {
    const feed = feedOf('quiet-build.xml');
    expect(feed.podcast).toEqual({
      title: 'The Quiet Build',
      link: 'https://example.com/quiet-build',
      image: 'https://example.com/quiet-build/cover-3000.jpg',
      language: 'en',
    });
    expect(feed.episodes).toHaveLength(2);
    const ep = feed.episodes[0]!;
    expect(ep.title).toBe('The Courage to Delete Code');
    expect(ep.number).toBe(91);
    expect(ep.date).toBe('2026-11-04');
    expect(ep.guid).toBe('podlove-2026-11-04t05:00:00+00:00-91c0de1e7e');
    expect(ep.link).toBe('https://example.com/quiet-build/episodes/91');
    expect(ep.audio).toEqual({ url: 'https://media.example.com/quiet-build/qb091-the-courage-to-delete-code.mp3', type: 'audio/mpeg', length: 46580736 });
    // The item repeats the show's art: that is not an episode image.
    expect(ep.image).toBeNull();
    expect(feed.episodes[1]!.image).toBe('https://example.com/quiet-build/ep90-priya-raman.jpg');
    expect(ep.subtitle).toMatch(/^Jonas Eriksson on deleting half a codebase/);
    expect(ep.podloveChapters?.map((c) => [c.time, c.title])).toEqual([
      [130, 'The day Jonas deleted 40% of a codebase'],
      [1135, 'Feature flags nobody owns'],
      [2180, 'Making deletion a weekly habit'],
    ]);
    expect(ep.links.slice(0, 3).map((l) => l.url)).toEqual([
      'https://podcasts.example.com/quiet-build/ep/91',
      'https://spotify.example.net/episode/quiet-build-91',
      'https://example.com/quiet-build/episodes/91',
    ]);
    expect(ep.links[0]!.text).toBe('Listen on Apple Podcasts');
  });

  it('resolves namespaces by URI, whatever the prefix, including one declared on psc:chapters itself', () => {
    const ep = feedOf('every-source.xml').episodes[0]!;
    expect(ep.number).toBe(12);
    expect(ep.chaptersJson).toEqual({ url: 'https://chapters.example.com/fieldnotes/12/chapters.json', type: 'application/json+chapters' });
    expect(ep.podloveChapters?.map((c) => c.title)).toEqual(['Welcome (psc)', 'Vanity metrics (psc)']);
    expect(ep.image).toBe('https://cdn.example.net/fieldnotes/ep12.jpg');
    expect(ep.links[0]).toEqual({ url: 'https://video.example.org/watch?v=fn12', text: 'Watch on video' });
    // A prefix bound to another namespace is not the podcast namespace.
    const other = parseFeed(rss('<item><title>T</title><podcast:episode>4</podcast:episode></item>', 'xmlns:podcast="https://example.com/not-it"'), 'f.xml');
    expect(other.episodes[0]!.number).toBeNull();
  });

  it('reads podcast:episode, podcast:image artwork, ISO dates and an <image> for the show', () => {
    const feed = feedOf('no-chapters.xml');
    const ep = feed.episodes[0]!;
    expect(feed.podcast.image).toBe('https://quiethours.example.com/art.jpg');
    expect(ep.number).toBe(7.5);
    expect(ep.date).toBe('2026-10-30');
    expect(ep.image).toBe('https://quiethours.example.com/ep/sleep.jpg');
    expect(ep.chaptersJson).toBeNull();
    expect(ep.podloveChapters).toBeNull();
  });

  it('keeps the day the publisher wrote, whatever the offset or the machine’s time zone', () => {
    expect(feedOf('every-source.xml').episodes[0]!.date).toBe('2026-11-10');
    expect(rssDate('Mon, 2 Nov 2026 10:00:00 GMT')).toBe('2026-11-02');
    expect(rssDate('04 Nov 26 05:00 +0000')).toBe('2026-11-04');
    expect(rssDate('Wed, 31 Feb 2026 05:00:00 +0000')).toBeNull();
    expect(rssDate('tomorrow')).toBeNull();
  });

  it('decodes character references and entities in titles, strips tags from them', () => {
    const feed = parseFeed(rss('<item><title>Caf&#233; &amp; <![CDATA[<b>bold</b> &ndash; done]]></title></item>'), 'f.xml');
    expect(feed.episodes[0]!.title).toBe('Café & bold – done');
    expect(feedOf('show-notes.xml').episodes[0]!.title).toBe('Ep. 44 - Roasting at Home (with Ana Ruiz)');
  });

  it('refuses a malformed feed with the file and the line the parser stopped at', () => {
    const e = error(() => feedOf('broken.xml'));
    expect(e.code).toBe('FEED_INVALID');
    expect(e.file).toBe('test/fixtures/feeds/broken.xml');
    expect(e.line).toBeGreaterThanOrEqual(8);
    expect(e.message).toMatch(/not well-formed XML/);
  });

  it('names what a partial feed is missing', () => {
    const e = error(() => feedOf('partial.xml'));
    expect(e.message).toMatch(/neither a <title> nor a <description>/);
    expect(e.line).toBe(10);
    expect(error(() => parseFeed('<rss version="2.0"></rss>', 'f.xml')).message).toMatch(/no <channel>/);
    expect(error(() => parseFeed('<rss><channel><link>x</link></channel></rss>', 'f.xml')).message).toMatch(/no <title>/);
    expect(error(() => parseFeed(rss(''), 'f.xml')).message).toMatch(/no episodes/);
    expect(error(() => parseFeed('<html><body>Not a feed</body></html>', 'f.xml')).message).toMatch(/not an RSS feed.*<html>/);
    expect(error(() => parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>', 'f.xml')).message).toMatch(/Atom feed/);
    expect(error(() => parseFeed('', 'f.xml')).message).toMatch(/empty/);
  });

  it('refuses external entities and keeps entity expansion bounded', () => {
    const ext =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss><channel><title>&e;</title><item><title>t</title></item></channel></rss>';
    expect(error(() => parseFeed(ext, 'f.xml')).code).toBe('FEED_INVALID');
    const lol =
      '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">';
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${lol}]><rss><channel><title>${'&d;'.repeat(200)}</title><item><title>t</title></item></channel></rss>`;
    let length = 0;
    try {
      length = parseFeed(bomb, 'f.xml').podcast.title.length;
    } catch (e) {
      expect(e).toBeInstanceOf(NewsletterError);
    }
    expect(length).toBeLessThan(1_000_000);
  });
});

describe('show notes', () => {
  it('become markdown with links kept only for safe schemes, and no raw HTML, script or image', () => {
    const ep = feedOf('every-source.xml').episodes[0]!;
    const md = blocksToMarkdown(notesToBlocks(ep.notes!, ep.link));
    expect(md).toContain('Read the [transcript](https://fieldnotes.example.com/episodes/12/transcript), or see this.');
    expect(md).not.toMatch(/javascript|<script|alert|tracker|<img|<h2/i);
    expect(md).toContain('**Chapters**');
  });

  it('keeps bold, italics and lists, turns headings into bold and quotes into paragraphs, escapes markdown in text', () => {
    const md = blocksToMarkdown(
      notesToBlocks(
        '<h1>Title</h1><p>A <b> bold </b>and <em>it</em> and <code>x*y</code></p><blockquote><p>Quote</p></blockquote><ul><li>one</li><li>two <a href="https://e.example/a(b)">link</a></li></ul><ol><li>first</li></ol><p>1. not a list, * not a bullet, [not](a link), &lt;b&gt;not bold&lt;/b&gt;, snake_case</p><p># not a heading</p>',
      ),
    );
    expect(md).toBe(
      [
        '**Title**',
        'A **bold** and *it* and `x*y`',
        'Quote',
        '- one\n- two [link](https://e.example/a%28b%29)',
        '1. first',
        '1\\. not a list, \\* not a bullet, \\[not\\](a link), \\<b>not bold\\</b>, snake\\_case',
        '\\# not a heading',
      ].join('\n\n'),
    );
  });

  it('leave URLs whole so they stay links, and read plain text one line per paragraph', () => {
    const blocks = notesToBlocks('See https://example.com/a_b_c now\nSecond line');
    expect(blocks.map((b) => b.markdown)).toEqual(['See https://example.com/a_b_c now', 'Second line']);
  });

  it('summarise without the chapter lines and the line that introduced them', () => {
    const ep = feedOf('quiet-build.xml').episodes[0]!;
    const summary = summaryOf(ep);
    expect(summary).not.toMatch(/Chapters|02:10|Feature flags nobody owns/);
    expect(summary.split('\n\n')).toHaveLength(5);
    expect(summary).toContain('This week’s guest, **Jonas Eriksson**, has a story');
  });
});

describe('selectEpisode', () => {
  const feed = feedOf('quiet-build.xml');
  it('picks the latest by date, a GUID, a number, or words of the title', () => {
    expect(selectEpisode(feed).number).toBe(91);
    expect(selectEpisode(feed, 'latest').number).toBe(91);
    expect(selectEpisode(feed, 'podlove-2026-10-28t05:00:00+00:00-90a5b3c2d1').number).toBe(90);
    expect(selectEpisode(feed, '90').number).toBe(90);
    expect(selectEpisode(feed, 90).number).toBe(90);
    expect(selectEpisode(feed, '#91').number).toBe(91);
    expect(selectEpisode(feed, 'review VERDICT').number).toBe(90);
  });

  it('says which episodes match when the words are ambiguous, and lists the newest when none does', () => {
    const both = error(() => selectEpisode(feed, 'code'));
    expect(both.code).toBe('EPISODE_NOT_FOUND');
    expect(both.message).toBe('2 episodes match "code"');
    expect(both.hint).toContain('#91 2026-11-04 "The Courage to Delete Code"');
    const none = error(() => selectEpisode(feed, 'kubernetes'));
    expect(none.message).toMatch(/No episode in the feed matches "kubernetes"/);
    expect(none.hint).toContain('"Code Review Is a Conversation, Not a Verdict"');
  });

  it('takes the first item as latest when no episode has a date', () => {
    const f = parseFeed(rss('<item><title>First</title></item><item><title>Second</title></item>'), 'f.xml');
    expect(selectEpisode(f).title).toBe('First');
  });
});
