import { createReader } from '../src/workspace/reader.js';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFromFeed, type NewFromFeedOptions } from '../src/commands/newFromFeed.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { NewsletterError } from '../src/problems/errors.js';
import { LETTER_PLACEHOLDER, slugFromTitle } from '../src/podcast/issueFromEpisode.js';
import { loadTemplates } from '../src/workspace/loadTemplates.js';
import { renderIssue } from '../src/render/renderIssue.js';
import { compileTemplates } from '../src/render/templates.js';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { cleanupWorkspaces, makeWorkspace, ROOT } from './helpers/workspace.js';

const FEEDS = join(ROOT, 'test/fixtures/feeds');
const EXAMPLE = 'issues/2026-11-04-the-courage-to-delete.md';

let server: Server;
let base: string;
beforeAll(async () => {
  // Serves the every-source feed with its chapters URL pointing back here, and the chapters file.
  server = createServer((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        readFileSync(join(FEEDS, 'every-source.xml'), 'utf8').replace('https://chapters.example.com/fieldnotes/12/chapters.json', `${base}/chapters/12.json`),
      );
    } else if (req.url === '/chapters/12.json') {
      res.writeHead(200, { 'content-type': 'application/json+chapters' });
      res.end(readFileSync(join(FEEDS, 'every-source.chapters.json')));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  cleanupWorkspaces();
  await new Promise<void>((r) => server.close(() => r()));
});

async function failure(p: Promise<unknown>): Promise<NewsletterError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected a NewsletterError');
}

const run = (cwd: string, opts: Partial<NewFromFeedOptions> = {}): ReturnType<typeof newFromFeed> =>
  newFromFeed({ cwd, source: join(FEEDS, 'quiet-build.xml'), ...opts });

