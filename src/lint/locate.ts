/**
 * Where a piece of the email came from: a frontmatter value or body line of
 * the issue, a value in the config, or a line of a template override. The
 * rules use this to give every finding a file and line an author can open.
 */
import { PARTIAL_END, PARTIAL_START } from '../render/templates.js';
import type { Config, Issue } from '../parse/types.js';
import type { RuleInput } from './types.js';

export interface Place {
  file: string;
  line?: number | undefined;
}

export interface SourceValue {
  path: string;
  value: string;
}

/** The line a dotted path was written on, or the nearest parent's. */
export function lineOf(lines: Map<string, number>, path: string): number | undefined {
  let p = path;
  while (p) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    const dot = p.lastIndexOf('.');
    p = dot < 0 ? '' : p.slice(0, dot);
  }
  return undefined;
}

function sponsorBase(lines: Map<string, number>, i: number): string {
  return [...lines.keys()].some((k) => k === 'sponsors' || k.startsWith('sponsors.')) ? `sponsors.${i}` : 'sponsor';
}

/** Every text value of an issue's frontmatter, with its dotted path. */
export function issueValues(issue: Issue): SourceValue[] {
  const out: SourceValue[] = [];
  const add = (path: string, value: string | null | undefined): void => {
    if (value) out.push({ path, value });
  };
  add('title', issue.title);
  add('subject', issue.subject);
  add('preheader', issue.preheader);
  add('greeting', issue.greeting);
  add('signoff', issue.signoff);
  add('teaser', issue.teaser);
  if (issue.quote) {
    add(issue.lines.has('quote.text') ? 'quote.text' : 'quote', issue.quote.text);
    add('quote.cite', issue.quote.cite);
  }
  (issue.listen ?? []).forEach((l, i) => {
    add(`listen.${i}.label`, l.label);
    add(`listen.${i}.url`, l.url);
  });
  issue.chapters.forEach((c, i) => {
    add(`chapters.${i}.title`, c.title);
    add(`chapters.${i}.summary`, c.summary);
  });
  issue.resources.forEach((r, i) => {
    add(`resources.${i}.label`, r.label);
    add(`resources.${i}.url`, r.url);
    add(`resources.${i}.note`, r.note);
  });
  (issue.sponsors ?? []).forEach((s, i) => addSponsor(add, sponsorBase(issue.lines, i), s));
  (issue.promos ?? []).forEach((p, i) => addPromo(add, `promos.${i}`, p));
  return out;
}

type Add = (path: string, value: string | null | undefined) => void;

function addSponsor(add: Add, base: string, s: NonNullable<Issue['sponsors']>[number]): void {
  add(`${base}.label`, s.label);
  add(`${base}.name`, s.name);
  add(`${base}.text`, s.text);
  add(`${base}.logo`, s.logo);
  add(`${base}.url`, s.url);
  add(`${base}.cta.label`, s.cta?.label);
  add(`${base}.cta.url`, s.cta?.url);
}

function addPromo(add: Add, base: string, p: NonNullable<Issue['promos']>[number]): void {
  add(`${base}.title`, p.title);
  add(`${base}.text`, p.text);
  add(`${base}.cta.label`, p.cta?.label);
  add(`${base}.cta.url`, p.cta?.url);
}

/** Every text value of the config an email can print, with its dotted path. */
export function configValues(config: Config): SourceValue[] {
  const out: SourceValue[] = [];
  const add = (path: string, value: string | null | undefined): void => {
    if (value) out.push({ path, value });
  };
  add('name', config.name);
  add('description', config.description);
  add('url', config.url);
  add('greeting', config.greeting);
  add('signoff', config.signoff);
  add('author.name', config.author.name);
  config.author.title.forEach((t, i) => add(config.author.title.length > 1 ? `author.title.${i}` : 'author.title', t));
  for (const [k, v] of Object.entries(config.labels)) add(`labels.${k}`, v);
  config.listen.forEach((l, i) => {
    add(`listen.${i}.label`, l.label);
    add(`listen.${i}.url`, l.url);
  });
  config.sponsors.forEach((s, i) => addSponsor(add, sponsorBase(config.lines, i), s));
  config.promos.forEach((p, i) => addPromo(add, `promos.${i}`, p));
  for (const [k, v] of Object.entries(config.footer)) add(`footer.${k}`, v);
  add('theme.logo.src', config.theme.logo?.src);
  add('theme.logo.alt', config.theme.logo?.alt);
  return out;
}

