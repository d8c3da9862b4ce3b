import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { auditDocument, contentHeight } from './auditScript.js';
import { INVERT_CSS } from './invert.js';

/**
 * Bumped when what an engine makes of the same email changes in a way the
 * scripts below do not show (how shots are cut). Part of every key, with
 * the scripts that measure and audit the page and the inversion's CSS.
 */
export const ENGINES_FORMAT = 1;
const SCRIPTS = createHash('sha256').update(auditDocument.toString()).update(contentHeight.toString()).update(INVERT_CSS).digest('hex');

/**
 * The hash of what an email looks like: its HTML bytes and the bytes of
 * every local file it refers to (an image changed in place changes the
 * shot, though not the HTML).
 */
export function contentHash(html: string): string {
  const bytes = readFileSync(html);
  const h = createHash('sha256').update(bytes);
  const dir = dirname(resolve(html));
  const refs = new Set<string>();
  for (const m of bytes.toString('utf8').matchAll(/\b(?:src|background)\s*=\s*["']?([^"'\s>]+)|url\(\s*["']?([^"')]+)/gi)) {
    const ref = (m[1] ?? m[2] ?? '').replace(/&amp;/g, '&').split(/[?#]/)[0]!;
    if (!ref || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref)) continue;
    refs.add(ref);
  }
  for (const ref of [...refs].sort()) {
    let path: string;
    try {
      path = resolve(dir, decodeURI(ref));
    } catch {
      continue;
    }
    if (!path.startsWith(dir + sep)) continue;
    h.update('\0').update(ref).update('\0');
    try {
      h.update(readFileSync(path));
    } catch {
      h.update('missing');
    }
  }
  return h.digest('hex');
}

/** The cache key of one shot or audit: the content, the view, and the engine at its version. */
export function engineKey(parts: { content: string; engine: string; version: string; scheme: string; width?: number; what: 'shot' | 'audit' }): string {
  return createHash('sha256')
    .update([ENGINES_FORMAT, SCRIPTS, parts.what, parts.engine, parts.version, parts.scheme, parts.width ?? '', parts.content].join('\0'))
    .digest('hex')
    .slice(0, 40);
}
