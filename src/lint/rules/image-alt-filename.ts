/** image-alt-filename: alt text that is a file name tells a reader nothing. */
import { locate } from '../locate.js';
import { looksLikeFileName } from '../looksLikeFileName.js';
import { elements } from '../parseHtml.js';
import type { Hit, Rule } from '../types.js';

export const imageAltFilename: Rule = {
  id: 'image-alt-filename',
  severity: 'warn',
  group: 'accessibility',
  summary: 'an image’s alt text is a file name',
  docs: 'an image’s alt text is a file name (`IMG_0042.jpg`, `logo.png`)',
  run(input) {
    const hits: Hit[] = [];
    for (const img of elements(input.dom, 'img')) {
      const alt = img.attrs.get('alt') ?? '';
      const src = img.attrs.get('src') ?? '';
      if (!alt || !looksLikeFileName(alt, src)) continue;
      hits.push({
        ...(locate(input, alt) ?? locate(input, src) ?? { file: input.issue.file }),
        message: `The alt text of ${src} is a file name ("${alt}"); readers who can't see the image learn nothing from it. Write what the image shows instead.`,
      });
    }
    return hits;
  },
};
