/** contrast: text readers can't read against what it sits on. */
import { contrast as ratioOf, MIN_CONTRAST } from '../../render/palette.js';
import { colourPairs } from '../colourPairs.js';
import { configPlace, locateInOverrides, type Place } from '../locate.js';
import { overrideFor, partialAtOffset } from '../partials.js';
import type { Hit, Rule } from '../types.js';
import { quote } from '../words.js';

export const contrast: Rule = {
  id: 'contrast',
  severity: 'error',
  group: 'accessibility',
  summary: 'text or a button is shown below 4.5:1 contrast',
  docs: 'text or a button is shown at less than 4.5:1 contrast against its background',
  run(input) {
    const hits: Hit[] = [];
    for (const p of colourPairs(input.dom)) {
      const ratio = ratioOf(p.color, p.background);
      if (ratio >= MIN_CONTRAST) continue;
      const at = input.rendered.mjml.indexOf(p.sample.slice(0, 40));
      const override = at >= 0 ? overrideFor(input, partialAtOffset(input.rendered.mjml, at)) : null;
      let place: Place;
      if (override) {
        const lines = override.source.split('\n');
        const i = lines.findIndex((l) => l.toLowerCase().includes(p.color) || l.toLowerCase().includes(p.background));
        place = { file: override.display, line: i >= 0 ? i + 1 : undefined };
      } else {
        place = locateInOverrides(input, p.color, (h, n) => h.toLowerCase().includes(n)) ?? configPlace(input, 'theme');
      }
      hits.push({
        ...place,
        message: `Text such as ${quote(p.sample, 40)} is ${p.color} on ${p.background}, a contrast of ${ratio.toFixed(2)}:1; readers need at least ${MIN_CONTRAST}:1. Darken the text or lighten its background.`,
      });
    }
    return hits;
  },
};
