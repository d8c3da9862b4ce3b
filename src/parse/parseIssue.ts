import { NewsletterError, type Warning } from '../problems/errors.js';
import type { Chapter, Issue, Quote, Sponsor, Promo } from './types.js';
import { Fields, describe } from './fields.js';
import { parseFrontmatter } from './frontmatter.js';
import { parseTime } from './time.js';

export const ISSUE_KEYS = [
  'title',
  'date',
  'subject',
  'preheader',
  'slug',
  'greeting',
  'quote',
  'listen',
  'chapters',
  'resources',
  'sponsor',
  'sponsors',
  'promos',
  'signoff',
  'teaser',
  'draft',
] as const;

/**
 * An issue file's text as parseIssue reads it: CRLF and lone CR as LF, a
 * UTF-8 BOM dropped, so the output does not depend on the editor. The parse
 * caches (workspace/) compare and slice the same text.
 */
export function issueText(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** parseIssue(source, file) → Issue: pure; every problem in the frontmatter is reported at once. */
export function parseIssue(source: string, file: string): { issue: Issue; warnings: Warning[] } {
  const text = issueText(source);
  if (text.trim() === '') {
    throw new NewsletterError('FILE_EMPTY', 'The issue file is empty', {
      file,
      hint: 'Start with a frontmatter block: ---, title: ..., date: YYYY-MM-DD, ---, then the letter',
    });
  }
  const fm = parseFrontmatter(text, file);
  const f = new Fields(file, fm.lines, 'FIELD_TYPE', fm.raw);
  const d = fm.data;
  f.unknownKeys(d, ISSUE_KEYS, '');

  const title = f.str(d, 'title', 'title', { required: true });
  const date = parseDate(f, d);
  const slugRaw = f.str(d, 'slug', 'slug', { coerce: true });
  const slug = slugRaw ?? slugFromFile(file);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(slug) || slug.includes('..')) {
    f.error('slug', `The slug "${slug}" can't be used as a file name`, 'Use letters, digits, "-", "_" and "." only, e.g. slug: 2024-12-product-vs-project');
  }

  const issue: Issue = {
    file,
    slug,
    title: title ?? '',
    date: date ?? '',
    subject: f.str(d, 'subject', 'subject', { coerce: true }),
    preheader: f.str(d, 'preheader', 'preheader', { coerce: true }),
    greeting: f.greeting(d, 'greeting', 'greeting'),
    quote: parseQuote(f, d.quote),
    listen: d.listen === false ? [] : f.links(d, 'listen', 'listen'),
    chapters: parseChapters(f, d),
    resources: f.links(d, 'resources', 'resources', { noteAllowed: true }) ?? [],
    sponsors: parseSponsors(f, d),
    promos: parsePromos(f, d),
    signoff: f.str(d, 'signoff', 'signoff', { coerce: true }),
    teaser: f.str(d, 'teaser', 'teaser', { coerce: true }),
    draft: parseDraft(f, d),
    body: fm.body,
    bodyLine: fm.bodyLine,
    lines: fm.lines,
  };
  f.throwIfAny();
  return { issue, warnings: f.warnings };
}

export function slugFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(md|markdown)$/i, '');
}

function parseDate(f: Fields, d: Record<string, unknown>): string | null {
  const v = d.date;
  if (v === undefined || v === null || v === '') {
    f.missing(d, 'date', 'date', 'Add a line "date: YYYY-MM-DD", e.g. date: 2024-12-18');
    return null;
  }
  const s = typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // Checked in UTC so the answer does not depend on the machine's time zone.
    const t = new Date(Date.UTC(y, mo - 1, da));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === da) return s;
    f.error('date', `"date" ${s} is not a real calendar date`, 'Write an existing date as YYYY-MM-DD, e.g. 2024-12-18');
    return null;
  }
  f.error('date', `"date" must be a date written YYYY-MM-DD, not ${describe(v)}`, 'e.g. date: 2024-12-18');
  return null;
}

function parseDraft(f: Fields, d: Record<string, unknown>): boolean {
  const v = d.draft;
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  f.error('draft', `"draft" must be true or false, not ${describe(v)}`, 'Write draft: true, or remove the line');
  return false;
}

function parseQuote(f: Fields, v: unknown): Quote | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return { text: v, cite: null };
  const m = f.map(v, 'quote');
  if (!m) return null;
  f.unknownKeys(m, ['text', 'cite'], 'quote');
  const text = f.str(m, 'text', 'quote.text', { required: true, coerce: true });
  return text === null ? null : { text, cite: f.str(m, 'cite', 'quote.cite', { coerce: true }) };
}

function parseChapters(f: Fields, d: Record<string, unknown>): Chapter[] {
  const items = f.list(d, 'chapters', 'chapters');
  if (!items) return [];
  const chapters: Chapter[] = [];
  items.forEach((item, i) => {
    const path = `chapters.${i}`;
    const m = f.map(item, path);
    if (!m) return;
    f.unknownKeys(m, ['time', 'title', 'summary'], path);
    const title = f.str(m, 'title', `${path}.title`, { required: true, coerce: true });
    let time: number | null = null;
    if (m.time !== undefined && m.time !== null && m.time !== '') {
      time = parseTime(m.time);
      if (time === null) {
        f.error(
          `${path}.time`,
          `Chapter time ${describe(m.time)} is not a time`,
          'Write "MM:SS" or "H:MM:SS" in quotes, or a number of seconds, e.g. time: "01:19"',
        );
      }
    }
    if (title !== null) chapters.push({ time, title, summary: f.str(m, 'summary', `${path}.summary`, { coerce: true }), line: f.line(path) });
  });
  return chapters;
}

function parseSponsors(f: Fields, d: Record<string, unknown>): Sponsor[] | null {
  if (d.sponsor !== undefined && d.sponsors !== undefined) {
    f.error('sponsors', 'Use either "sponsor" or "sponsors", not both', 'Put every sponsor in the "sponsors:" list');
    return null;
  }
  const key = d.sponsors !== undefined ? 'sponsors' : 'sponsor';
  const v = d[key];
  if (v === undefined || v === null) return null;
  if (v === false) return [];
  if (Array.isArray(v)) return v.flatMap((s, i) => f.sponsor(s, `${key}.${i}`) ?? []);
  const one = f.sponsor(v, key);
  return one ? [one] : [];
}

function parsePromos(f: Fields, d: Record<string, unknown>): Promo[] | null {
  const v = d.promos;
  if (v === undefined || v === null) return null;
  if (v === false) return [];
  const items = f.list(d, 'promos', 'promos');
  return items ? items.flatMap((p, i) => f.promo(p, `promos.${i}`) ?? []) : [];
}
