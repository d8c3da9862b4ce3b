import { NewsletterError } from '../problems/errors.js';
import type { FeedChapter } from './types.js';
import { NS, childrenOf, parseXml, type XmlElement } from './xml.js';

/**
 * Podlove Simple Chapters 1.2 (podlove.org/simple-chapters): <psc:chapters>
 * holding <psc:chapter start title [href] [image]>, with `start` in Normal
 * Play Time. The spec asks clients to sort by time; so do we.
 */

/**
 * Normal Play Time as the Podlove spec and W3C Media Fragments write it:
 * "37", "7:48", "01:35:52", "35:12.250", optionally "npt:" first. Seconds,
 * or null when it is not a time.
 */
export function parseNpt(value: string): number | null {
  const s = value.trim().replace(/^npt:/, '');
  const m = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const h = m[1] === undefined ? 0 : Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const sec = Number(m[3]);
  if (m[2] !== undefined && sec > 59) return null;
  if (m[1] !== undefined && min > 59) return null;
  return h * 3600 + min * 60 + sec + (m[4] ? Number(`0.${m[4]}`) : 0);
}

/** The chapters of one <psc:chapters> element; every chapter without a start or a title is an error with its line. */
export function chaptersFromPsc(el: XmlElement, source: string): FeedChapter[] {
  const chapters = childrenOf(el, NS.psc, 'chapter').map((c) => {
    const start = c.attrs.start;
    const seconds = start === undefined ? null : parseNpt(start);
    if (seconds === null) {
      throw new NewsletterError(
        'FEED_INVALID',
        start === undefined ? 'A psc:chapter has no start time' : `The psc:chapter start "${start.slice(0, 30)}" is not a time`,
        { file: source, line: c.line, hint: 'Podlove Simple Chapters write start as Normal Play Time: 37, 7:48, 01:35:52 or 35:12.250' },
      );
    }
    const title = c.attrs.title?.trim();
    if (!title)
      throw new NewsletterError('FEED_INVALID', 'A psc:chapter has no title', { file: source, line: c.line, hint: 'Every psc:chapter needs title="..."' });
    return { time: Math.floor(seconds), title, url: c.attrs.href?.trim() || null, image: c.attrs.image?.trim() || null };
  });
  return chapters.sort((a, b) => a.time - b.time);
}

/** A Podlove Simple Chapters file of its own: <psc:chapters> as the root element. */
export function parsePodloveDocument(xml: string, source: string): FeedChapter[] {
  const root = parseXml(xml, source, 'chapters file');
  if (root.ns !== NS.psc || root.local !== 'chapters') {
    throw new NewsletterError('FEED_INVALID', `The chapters file starts with <${root.local}>, not <psc:chapters>`, {
      file: source,
      line: root.line,
      hint: 'A Podlove Simple Chapters file is <psc:chapters xmlns:psc="http://podlove.org/simple-chapters"> with <psc:chapter> elements',
    });
  }
  return chaptersFromPsc(root, source);
}