describe('new --from-feed', () => {
  it('recreates the example workspace’s newest issue from the fixture feed', async () => {
    const dir = makeWorkspace();
    const example = readFileSync(join(ROOT, EXAMPLE), 'utf8');
    const r = await run(dir);
    expect(r).toEqual({
      file: 'issues/2026-11-04-the-courage-to-delete-code.md',
      episode: { title: 'The Courage to Delete Code', date: '2026-11-04', guid: 'podlove-2026-11-04t05:00:00+00:00-91c0de1e7e', number: 91 },
      chapters: 3,
      chaptersFrom: 'psc:chapters',
      listenMissing: ['YouTube'],
      warnings: [],
    });
    const made = readFileSync(join(dir, r.file), 'utf8');
    // What the author did by hand afterwards: a subject line, and the letter in place of the placeholder.
    const edited = made
      .replace('date: 2026-11-04\n', 'date: 2026-11-04\nsubject: "The courage to delete code (with Jonas Eriksson)"\n')
      .replace(`${LETTER_PLACEHOLDER}\n\n`, '');
    expect(edited).toBe(example);
    // And as generated, it is a valid draft whose frontmatter equals the example's, subject aside.
    const a = parseIssue(made, r.file).issue;
    const b = parseIssue(example, EXAMPLE).issue;
    const data = (i: typeof a): unknown[] => [
      i.title,
      i.date,
      i.preheader,
      i.draft,
      i.listen?.map((l) => [l.label, l.url]),
      i.chapters.map((c) => [c.time, c.title, c.summary]),
    ];
    expect(data(a)).toEqual(data(b));
  });

  it('never replaces an existing issue without force, and replaces it with force', async () => {
    const dir = makeWorkspace();
    const file = join(dir, EXAMPLE);
    writeFileSync(file, readFileSync(file, 'utf8') + '\nMy own last words.\n');
    const before = readFileSync(file, 'utf8');
    const e = await failure(run(dir, { slug: 'the-courage-to-delete' }));
    expect(e.code).toBe('EXISTS');
    expect(e.exitCode).toBe(73);
    expect(e.message).toBe(`${EXAMPLE} already exists`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    await run(dir, { slug: 'the-courage-to-delete', force: true });
    expect(readFileSync(file, 'utf8')).toContain(LETTER_PLACEHOLDER);
  });

  it('reads the feed named in the config, relative to it, and picks an episode by number', async () => {
    const dir = makeWorkspace({ 'feeds/show.xml': readFileSync(join(FEEDS, 'quiet-build.xml'), 'utf8') });
    const config = join(dir, 'newsletter.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8') + '\npodcast:\n  feed: feeds/show.xml\n');
    // The example already has this issue, written by hand: exactly the file the feed would make.
    expect((await failure(newFromFeed({ cwd: join(dir, 'issues'), episode: '90' }))).code).toBe('EXISTS');
    rmSync(join(dir, 'issues/2026-10-28-code-review-is-a-conversation.md'));
    const r = await newFromFeed({ cwd: join(dir, 'issues'), episode: '90' });
    expect(r.file).toBe('2026-10-28-code-review-is-a-conversation.md');
    expect(r.listenMissing).toEqual([]);
    const issue = parseIssue(readFileSync(join(dir, 'issues', r.file), 'utf8'), r.file).issue;
    expect(issue.listen?.map((l) => l.label)).toEqual(['Apple Podcasts', 'Spotify', 'YouTube']);
    expect(issue.chapters.map((c) => c.time)).toEqual([79, 765, 1980, 2850, 3723]);
    // Episode 90 has its own art: it opens the summary, with the title as its alt text.
    expect(issue.body).toContain('![Code Review Is a Conversation, Not a Verdict](https://example.com/quiet-build/ep90-priya-raman.jpg)');
  });

  it('fetches a feed and its JSON chapters over the network, JSON first', async () => {
    const dir = makeWorkspace();
    const r = await newFromFeed({ cwd: dir, source: `${base}/feed.xml`, fetch: { allowAddresses: ['127.0.0.1'], allowHttp: true } });
    expect(r.chaptersFrom).toBe('podcast:chapters');
    expect(r.chapters).toBe(4);
    expect(r.file).toBe('issues/2026-11-10-twelve-measuring-what-matters.md');
    const text = readFileSync(join(dir, r.file), 'utf8');
    expect(text).toContain('  - label: YouTube\n    url: https://video.example.org/watch?v=fn12\n');
    expect(text).toContain('[transcript](https://fieldnotes.example.com/episodes/12/transcript)');
    expect(text).not.toMatch(/javascript|<script|tracker/);
  });

  it('never fetches from a private address unless told to (tests only)', async () => {
    const dir = makeWorkspace();
    const e = await failure(newFromFeed({ cwd: dir, source: `${base.replace('http:', 'https:')}/feed.xml` }));
    expect(e.code).toBe('FETCH_REFUSED');
  });

  it('starts a renderable issue from show notes with platform links in them', async () => {
    const dir = makeWorkspace();
    const r = await newFromFeed({ cwd: dir, source: join(FEEDS, 'show-notes.xml') });
    expect(r.file).toBe('issues/2026-11-02-roasting-at-home.md');
    expect([r.chaptersFrom, r.chapters, r.listenMissing]).toEqual(['show notes', 4, ['YouTube']]);
    const { config } = loadConfig({ cwd: dir });
    const { issue } = parseIssue(readFileSync(join(dir, r.file), 'utf8'), r.file);
    expect(issue.listen?.map((l) => l.url)).toEqual(['https://podcasts.example.com/smallbatch/44', 'https://spotify.example.net/episode/smallbatch-44']);
    expect(issue.body).not.toMatch(/\(01:19\)|Why roast at home/);
    const rendered = await renderIssue(issue, config, compileTemplates(loadTemplates(createReader(dir, dir))), []);
    expect(rendered.html).toContain('Ana Ruiz explains why <em>home roasting</em> is easier than it looks.');
    expect(rendered.text).toContain('01:19  Why roast at home');
  });

  it('writes an issue without chapters or listen links when the feed has none for it', async () => {
    const dir = makeWorkspace();
    const r = await newFromFeed({ cwd: dir, source: join(FEEDS, 'no-chapters.xml') });
    const text = readFileSync(join(dir, r.file), 'utf8');
    expect(r.chaptersFrom).toBeNull();
    expect(text).not.toMatch(/^chapters:|^listen:/m);
    expect(text).toContain('**Sleep, mostly**');
  });

  it('names what is missing: no feed given, an episode without a date', async () => {
    const dir = makeWorkspace();
    expect((await failure(newFromFeed({ cwd: dir }))).code).toBe('USAGE');
    const e = await failure(newFromFeed({ cwd: dir, source: join(FEEDS, 'partial.xml') }));
    expect(e.code).toBe('FEED_INVALID');
    const undated = makeWorkspace({ 'f.xml': '<rss><channel><title>S</title>\n<item><title>T</title></item></channel></rss>' });
    const u = await failure(newFromFeed({ cwd: undated, source: 'f.xml' }));
    expect([u.message, u.file, u.line]).toEqual(['The episode has no <pubDate>', 'f.xml', 2]);
    expect(existsSync(join(undated, 'issues/undefined-t.md'))).toBe(false);
  });
});

