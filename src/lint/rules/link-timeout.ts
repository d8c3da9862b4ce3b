/** link-timeout: found by `check --online` (lint/online.ts), not over a render; here for its severity and docs. */
import type { RuleMeta } from '../types.js';

export const linkTimeout: RuleMeta = {
  id: 'link-timeout',
  severity: 'warn',
  group: 'online',
  summary: '--online: a link or image did not answer in time',
  docs: '`--online`: a link or image did not answer within the timeout',
};