/** The file line of each line of the issue's body. */
export function bodyLines(issue: Issue): { line: number; text: string }[] {
  return issue.body.split('\n').map((text, i) => ({ line: issue.bodyLine + i, text }));
}

export function configFile(input: RuleInput): string {
  return input.configFile ?? input.config.file;
}

/**
 * Where `needle` was written: in the issue (frontmatter, then body), in the
 * config, or in a template override. `match` decides what counts as found.
 */
export function locate(input: RuleInput, needle: string, match: (hay: string, needle: string) => boolean = (h, n) => h.includes(n)): Place | null {
  const { issue, config } = input;
  if (!needle) return null;
  const inIssue = locateInIssue(issue, needle, match);
  if (inIssue) return inIssue;
  for (const v of configValues(config)) if (match(v.value, needle)) return { file: configFile(input), line: lineOf(config.lines, v.path) };
  return locateInOverrides(input, needle, match);
}

/** Where `needle` was written in one issue: a frontmatter value, then a body line. */
export function locateInIssue(issue: Issue, needle: string, match: (hay: string, needle: string) => boolean = (h, n) => h.includes(n)): Place | null {
  for (const v of issueValues(issue)) if (match(v.value, needle)) return { file: issue.file, line: lineOf(issue.lines, v.path) };
  for (const l of bodyLines(issue)) if (match(l.text, needle)) return { file: issue.file, line: l.line };
  return null;
}

export function locateInOverrides(input: RuleInput, needle: string, match: (hay: string, needle: string) => boolean = (h, n) => h.includes(n)): Place | null {
  for (const t of input.overrides?.values() ?? []) {
    const lines = t.source.split('\n');
    const i = lines.findIndex((l) => match(l, needle));
    if (i >= 0) return { file: t.display, line: i + 1 };
  }
  return null;
}

/** The issue's frontmatter line for a path, or the title's line as the frontmatter's anchor. */
export function issuePlace(issue: Issue, path?: string): Place {
  return { file: issue.file, line: (path ? lineOf(issue.lines, path) : undefined) ?? issue.lines.get('title') ?? 1 };
}

export function configPlace(input: RuleInput, path: string): Place {
  return { file: configFile(input), line: lineOf(input.config.lines, path) };
}

/** The partial (by its display name) each generated MJML line came from. */
export function partialAtOffset(mjml: string, offset: number): string | null {
  const stack: string[] = [];
  const re = new RegExp(`${escapeRe(PARTIAL_START)}(.*?)-->|${escapeRe(PARTIAL_END)}`, 'g');
  for (let m = re.exec(mjml); m && m.index < offset; m = re.exec(mjml)) {
    if (m[1] !== undefined) stack.push(m[1]);
    else stack.pop();
  }
  return stack[stack.length - 1] ?? null;
}

/** The template name (`header.mjml.hbs`) of a partial's display name (`templates/header.mjml.hbs`, `(default theme) header.mjml.hbs`). */
export function templateName(display: string): string {
  return display.replace(/^.*[\s/]/, '');
}

/** The override behind a partial's display name, when the author really changed that template. */
export function overrideFor(input: RuleInput, display: string | null): RuleInputOverride | null {
  if (!display) return null;
  return input.overrides?.get(templateName(display)) ?? null;
}

type RuleInputOverride = NonNullable<RuleInput['overrides']> extends Map<string, infer T> ? T : never;

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Line (1-based) of a character offset. */
export function lineAt(s: string, offset: number): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0 && i < offset; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
