/** archive: found when the folder is planned (a broken neighbour), not over a render; here for its severity and docs. */
import type { RuleMeta } from '../types.js';

export const archive: RuleMeta = {
  id: 'archive',
  severity: 'warn',
  group: 'workspace',
  summary: 'another issue of the folder can’t be read, so it is left out of “read more”',
  docs: 'an issue of the folder that is not being checked has an error, so the others leave it out of “read more”',
};
