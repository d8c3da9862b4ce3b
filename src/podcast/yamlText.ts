import { stringify } from 'yaml';
import { formatTime } from '../parse/time.js';
import type { FeedChapter } from './types.js';

/**
 * YAML written the way an author would write it by hand: plain scalars
 * where that is safe, double quotes where YAML 1.1 tools would read the
 * value as something else (01:19 as 79, yes as true, 2024-01-01 as a date).
 */
export function yamlScalar(value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  if (v === '' || /^[\d:._+-]+$/.test(v) || /^(?:y|n|yes|no|on|off|true|false|null|~)$/i.test(v)) return JSON.stringify(v);
  const out = stringify(v, { lineWidth: 0, defaultStringType: 'PLAIN' }).replace(/\n$/, '');
  return out.includes('\n') ? JSON.stringify(v) : out;
}

/** The `chapters:` key and its list, each line ended with `eol`, items indented two spaces past `indent`. */
export function chaptersYaml(chapters: readonly FeedChapter[], eol = '\n', indent = ''): string {
  if (chapters.length === 0) return `${indent}chapters: []${eol}`;
  const lines = [`${indent}chapters:`];
  for (const c of chapters) {
    lines.push(`${indent}  - time: ${JSON.stringify(formatTime(c.time))}`);
    lines.push(`${indent}    title: ${yamlScalar(c.title)}`);
  }
  return lines.join(eol) + eol;
}
