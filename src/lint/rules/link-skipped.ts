/** link-skipped: found by `check --online` (lint/online.ts), not over a render; here for its severity and docs. */
import type { RuleMeta } from '../types.js';

export const linkSkipped: RuleMeta = {
  id: 'link-skipped',
  severity: 'warn',
  group: 'online',
  summary: '--online: a link or image was not checked (a non-public address, or the run’s deadline)',
  docs: '`--online`: a link or image was not fetched: its address is loopback, private, link-local… (use `--allow-private`), or the whole check ran out of time',
};
