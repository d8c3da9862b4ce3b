/** text-zero-width: invisible characters that split words for filters and searches. */
import { hiddenCharacterHits } from '../hiddenCharacterHits.js';
import { findZeroWidth } from '../hiddenCharacters.js';
import type { Rule } from '../types.js';

export const textZeroWidth: Rule = {
  id: 'text-zero-width',
  severity: 'warn',
  group: 'deliverability',
  summary: 'a zero-width character in the text, a label, the subject or the preheader',
  docs: 'a zero-width character (U+200B–U+200D, U+2060, U+FEFF) in the issue, the config or a template, except joiners inside emoji and in scripts that need them: spam filters score hidden characters, and they break search and copy',
  run(input) {
    return hiddenCharacterHits(
      input,
      findZeroWidth,
      (where, names) =>
        `${where} holds ${names}, an invisible character (often pasted in from a web page or a chat): it splits words for searches and copy-paste, and spam filters score hidden characters. Delete it.`,
    );
  },
};
