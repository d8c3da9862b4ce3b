/** image-missing: a local image the email shows does not exist. */
import { locate } from '../locate.js';
import type { Rule } from '../types.js';

export const imageMissing: Rule = {
  id: 'image-missing',
  severity: 'error',
  group: 'content',
  summary: 'a local image does not exist',
  docs: 'a local image (`assets/...`) does not exist',
  run(input) {
    const exists = input.imageExists;
    if (!exists) return [];
    return input.rendered.images
      .filter((src) => !exists(src))
      .map((src) => ({
        ...(locate(input, src) ?? { file: input.issue.file }),
        message: `The image ${src} does not exist, so the email would show a broken image (and build would fail). Check the path: images are looked up from the folder of the config.`,
      }));
  },
};
