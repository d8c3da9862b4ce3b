import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { parseChaptersJson } from '../src/podcast/chaptersJson.js';
import { chaptersForEpisode, type ChaptersLoader } from '../src/podcast/episodeChapters.js';
import { parseChaptersFile } from '../src/podcast/parseChaptersFile.js';
import { parseFeed } from '../src/podcast/parseFeed.js';
import { parseNpt, parsePodloveDocument } from '../src/podcast/podloveChapters.js';
import { chapterFromLine, chaptersFromLines } from '../src/podcast/textChapters.js';
import { ROOT } from './helpers/workspace.js';

const FEEDS = join(ROOT, 'test/fixtures/feeds');
const fixture = (name: string): string => readFileSync(join(FEEDS, name), 'utf8');
const episodes = (name: string): ReturnType<typeof parseFeed>['episodes'] => parseFeed(fixture(name), name).episodes;

function error(fn: () => unknown): NewsletterError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected a NewsletterError');
}

const pairs = (chapters: { time: number; title: string }[]): [number, string][] => chapters.map((c) => [c.time, c.title]);

/** Serves the fixture JSON for the one URL the every-source feed names; anything else fails as a fetch would. */
const fixtureLoader: ChaptersLoader = async (ref) => {
  if (ref === 'https://chapters.example.com/fieldnotes/12/chapters.json') return { text: fixture('every-source.chapters.json'), display: ref };
  throw new NewsletterError('FETCH_FAILED', `Can't fetch ${ref}: the connection was refused`, { file: ref });
};
const failingLoader: ChaptersLoader = async (ref) => {
  throw new NewsletterError('FETCH_FAILED', `Can't fetch ${ref}: the connection was refused`, { file: ref });
};

describe('JSON chapters (Podcasting 2.0)', () => {
  it('reads startTime, title, url and img; skips toc:false and untitled chapters; floors fractions', () => {
    const chapters = parseChaptersJson(fixture('every-source.chapters.json'), 'c.json');
    expect(chapters).toEqual([
      { time: 0, title: 'Welcome', url: null, image: null },
      { time: 245, title: 'Vanity metrics', url: null, image: 'https://cdn.example.net/fieldnotes/ep12/vanity.jpg' },
      { time: 1870, title: 'What we measure now', url: 'https://fieldnotes.example.com/metrics-guide', image: null },
      { time: 3723, title: 'Outtakes', url: null, image: null },
    ]);
  });

  it('sorts by startTime, as the spec assumes ascending order', () => {
    const chapters = parseChaptersJson('{"version":"1.2.0","chapters":[{"startTime":90,"title":"B"},{"startTime":"10","title":"A"}]}', 'c.json');
    expect(pairs(chapters)).toEqual([
      [10, 'A'],
      [90, 'B'],
    ]);
  });

  it('refuses files that are not JSON chapters, with the line of a syntax error', () => {
    const bad = error(() => parseChaptersJson('{\n  "chapters": [\n    {"startTime": 1,}\n  ]\n}', 'c.json'));
    expect(bad.code).toBe('FEED_INVALID');
    expect(bad.file).toBe('c.json');
    expect(bad.line).toBe(3);
    expect(error(() => parseChaptersJson('{"version":"1.2.0"}', 'c.json')).message).toMatch(/no "chapters" list/);
    expect(error(() => parseChaptersJson('{"chapters":[{"title":"x"}]}', 'c.json')).message).toMatch(/Chapter 1 .* no startTime/);
    expect(error(() => parseChaptersJson('{"chapters":[{"startTime":-5,"title":"x"}]}', 'c.json')).message).toMatch(/no startTime/);
  });
});

describe('Podlove Simple Chapters', () => {
  it('reads every Normal Play Time form the spec shows', () => {
    expect(parseNpt('01:35:52')).toBe(5752);
    expect(parseNpt('7:48')).toBe(468);
    expect(parseNpt('35:12.250')).toBe(2112.25);
    expect(parseNpt('05:12:03.500')).toBe(18723.5);
    expect(parseNpt('37')).toBe(37);
    expect(parseNpt('npt:12:42')).toBe(762);
    expect(parseNpt('7:60')).toBeNull();
    expect(parseNpt('1:60:00')).toBeNull();
    expect(parseNpt('soon')).toBeNull();
  });

  it('reads a file of its own, sorted by time, with href and image', () => {
    const chapters = parsePodloveDocument(fixture('chapters.psc.xml'), 'c.psc');
    expect(chapters).toEqual([
      { time: 130, title: 'The day Jonas deleted 40% of a codebase', url: 'https://example.com/quiet-build/episodes/91', image: null },
      { time: 1135, title: 'Feature flags nobody owns', url: null, image: null },
      { time: 2180, title: 'Making deletion a weekly habit', url: null, image: 'https://example.com/quiet-build/ep91/habit.jpg' },
    ]);
  });

  it('names the line of a chapter without a start or a title', () => {
    const noStart = error(() =>
      parsePodloveDocument(
        '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">\n<psc:chapter start="0" title="A"/>\n<psc:chapter title="B"/>\n</psc:chapters>',
        'c.psc',
      ),
    );
    expect(noStart.message).toBe('A psc:chapter has no start time');
    expect(noStart.line).toBe(3);
    const badStart = error(() =>
      parsePodloveDocument('<psc:chapters xmlns:psc="http://podlove.org/simple-chapters"><psc:chapter start="later" title="A"/></psc:chapters>', 'c.psc'),
    );
    expect(badStart.message).toMatch(/start "later" is not a time/);
    expect(
      error(() => parsePodloveDocument('<psc:chapters xmlns:psc="http://podlove.org/simple-chapters"><psc:chapter start="1"/></psc:chapters>', 'c.psc'))
        .message,
    ).toMatch(/no title/);
    expect(error(() => parsePodloveDocument('<chapters><chapter start="1" title="x"/></chapters>', 'c.psc')).message).toMatch(/not <psc:chapters>/);
  });
});

