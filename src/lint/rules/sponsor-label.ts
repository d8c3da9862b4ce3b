/** sponsor-label: paid content must say it is paid for. */
import { configFile, configPlace, lineOf, type Place } from '../locate.js';
import { visibleText } from '../parseHtml.js';
import type { Hit, Rule } from '../types.js';
import { normalise } from '../words.js';

const SPONSOR_WORDS =
  /sponsor|supported by|brought to you by|presented by|in partnership|partner|paid|advert|\bads?\b|promot|werbung|anzeige|patrocin|publicidad|publicit|gesponsert|parrain/i;

export const sponsorLabel: Rule = {
  id: 'sponsor-label',
  severity: 'error',
  group: 'compliance',
  summary: 'a sponsor block is not labelled as sponsored',
  docs: 'a sponsor block’s label does not say it is sponsored (“Sponsored by”, “supported by”, “brought to you by”, “presented by”, “partner”, “paid”, “ad”...), or the block does not show its label',
  run(input) {
    const { issue, config } = input;
    const fromIssue = issue.sponsors !== null;
    const sponsors = issue.sponsors ?? config.sponsors;
    const shown = normalise(visibleText(input.dom));
    const hits: Hit[] = [];
    sponsors.forEach((s, i) => {
      const label = s.label ?? config.labels.sponsor;
      const lines = fromIssue ? issue.lines : config.lines;
      const file = fromIssue ? issue.file : configFile(input);
      const base = [...lines.keys()].some((k) => k.startsWith('sponsors.')) ? `sponsors.${i}` : 'sponsor';
      const place: Place = s.label
        ? { file, line: lineOf(lines, `${base}.label`) }
        : config.lines.has('labels.sponsor')
          ? configPlace(input, 'labels.sponsor')
          : { file, line: lineOf(lines, base) };
      if (!SPONSOR_WORDS.test(label)) {
        hits.push({
          ...place,
          message: `The sponsor block for ${s.name} is labelled "${label}", which does not say it is paid for; advertising law (e.g. the FTC's) asks that sponsored content be marked clearly. Use a label such as "Sponsored by" or "This issue is supported by".`,
        });
      } else if (!shown.includes(normalise(label))) {
        const o = input.overrides?.get('sponsor.mjml.hbs');
        hits.push({
          ...(o ? { file: o.display } : place),
          message: `The sponsor block for ${s.name} does not show its label "${label}", so it is not marked as sponsored. Print {{label}} in sponsor.mjml.hbs.`,
        });
      }
    });
    return hits;
  },
};
