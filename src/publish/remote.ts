import type { RemoteDraft, RemoteState } from './types.js';

/** The id a dry run shows for a draft it would create. */
export const DRY_RUN_ID = '(new)';

/** What a dry run assumes a request returned: a draft, as it was or as it would be made. */
export function dryRunDraft(id?: string): RemoteDraft {
  return { id: id ?? DRY_RUN_ID, state: 'draft', status: 'draft', scheduledAt: null };
}

/**
 * A service's status word in publishing's terms. Only the words listed as
 * draft or scheduled may be changed; every other word, known or new, counts
 * as sent, so a broadcast in a state we don't know is never touched.
 */
export function editableState(status: string, words: { draft: readonly string[]; scheduled: readonly string[]; sending: readonly string[] }): RemoteState {
  if (words.draft.includes(status)) return 'draft';
  if (words.scheduled.includes(status)) return 'scheduled';
  if (words.sending.includes(status)) return 'sending';
  return 'sent';
}
