/**
 * Every text value an email can print from the issue's frontmatter and
 * from the config, each with its dotted path (`resources.2.url`), and the
 * lines of the issue's body: where the rules look for what they found.
 */
import type { Config, Issue } from '../parse/types.js';

export interface SourceValue {
  path: string;
  value: string;
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
