/** text-bidi-control: invisible controls that make readers see other text than was written. */
import { hiddenCharacterHits } from '../hiddenCharacterHits.js';
import { findBidiControls } from '../hiddenCharacters.js';
import type { Rule } from '../types.js';

export const textBidiControl: Rule = {
  id: 'text-bidi-control',
  // The trick behind spoofed addresses and file names: what readers see is not what is written.
  severity: 'error',
  group: 'deliverability',
  summary: 'a bidi override or isolate character in the text, a label, the subject or the preheader',
  docs: 'a bidi embedding, override or isolate control (U+202A–U+202E, U+2066–U+2069) in the issue (subject, preheader, labels, the letter), the config or a template: it reorders the text after it, so readers see something other than what is written, and spam filters flag it',
  run(input) {
    return hiddenCharacterHits(
      input,
      findBidiControls,
      (where, names) =>
        `${where} holds ${names}, an invisible control that reorders the text after it: readers see something other than what is written, and spam filters flag it. Delete it (most editors show it with "show invisibles").`,
    );
  },
};
