import type { NewsletterError } from '../problems/errors.js';

/** What a podcast feed holds, as `new --from-feed` and `chapters import` need it. */

/** A chapter as the feed's sources give it: seconds from the start (whole), a title, optional links. */
export interface FeedChapter {
  time: number;
  title: string;
  url: string | null;
  image: string | null;
}

export interface Podcast {
  title: string;
  link: string | null;
  image: string | null;
  language: string | null;
}

/** A link to the episode somewhere else (podcast:contentLink, the item's link, a link in the notes). */
export interface EpisodeLink {
  url: string;
  /** The link's own words, when it has some ("Watch this episode on YouTube"). */
  text: string | null;
}

export interface Episode {
  /** 1-based line of the <item> in the feed, for errors. */
  line: number;
  title: string | null;
  guid: string | null;
  /** itunes:episode, or podcast:episode. */
  number: number | null;
  /** YYYY-MM-DD as the publisher wrote it in pubDate (no time-zone shift); null when absent or unreadable. */
  date: string | null;
  /** pubDate as written, for the error when it can't be read. */
  pubDate: string | null;
  /** The episode's web page (<link>). */
  link: string | null;
  audio: { url: string; type: string | null; length: number | null } | null;
  /** The episode's own image (itunes:image / podcast:image on the item), never the show's. */
  image: string | null;
  /** itunes:subtitle: a one-line summary. */
  subtitle: string | null;
  /** The show notes as HTML or text: content:encoded, else description, else itunes:summary. */
  notes: string | null;
  /** podcast:chapters: a JSON chapters file. */
  chaptersJson: { url: string; type: string | null } | null;
  /** psc:chapters embedded in the item (null when absent). */
  podloveChapters: FeedChapter[] | null;
  /** What was wrong with the embedded psc:chapters, raised only if this episode's chapters are used. */
  podloveError: NewsletterError | null;
  /** An external Podlove Simple Chapters file (atom:link rel="http://podlove.org/simple-chapters"). */
  podloveUrl: string | null;
  /** Links to the episode on other platforms, in the feed's order. */
  links: EpisodeLink[];
}

export interface Feed {
  /** The file or URL it was read from, as errors name it. */
  source: string;
  podcast: Podcast;
  episodes: Episode[];
}
