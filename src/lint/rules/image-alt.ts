/** image-alt: readers whose client blocks images see nothing where an image without alt text is. */
import { configPlace, locate } from '../locate.js';
import { elements, isHidden } from '../parseHtml.js';
import type { Hit, Rule } from '../types.js';

export const imageAlt: Rule = {
  id: 'image-alt',
  severity: 'error',
  group: 'accessibility',
  summary: 'an image has no alt text',
  docs: 'an image has no alt text, or an empty one',
  run(input) {
    const hits: Hit[] = [];
    const seen = new Set<string>();
    for (const img of elements(input.dom, 'img')) {
      if (isHidden(img)) continue;
      const alt = img.attrs.get('alt');
      if (alt !== undefined && alt.trim() !== '') continue;
      const src = img.attrs.get('src') ?? '';
      if (seen.has(src)) continue;
      seen.add(src);
      const isLogo = input.config.theme.logo?.src === src && !input.config.theme.logo.alt.trim();
      hits.push({
        ...(isLogo ? configPlace(input, 'theme.logo') : (locate(input, src) ?? { file: input.issue.file })),
        message: `The image ${src || '(no src)'} has no alt text, so readers whose client blocks images see nothing there. ${isLogo ? 'Add theme.logo.alt to the config' : 'Describe it: ![A chart of listeners by month](assets/chart.png)'}.`,
      });
    }
    return hits;
  },
};
