/** leftover: TODO, TBD, lorem ipsum... left in what readers get. */
import { findLeftovers } from '../leftovers.js';
import { configFile, lineOf, locateInIssue, locateInOverrides, type Place } from '../locate.js';
import { visibleText } from '../parseHtml.js';
import { bodyLines, configValues, issueValues } from '../sourceValues.js';
import type { Hit, Rule } from '../types.js';
import { capitalise } from '../words.js';

export const leftover: Rule = {
  id: 'leftover',
  severity: 'error',
  group: 'content',
  summary: 'TODO, TBD, FIXME, XX:XX, lorem ipsum or an unfilled {{...}} is left in',
  docs: '`TODO`, `TBD`, `FIXME`, `XX:XX`, “lorem ipsum” or an unfilled `{{...}}` in the issue (frontmatter and letter; code spans and blocks are left alone), or in what the config and templates print',
  run(input) {
    const { issue, config } = input;
    const hits: Hit[] = [];
    const found = new Set<string>();
    const add = (place: Place, l: { match: string; what: string }): void => {
      const key = `${place.file}:${place.line}:${l.match}`;
      if (found.has(key)) return;
      found.add(key);
      found.add(l.match);
      hits.push({ ...place, message: `${capitalise(l.what)} is left in: "${l.match}". Fill it in or remove it before sending.` });
    };
    for (const v of issueValues(issue)) for (const l of findLeftovers(v.value)) add({ file: issue.file, line: lineOf(issue.lines, v.path) }, l);
    let inCode = false;
    for (const l of bodyLines(issue)) {
      if (/^\s*(```|~~~)/.test(l.text)) inCode = !inCode;
      if (inCode) continue;
      for (const x of findLeftovers(l.text.replace(/`[^`]*`/g, ''))) add({ file: issue.file, line: l.line }, x);
    }
    // What reaches the reader from elsewhere: the config's texts and the author's templates.
    const shown = [input.rendered.subject, input.rendered.preheader, input.rendered.text, visibleText(input.dom)].join('\n');
    // Words of the issue itself were judged above, where code spans and blocks are left alone.
    const own = [issue.body, ...issueValues(issue).map((v) => v.value)].join('\n');
    for (const l of findLeftovers(shown)) {
      if (found.has(l.match) || own.includes(l.match)) continue;
      const v = configValues(config).find((c) => c.value.includes(l.match));
      // A teaser in "read more" shows another issue's words: the leftover is that issue's to fix.
      const other = (input.others ?? []).map((o) => locateInIssue(o, l.match)).find(Boolean);
      const place = v ? { file: configFile(input), line: lineOf(config.lines, v.path) } : (locateInOverrides(input, l.match) ?? other ?? { file: issue.file });
      add(place, l);
    }
    return hits;
  },
};