describe('slugFromTitle', () => {
  it.each([
    ['The Courage to Delete Code', 'the-courage-to-delete-code'],
    ['Name It Twice: Why the First Name Is Only a Draft', 'name-it-twice'],
    ['Code Review Is a Conversation, Not a Verdict', 'code-review-is-a-conversation'],
    ['Ep. 44 - Roasting at Home (with Ana Ruiz)', 'roasting-at-home'],
    ['91: Résumé écrit à Göteborg', 'resume-ecrit-a-goteborg'],
    ['Episode 12 | Why: it', 'why-it'],
    ['What’s Next?', 'whats-next'],
  ])('%s → %s', (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });
});

describe('listen links from the config', () => {
  it('fill podcast.listen patterns for platforms the feed has no link for, and add labels the listen list lacks', async () => {
    const { listenLinksFor } = await import('../src/podcast/listenLinks.js');
    const { parseFeed } = await import('../src/podcast/parseFeed.js');
    const ep = parseFeed(readFileSync(join(FEEDS, 'quiet-build.xml'), 'utf8'), 'q.xml').episodes[0]!;
    const base = loadConfig({ cwd: ROOT }).config;
    const config = {
      ...base,
      podcast: {
        feed: null,
        listen: [
          { label: 'youtube', pattern: 'https://video.example.org/watch/quiet-build-{number}' },
          { label: 'Spotify', pattern: 'https://never.example/used' },
          { label: 'Download', pattern: '{audio_url}' },
          { label: 'Transcript', pattern: 'https://example.com/t/{guid}' },
        ],
      },
    };
    expect(listenLinksFor(ep, config, 's')).toEqual({
      links: [
        { label: 'Apple Podcasts', url: 'https://podcasts.example.com/quiet-build/ep/91' },
        // The feed's own link wins over the pattern.
        { label: 'Spotify', url: 'https://spotify.example.net/episode/quiet-build-91' },
        { label: 'YouTube', url: 'https://video.example.org/watch/quiet-build-91' },
        { label: 'Download', url: 'https://media.example.com/quiet-build/qb091-the-courage-to-delete-code.mp3' },
        { label: 'Transcript', url: 'https://example.com/t/podlove-2026-11-04t05%3A00%3A00%2B00%3A00-91c0de1e7e' },
      ],
      missing: [],
    });
  });
});

describe('podcast config', () => {
  it('refuses patterns with unknown placeholders or that make no https URL, and feeds that are neither URL nor path', async () => {
    const { Fields } = await import('../src/parse/fields.js');
    const { parsePodcastConfig } = await import('../src/parse/podcastConfig.js');
    const f = new Fields('newsletter.config.yaml', new Map());
    const parsed = parsePodcastConfig(f, {
      podcast: { feed: 'ftp://x.example/feed', listen: { A: '{title}', B: 'javascript:{guid}', C: 7, D: '{episode_url}' } },
    });
    expect(f.errors.map((e) => e.message)).toEqual([
      '"podcast.feed" must be an https:// URL or a file path, not ftp://x.example/feed',
      '"podcast.listen.A" uses {title}, which is not a listen placeholder',
      '"podcast.listen.B" does not make an https:// URL',
      '"podcast.listen.C" must be a URL pattern, not the number 7',
    ]);
    expect(parsed.listen).toEqual([{ label: 'D', pattern: '{episode_url}' }]);
  });
});
