/**
 * Where invisible characters were written: every text value of the issue's
 * frontmatter (subject, preheader, labels...), every line of the letter,
 * every value of the config an email prints, every line of a template
 * override. One hit per place, naming the characters found there.
 */
import { columnOf, type HiddenCharacter } from './hiddenCharacters.js';
import { configFile, lineOf } from './locate.js';
import { bodyLines, configValues, issueValues } from './sourceValues.js';
import type { Hit, LintInput } from './types.js';

export function hiddenCharacterHits(input: LintInput, find: (s: string) => HiddenCharacter[], message: (where: string, names: string) => string): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  const add = (where: string, text: string, file: string, line: number | undefined, withColumn: boolean): void => {
    const found = find(text);
    if (found.length === 0) return;
    const key = `${file}:${line}`;
    if (seen.has(key)) return;
    seen.add(key);
    const names = [...new Set(found.map((f) => f.name))].join(', ');
    hits.push({ file, line, ...(withColumn ? { column: columnOf(text, found[0]!.index) } : {}), message: message(where, names) });
  };
  const { issue, config } = input;
  for (const v of issueValues(issue)) add(`"${v.path}"`, v.value, issue.file, lineOf(issue.lines, v.path), false);
  for (const l of bodyLines(issue)) add('This line of the letter', l.text, issue.file, l.line, true);
  for (const v of configValues(config)) add(`"${v.path}"`, v.value, configFile(input), lineOf(config.lines, v.path), false);
  for (const o of input.overrides?.values() ?? []) o.source.split('\n').forEach((text, i) => add('This line of the template', text, o.display, i + 1, true));
  return hits;
}