describe('chapter lines in text', () => {
  it.each([
    ['01:19 – Title', 79],
    ['01:19 - Title', 79],
    ['01:19 — Title', 79],
    ['12:30 - Title', 750],
    ['(1:02:03) Title', 3723],
    ['[12:30] Title', 750],
    ['1:02:03 Title', 3723],
    ['01:02:03 Title', 3723],
    ['75:30 Title', 4530],
    ['05:00: Title', 300],
    ['05:00 | Title', 300],
    ['00:12.500 Title', 12],
    ['- 05:00 Title', 300],
    ['* [05:00] Title', 300],
    ['3. 05:00 Title', 300],
    ['**05:00** Title', 300],
  ])('reads %s', (line, seconds) => {
    expect(chapterFromLine(line)).toEqual({ time: seconds, title: 'Title', url: null, image: null });
  });

  it.each(['At 12:30 we talk about it', '(12:30 Title', '12:30) Title', '10:30am meeting', '12:3 Title', '1:60:00 Title', '12:30', '12:30 –', '12:30 01:19'])(
    'is not fooled by %s',
    (line) => {
      expect(chapterFromLine(line)).toBeNull();
    },
  );

  it('keeps a markdown link of the title as words and URL', () => {
    expect(chapterFromLine('01:19 – [The talk](https://example.org/talk)')).toEqual({
      time: 79,
      title: 'The talk',
      url: 'https://example.org/talk',
      image: null,
    });
  });

  it('wants two chapter lines in show notes, one in a chapters file', () => {
    expect(chaptersFromLines(['Intro text', 'At 01:19 we start', '01:19 Only one']).chapters).toEqual([]);
    expect(chaptersFromLines(['01:19 Only one'], 1).chapters).toHaveLength(1);
    const { chapters, used } = chaptersFromLines(['Chapters:', '12:30 Second', '01:19 First']);
    expect(pairs(chapters)).toEqual([
      [79, 'First'],
      [750, 'Second'],
    ]);
    expect(used).toEqual([1, 2]);
  });

  it('reads the fixture list of every format, the heading line left out', () => {
    const { chapters, format } = parseChaptersFile(fixture('chapters.txt'), 'chapters.txt');
    expect(format).toBe('text');
    expect(pairs(chapters)).toEqual([
      [79, 'Differentiating Product and Project Management'],
      [750, 'Bracketed time'],
      [765, 'Dash after the time'],
      [3723, 'The hour mark'],
      [3900, 'Plain space'],
      [4200, 'In a list, with a colon'],
    ]);
  });
});

describe('chapters of an episode, best source first', () => {
  it('prefers the JSON chapters file when the episode has every source', async () => {
    const r = await chaptersForEpisode(episodes('every-source.xml')[0]!, fixtureLoader);
    expect(r.from).toBe('podcast:chapters');
    expect(pairs(r.chapters)).toEqual([
      [0, 'Welcome'],
      [245, 'Vanity metrics'],
      [1870, 'What we measure now'],
      [3723, 'Outtakes'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('falls back to psc:chapters when the JSON file cannot be had, and says so', async () => {
    const r = await chaptersForEpisode(episodes('every-source.xml')[0]!, failingLoader);
    expect(r.from).toBe('psc:chapters');
    expect(pairs(r.chapters)).toEqual([
      [0, 'Welcome (psc)'],
      [245, 'Vanity metrics (psc)'],
    ]);
    expect(r.warnings[0]).toMatch(/^podcast:chapters https:\/\/chapters\.example\.com\/.*connection was refused/);
  });

  it('falls back to the show notes when there is neither', async () => {
    const ep = { ...episodes('every-source.xml')[0]!, chaptersJson: null, podloveChapters: null };
    const r = await chaptersForEpisode(ep, failingLoader);
    expect(r.from).toBe('show notes');
    expect(pairs(r.chapters)).toEqual([
      [0, 'Welcome'],
      [245, 'Vanity metrics'],
      [1870, 'What we measure now'],
    ]);
  });

  it('reads show-notes chapters from HTML lines and from plain text', async () => {
    const html = await chaptersForEpisode(episodes('show-notes.xml')[0]!, failingLoader);
    expect(html.from).toBe('show notes');
    expect(pairs(html.chapters)).toEqual([
      [0, 'Intro'],
      [79, 'Why roast at home'],
      [750, 'Green beans, where to buy'],
      [3723, 'Q&A'],
    ]);
    const text = await chaptersForEpisode(episodes('every-source.xml')[1]!, failingLoader);
    expect(pairs(text.chapters)).toEqual([
      [0, 'Welcome'],
      [750, 'Sampling without bias'],
      [3723, 'Listener mail'],
    ]);
  });

  it('finds none in a feed without chapters, and is not fooled by a time in prose', async () => {
    const r = await chaptersForEpisode(episodes('no-chapters.xml')[0]!, failingLoader);
    expect(r).toEqual({ chapters: [], from: null, warnings: [] });
  });

  it('reports a broken embedded psc:chapters with its line and goes on', async () => {
    const xml = fixture('quiet-build.xml').replace('start="00:18:55.000"', 'start="soon"');
    const ep = parseFeed(xml, 'q.xml').episodes[0]!;
    const r = await chaptersForEpisode(ep, failingLoader);
    expect(r.warnings[0]).toMatch(/^psc:chapters: The psc:chapter start "soon" is not a time \(line \d+\)/);
    expect(r.from).toBe('show notes');
  });
});
