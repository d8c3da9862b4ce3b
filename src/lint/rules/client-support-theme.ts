/** client-support-theme: what only the default theme writes and some client drops (off by default). */
import { featureHits } from '../clientFeatures.js';
import type { Rule } from '../types.js';

/**
 * The same scan, for what only the default theme writes. Off by default: every
 * such feature is a deliberate enhancement that degrades (dark mode, rounded
 * corners, phone rules), listed in docs/check.md and kept so by the theme's tests;
 * reporting them on every issue would bury what an author can act on.
 */
export const clientSupportTheme: Rule = {
  id: 'client-support-theme',
  severity: 'warn',
  group: 'client support',
  summary: 'the default theme uses HTML or CSS some clients drop (off by default: deliberate enhancements)',
  offByDefault: true,
  docs: 'off by default. The same scan as client-support for what only the default theme writes: each is an enhancement that degrades where a client drops it (dark mode, rounded corners, phone rules). Off by default; set it to warn to see the list',
  run: (input) => featureHits(input, 'theme'),
};
