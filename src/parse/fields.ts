import { NewsletterError, type ErrorCode, type Warning } from '../problems/errors.js';
import type { Link, Promo, Sponsor } from './types.js';
import { checkUrl, isUnsafeUrl } from '../util/links.js';
import { linkShapeProblem, localImageProblem } from './urls.js';
import { parseGreeting } from './greeting.js';

/**
 * A small validator over plain YAML data that collects every problem at once
 * and knows the line each dotted path was written on.
 */
export class Fields {
  readonly errors: NewsletterError[] = [];
  readonly warnings: Warning[] = [];

  constructor(
    readonly file: string,
    readonly lines: Map<string, number>,
    private readonly typeCode: ErrorCode = 'FIELD_TYPE',
    private readonly raw: Map<string, string> = new Map(),
  ) {}

  line(path: string): number | undefined {
    let p = path;
    while (p) {
      const l = this.lines.get(p);
      if (l !== undefined) return l;
      const dot = p.lastIndexOf('.');
      p = dot < 0 ? '' : p.slice(0, dot);
    }
    return undefined;
  }

  error(path: string, message: string, hint?: string, code: ErrorCode = this.typeCode): void {
    this.errors.push(new NewsletterError(code, message, { file: this.file, line: this.line(path), hint }));
  }

  warn(rule: string, path: string, message: string, hint?: string): void {
    this.warnings.push({ rule, message, file: this.file, line: this.line(path), hint });
  }

  /** Throws the first error carrying all the others, if there were any. */
  throwIfAny(): void {
    const [first, ...rest] = this.errors;
    if (first) throw new NewsletterError(first.code, first.message, { file: first.file, line: first.line, hint: first.hint, more: rest });
  }

  /** A single-line-or-more text; numbers are accepted as their text (e.g. `name: 1999`) only where `coerce`. */
  str(obj: Record<string, unknown>, key: string, path: string, opts: { required?: boolean; coerce?: boolean } = {}): string | null {
    const v = obj[key];
    if (v === undefined || v === null || v === '') {
      if (opts.required) this.missing(obj, key, path);
      return null;
    }
    if (typeof v === 'string') return v;
    if (opts.coerce && (typeof v === 'number' || typeof v === 'boolean')) return this.raw.get(path) ?? String(v);
    const example = typeof v === 'number' || typeof v === 'boolean' ? String(v) : '...';
    this.error(path, `"${path}" must be text, not ${describe(v)}`, `Write it as text, e.g. ${key}: "${example}"`);
    return null;
  }

  /**
   * A required key is missing. When a key beside it looks like a misspelling
   * of it (`titel:`), say so here: the unknown-key warning that would say it
   * is lost when this error stops the run.
   */
  missing(obj: Record<string, unknown>, key: string, path: string, hint = `Add a line "${key}: ..."`): void {
    const typo = Object.keys(obj).find((k) => k !== key && closest(k, [key]) === key);
    const prefix = path.slice(0, path.length - key.length);
    // In the config, a missing key is a config error like any other (exit 78).
    const code = this.typeCode === 'CONFIG_INVALID' ? 'CONFIG_INVALID' : 'FIELD_REQUIRED';
    if (typo !== undefined) {
      this.error(`${prefix}${typo}`, `"${path}" is required: did you mean ${key} instead of ${typo}?`, `Rename "${typo}" to "${key}"`, code);
    } else {
      this.error(path, `"${path}" is required`, hint, code);
    }
  }

  list(obj: Record<string, unknown>, key: string, path: string): unknown[] | null {
    const v = obj[key];
    if (v === undefined || v === null) return null;
    if (Array.isArray(v)) return v;
    this.error(path, `"${path}" must be a list, not ${describe(v)}`, `Write one item per line, each starting with "- "`);
    return null;
  }

  map(v: unknown, path: string): Record<string, unknown> | null {
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.error(path, `"${path}" must be a mapping of keys to values, not ${describe(v)}`);
    return null;
  }

  /** A greeting, whose `{first_name|fallback}` placeholder must have a fallback every service can hold. */
  greeting(obj: Record<string, unknown>, key: string, path: string): string | null {
    const v = this.str(obj, key, path, { coerce: true });
    if (v === null) return null;
    const parsed = parseGreeting(v);
    if ('error' in parsed) {
      this.error(path, parsed.error, parsed.hint);
      return null;
    }
    return v;
  }

