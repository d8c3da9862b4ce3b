import { dirname, isAbsolute, resolve } from 'node:path';
import { NewsletterError } from '../problems/errors.js';
import { readTextFile } from '../workspace/files.js';
import { displayPath } from '../workspace/reader.js';
import { fetchChapters, fetchFeed, type FetchOptions } from './fetchFeed.js';

export interface Source {
  text: string;
  /** How errors name it: the URL, or the path relative to the working folder. */
  display: string;
  /** What relative references inside it resolve against: its final URL, or its absolute path. */
  base: string;
}

export interface SourceOptions {
  cwd: string;
  /** A URL or file that `ref` is relative to (a feed, for its chapters file); the working folder otherwise. */
  base?: string | undefined;
  fetch?: FetchOptions | undefined;
}

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/** A feed or chapters file from a URL (fetched, with every guard) or a file (through the workspace's guarded reader). */
export async function readSource(ref: string, what: 'feed' | 'chapters file', opts: SourceOptions): Promise<Source> {
  const r = ref.trim();
  let url: string | null = null;
  if (isUrl(r)) url = r;
  else if (/^[a-z][a-z0-9+.-]*:/i.test(r) && !/^[a-z]:[\\/]/i.test(r)) {
    throw new NewsletterError('FETCH_REFUSED', `The ${what} "${r.slice(0, 60)}" is neither an https:// URL nor a file path`, {
      hint: 'Give the https:// address of the file, or its path',
    });
  } else if (opts.base && isUrl(opts.base)) {
    url = new URL(r, opts.base).href;
  }
  if (url !== null) {
    const got = what === 'feed' ? await fetchFeed(url, opts.fetch) : await fetchChapters(url, opts.fetch);
    return { text: got.text, display: url, base: got.url };
  }
  const path = isAbsolute(r) ? r : resolve(opts.base ? dirname(opts.base) : opts.cwd, r);
  const display = displayPath(path, opts.cwd);
  return { text: readTextFile(path, display, what === 'feed' ? 10 * 1024 * 1024 : 1024 * 1024), display, base: path };
}
