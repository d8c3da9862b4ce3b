/** unknown-rule: found by lintSettings (lint/lintInput.ts) from the config, not over a render; here for its severity and docs. */
import type { RuleMeta } from '../types.js';

export const unknownRule: RuleMeta = {
  id: 'unknown-rule',
  severity: 'warn',
  group: 'workspace',
  summary: 'check.rules in the config names a rule that does not exist',
  docs: '`check.rules` names a rule that does not exist',
};
