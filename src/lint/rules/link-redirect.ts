/** link-redirect: found by `check --online` (lint/online.ts), not over a render; here for its severity and docs. */
import type { RuleMeta } from '../types.js';

export const linkRedirect: RuleMeta = {
  id: 'link-redirect',
  severity: 'warn',
  group: 'online',
  summary: '--online: a link is permanently redirected (301/308)',
  docs: '`--online`: a link is permanently redirected (301 or 308); link to the new address',
};
