import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseIssue } from '../parse/parseIssue.js';
import { NewsletterError } from '../problems/errors.js';
import { chaptersForEpisode, type ChaptersFrom } from '../podcast/episodeChapters.js';
import type { FetchOptions } from '../podcast/fetchFeed.js';
import { issueFromEpisode } from '../podcast/issueFromEpisode.js';
import { parseFeed } from '../podcast/parseFeed.js';
import { readSource } from '../podcast/readSource.js';
import { selectEpisode } from '../podcast/selectEpisode.js';
import { outputError, writeFileAtomic } from '../workspace/files.js';
import { displayPath } from '../workspace/reader.js';
import { loadConfig } from '../workspace/loadConfig.js';

export interface NewFromFeedOptions {
  cwd: string;
  /** A feed URL or file; `podcast.feed` from the config when absent. */
  source?: string | undefined;
  /** latest (the default), a GUID, an episode number, or words of the title. */
  episode?: string | number | undefined;
  /** Replace an existing issue file of the same name. */
  force?: boolean | undefined;
  /** --config: the config file, instead of searching for one. */
  config?: string | undefined;
  /** The words of the file name after the date; from the title when absent. */
  slug?: string | undefined;
  /** Network limits and, in tests only, loopback allowances. */
  fetch?: FetchOptions | undefined;
}

export interface NewFromFeedResult {
  /** The new issue, relative to the working folder. */
  file: string;
  episode: { title: string; date: string; guid: string | null; number: number | null };
  chapters: number;
  chaptersFrom: ChaptersFrom | null;
  /** Listen labels of the config with no link for this episode. */
  listenMissing: string[];
  /** Chapter sources that were there but could not be used. */
  warnings: string[];
}

/**
 * `newsletter new --from-feed URL|FILE [--episode ...] [--force]`: reads the
 * feed, picks the episode, gathers its chapters from the best source, and
 * writes issues/<date>-<slug>.md. An existing file is never replaced
 * without `force`, not even by a run racing this one.
 */
export async function newFromFeed(opts: NewFromFeedOptions): Promise<NewFromFeedResult> {
  const { config } = loadConfig({ cwd: opts.cwd, configPath: opts.config });
  const fromConfig = !opts.source && config.podcast?.feed;
  const source = opts.source ?? config.podcast?.feed;
  if (!source) {
    throw new NewsletterError('USAGE', 'Which feed? Give its URL or file, or set podcast.feed in the config', {
      hint: 'e.g. newsletter new --from-feed https://feeds.example.com/show.xml',
    });
  }
  // podcast.feed as a path is relative to the config's folder, as every path in the config is.
  const ref = fromConfig && !/^https?:\/\//i.test(source) && !isAbsolute(source) ? resolve(config.root, source) : source;
  const feedFile = await readSource(ref, 'feed', { cwd: opts.cwd, fetch: opts.fetch });
  const feed = parseFeed(feedFile.text, feedFile.display);
  const episode = selectEpisode(feed, opts.episode ?? 'latest');
  const found = await chaptersForEpisode(episode, (chaptersRef) =>
    readSource(chaptersRef, 'chapters file', { cwd: opts.cwd, base: feedFile.base, fetch: opts.fetch }),
  );
  const issue = issueFromEpisode(episode, config, { chapters: found.chapters, slug: opts.slug }, feed);

  const path = join(config.root, issue.fileName);
  const display = displayPath(path, opts.cwd);
  // A bug guard: what we write must read back as a valid issue.
  parseIssue(issue.source, display);
  if (opts.force) writeFileAtomic(path, issue.source, display);
  else writeNewFile(path, issue.source, display);
  return {
    file: display,
    episode: { title: episode.title ?? '', date: episode.date ?? '', guid: episode.guid, number: episode.number },
    chapters: found.chapters.length,
    chaptersFrom: found.from,
    listenMissing: issue.listenMissing,
    warnings: found.warnings,
  };
}

/**
 * Writes a file that must not exist yet: complete in a temp file first, then
 * hard-linked into place, which fails if the name was taken meanwhile (where
 * the file system has no hard links, a checked rename is the fallback).
 */
function writeNewFile(path: string, data: string, display: string): void {
  const exists = (): NewsletterError =>
    new NewsletterError('EXISTS', `${display} already exists`, { file: display, hint: 'Your edits there would be lost; pass --force to replace it' });
  if (existsSync(path)) throw exists();
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data, { flag: 'wx' });
    try {
      linkSync(tmp, path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw exists();
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
      if (existsSync(path)) throw exists();
      renameSync(tmp, path);
    }
  } catch (e) {
    throw outputError(e, display);
  } finally {
    rmSync(tmp, { force: true });
  }
}