  url(obj: Record<string, unknown>, key: string, path: string, opts: { required?: boolean } = {}): string | null {
    const v = this.str(obj, key, path, opts);
    if (v === null) return null;
    const url = v.trim();
    const problem = checkUrl(url);
    // An unsafe scheme first (its own error code), then the shape, then "not https" or "not a full URL".
    const shape = isUnsafeUrl(url) ? null : linkShapeProblem(url, `"${path}"`);
    if (shape) {
      this.error(path, shape.message, shape.hint);
      return null;
    }
    if (problem?.level === 'error') this.error(path, problem.message, problem.hint, problem.code);
    if (problem?.level === 'warning') this.warn('link-not-https', path, problem.message, problem.hint);
    return problem?.level === 'error' ? null : url;
  }

  /** Warns about keys we do not know, with a "did you mean". */
  unknownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const guess = closest(key, known);
      const path = prefix ? `${prefix}.${key}` : key;
      this.warn(
        'unknown-key',
        path,
        `Unknown key "${path}"${guess ? `: did you mean ${guess}?` : ''}`,
        guess ? `Rename it to "${guess}"` : `Known keys: ${known.join(', ')}`,
      );
    }
  }

  link(v: unknown, path: string, opts: { noteAllowed?: boolean } = {}): Link | null {
    const m = this.map(v, path);
    if (!m) return null;
    this.unknownKeys(m, opts.noteAllowed ? ['label', 'url', 'note'] : ['label', 'url'], path);
    const label = this.str(m, 'label', `${path}.label`, { required: true, coerce: true });
    const url = this.url(m, 'url', `${path}.url`, { required: true });
    const note = opts.noteAllowed ? this.str(m, 'note', `${path}.note`, { coerce: true }) : null;
    if (label === null || url === null) return null;
    return { label, url, note, line: this.line(path) };
  }

  links(obj: Record<string, unknown>, key: string, path: string, opts: { noteAllowed?: boolean } = {}): Link[] | null {
    const items = this.list(obj, key, path);
    if (!items) return null;
    return items.flatMap((item, i) => this.link(item, `${path}.${i}`, opts) ?? []);
  }

  sponsor(v: unknown, path: string): Sponsor | null {
    const m = this.map(v, path);
    if (!m) return null;
    this.unknownKeys(m, ['label', 'name', 'text', 'logo', 'url', 'cta'], path);
    const name = this.str(m, 'name', `${path}.name`, { required: true, coerce: true });
    const logo = this.str(m, 'logo', `${path}.logo`);
    if (logo) this.imageSrc(logo, `${path}.logo`);
    const sponsor: Sponsor = {
      label: this.str(m, 'label', `${path}.label`, { coerce: true }),
      name: name ?? '',
      text: this.str(m, 'text', `${path}.text`, { coerce: true }),
      logo,
      url: this.url(m, 'url', `${path}.url`),
      cta: m.cta === undefined || m.cta === null ? null : this.link(m.cta, `${path}.cta`),
      line: this.line(path),
    };
    return name === null ? null : sponsor;
  }

  promo(v: unknown, path: string): Promo | null {
    const m = this.map(v, path);
    if (!m) return null;
    this.unknownKeys(m, ['title', 'text', 'cta'], path);
    const title = this.str(m, 'title', `${path}.title`, { required: true, coerce: true });
    const promo: Promo = {
      title: title ?? '',
      text: this.str(m, 'text', `${path}.text`, { coerce: true }),
      cta: m.cta === undefined || m.cta === null ? null : this.link(m.cta, `${path}.cta`),
      line: this.line(path),
    };
    return title === null ? null : promo;
  }

  /** Image sources: a relative path inside the workspace, or an http(s) URL. */
  imageSrc(src: string, path: string): boolean {
    const value = src.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) {
      const problem = checkUrl(value);
      const shape = problem?.level === 'error' ? null : linkShapeProblem(value, `"${path}"`);
      if (problem?.level === 'error') this.error(path, problem.message, problem.hint, problem.code);
      else if (shape) this.error(path, shape.message, shape.hint);
      return problem?.level !== 'error' && !shape;
    }
    const local = localImageProblem(value, `The image "${value.slice(0, 60)}"`);
    if (local) this.error(path, local.message, local.hint);
    return !local;
  }
}

export function describe(v: unknown): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v.slice(0, 30)}"`;
  // Only primitives reach String(): a mapping such as {toString: 1} would throw.
  return typeof v === 'number' || typeof v === 'boolean' ? `the ${typeof v} ${String(v)}` : `a ${typeof v}`;
}

/** The known key closest to a misspelling, if it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= (word.length <= 3 ? 1 : 2) ? best : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
