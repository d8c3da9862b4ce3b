/** link-broken: found by `check --online` (lint/online.ts), not over a render; here for its severity and docs. */
import type { RuleMeta } from '../types.js';

export const linkBroken: RuleMeta = {
  id: 'link-broken',
  severity: 'error',
  group: 'online',
  summary: '--online: a link or image answers 4xx/5xx or can’t be reached',
  docs: '`--online`: a link or image answers 4xx or 5xx, or can’t be reached',
};
