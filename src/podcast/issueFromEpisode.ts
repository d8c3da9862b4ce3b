import type { Config } from '../parse/types.js';
import { NewsletterError } from '../problems/errors.js';
import { listenLinksFor } from './listenLinks.js';
import { blocksToMarkdown, notesToBlocks, type NoteBlock } from './showNotes.js';
import { chaptersFromLines } from './textChapters.js';
import type { Episode, Feed, FeedChapter } from './types.js';
import { chaptersYaml, yamlScalar } from './yamlText.js';

/** The paragraph the author replaces with the letter; `check` reports the TODO until they do. */
export const LETTER_PLACEHOLDER = "TODO: write this week's letter here. The episode's notes from the feed follow: keep, shorten or replace them.";

/** How much of the show notes becomes the summary, cut between paragraphs. */
const SUMMARY_CHARS = 2500;

export interface IssueFromEpisodeOptions {
  chapters: readonly FeedChapter[];
  /** The words of the file name after the date; from the title when absent. */
  slug?: string | undefined;
}

export interface NewIssue {
  /** issues/<date>-<slug>.md, relative to the workspace. */
  fileName: string;
  source: string;
  /** Listen labels of the config with no link for this episode, left out of the issue. */
  listenMissing: string[];
}

/**
 * issueFromEpisode(episode, config, opts) → the markdown source of a new
 * issue: pure. Frontmatter: title, date, the preheader (the episode's
 * subtitle), draft: true, listen links, chapters; body: the placeholder
 * letter, the episode's own image, and a summary of its show notes (the
 * chapter lines left out: they are the chapters block).
 */
export function issueFromEpisode(episode: Episode, config: Config, opts: IssueFromEpisodeOptions, feed?: Pick<Feed, 'source'>): NewIssue {
  const where = { file: feed?.source, line: episode.line };
  if (!episode.title)
    throw new NewsletterError('FEED_INVALID', 'The episode has no <title>', {
      ...where,
      hint: 'An issue needs a title: add one to the episode at your podcast host',
    });
  if (!episode.date) {
    throw new NewsletterError(
      'FEED_INVALID',
      episode.pubDate ? `The episode's <pubDate> "${episode.pubDate.slice(0, 40)}" is not a date` : 'The episode has no <pubDate>',
      { ...where, hint: 'RSS dates look like "Wed, 04 Nov 2026 05:00:00 +0000"' },
    );
  }
  const slug = (opts.slug ? slugify(opts.slug) : '') || slugFromTitle(episode.title) || 'episode';
  const fileName = `issues/${episode.date}-${slug}.md`;
  const listen = listenLinksFor(episode, config, `${episode.date}-${slug}`);

  const fm = ['---', `title: ${yamlScalar(episode.title)}`, `date: ${episode.date}`];
  if (episode.subtitle) fm.push(`preheader: ${yamlScalar(episode.subtitle)}`);
  fm.push('draft: true');
  if (listen.links.length > 0) {
    fm.push('listen:');
    for (const l of listen.links) fm.push(`  - label: ${yamlScalar(l.label)}`, `    url: ${yamlScalar(l.url)}`);
  }
  const head = fm.join('\n') + '\n' + (opts.chapters.length > 0 ? chaptersYaml(opts.chapters) : '') + '---\n';

  const body = [LETTER_PLACEHOLDER];
  if (episode.image && /^https:\/\//i.test(episode.image)) {
    body.push(`![${escapeAlt(episode.title)}](${episode.image.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`);
  }
  const summary = summaryOf(episode);
  if (summary) body.push(summary);
  return { fileName, source: `${head}\n${body.join('\n\n')}\n`, listenMissing: listen.missing };
}

/**
 * The show notes as markdown, without their chapter lines and the short
 * line that introduced them ("Chapters:", "In this episode"), cut between
 * paragraphs after about SUMMARY_CHARS characters.
 */
export function summaryOf(episode: Pick<Episode, 'notes' | 'link'>): string {
  if (!episode.notes) return '';
  const blocks = notesToBlocks(episode.notes, episode.link);
  const { used } = chaptersFromLines(blocks.map((b) => b.text));
  const drop = new Set(used);
  const first = used[0];
  if (first !== undefined && first > 0) {
    const intro = blocks[first - 1]!;
    if (intro.text.length <= 60 && !/[.!?]$/.test(intro.text)) drop.add(first - 1);
  }
  const kept: NoteBlock[] = [];
  let size = 0;
  for (const [i, b] of blocks.entries()) {
    if (drop.has(i)) continue;
    if (kept.length > 0 && size + b.markdown.length > SUMMARY_CHARS) break;
    kept.push(b);
    size += b.markdown.length;
  }
  return blocksToMarkdown(kept);
}

/**
 * A file-name slug from a title: an "Episode 91:" prefix dropped, the part
 * before a subtitle (":", ",", " – ", "(", "|") when that part has two words
 * or more, accents folded, at most about 60 characters cut at a word.
 */
export function slugFromTitle(title: string): string {
  let t = title.replace(/^\s*(?:episode|ep\.?|#)?\s*\d+\s*[:.|–—-]\s*/i, '');
  const head = t.split(/\s*(?::|,|\(|\||\s[–—-]\s)\s*/)[0] ?? t;
  if (head.trim().split(/\s+/).length >= 2) t = head;
  return slugify(t);
}

function slugify(s: string): string {
  const words = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let out = '';
  for (const w of words) {
    if (out && out.length + 1 + w.length > 60) break;
    out = out ? `${out}-${w}` : w.slice(0, 60);
  }
  return out;
}

function escapeAlt(s: string): string {
  return s.replace(/[\\[\]*_`<]/g, '\\$&');
}
