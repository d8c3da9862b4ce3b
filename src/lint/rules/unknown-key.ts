/** unknown-key: found when an issue or the config is parsed, not over a render; here for its severity and docs. */
import type { RuleMeta } from '../types.js';

export const unknownKey: RuleMeta = {
  id: 'unknown-key',
  severity: 'warn',
  group: 'workspace',
  summary: 'an unknown (misspelt?) key in an issue or the config',
  docs: 'an unknown (misspelt?) key in an issue or in the config, with “did you mean”',
};
