import { isNewsletterError } from '../problems/errors.js';
import { parseChaptersFile } from './parseChaptersFile.js';
import { parsePodloveDocument } from './podloveChapters.js';
import { notesToBlocks } from './showNotes.js';
import { chaptersFromLines } from './textChapters.js';
import type { Episode, FeedChapter } from './types.js';

/** Reads a chapters file the feed points at (a URL, or a path relative to the feed): the edge's job, passed in. */
export type ChaptersLoader = (ref: string) => Promise<{ text: string; display: string }>;

export type ChaptersFrom = 'podcast:chapters' | 'psc:chapters' | 'show notes';

export interface EpisodeChapters {
  chapters: FeedChapter[];
  from: ChaptersFrom | null;
  /** Sources that were there but could not be used, and why; the next one was tried. */
  warnings: string[];
}

/**
 * The episode's chapters from the best source it has, in this order:
 * Podcasting 2.0 JSON chapters (podcast:chapters), Podlove Simple Chapters
 * (embedded psc:chapters, or a file linked with atom:link), timestamp lines
 * in the show notes. A source that fails (unreachable, malformed, empty) is
 * reported and the next one tried, so one broken file does not cost the
 * author the chapters the feed also carries another way.
 */
export async function chaptersForEpisode(episode: Episode, load: ChaptersLoader): Promise<EpisodeChapters> {
  const warnings: string[] = [];
  const attempt = async (what: string, read: () => Promise<FeedChapter[]> | FeedChapter[]): Promise<FeedChapter[]> => {
    try {
      const chapters = await read();
      if (chapters.length === 0) warnings.push(`${what} lists no chapters`);
      return chapters;
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      warnings.push(`${what}: ${e.message}${e.line ? ` (line ${e.line})` : ''}`);
      return [];
    }
  };

  const json = episode.chaptersJson;
  if (json) {
    const chapters = await attempt(`podcast:chapters ${json.url}`, async () => {
      const got = await load(json.url);
      // JSON by the spec; a Podlove file behind the tag is read too rather than refused.
      return parseChaptersFile(got.text, got.display).chapters;
    });
    if (chapters.length > 0) return { chapters, from: 'podcast:chapters', warnings };
  }
  if (episode.podloveError) warnings.push(`psc:chapters: ${episode.podloveError.message} (line ${episode.podloveError.line ?? episode.line})`);
  if (episode.podloveChapters && episode.podloveChapters.length > 0) return { chapters: episode.podloveChapters, from: 'psc:chapters', warnings };
  const pscUrl = episode.podloveUrl;
  if (pscUrl) {
    const chapters = await attempt(`Podlove chapters ${pscUrl}`, async () => {
      const got = await load(pscUrl);
      return parsePodloveDocument(got.text, got.display);
    });
    if (chapters.length > 0) return { chapters, from: 'psc:chapters', warnings };
  }
  const fromNotes = episode.notes ? chaptersFromLines(notesToBlocks(episode.notes, episode.link).map((b) => b.text)).chapters : [];
  if (fromNotes.length > 0) return { chapters: fromNotes, from: 'show notes', warnings };
  return { chapters: [], from: null, warnings };
}
