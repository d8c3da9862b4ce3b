import { byDateDesc } from '../plan/archive.js';
import type { PlannedIssue } from '../preview/plan.js';

/** How many issues `dev` renders at start (about 20 ms each once warm). */
export const WARM_ISSUES = 8;

/**
 * V8 optimises the render only after it has run a few times, so a server's
 * first renders take three times as long as later ones. `dev` renders its
 * newest issues in the background at start: the first save then shows as
 * fast as the tenth, and those issues' pages are ready. One at a time, a
 * turn of the event loop between them (a request never waits behind more
 * than one); it ends at a change or a stop (`live` turns false).
 */
export async function warmUp(
  planned: readonly PlannedIssue[],
  count: number,
  render: (p: PlannedIssue) => Promise<unknown>,
  live: () => boolean,
): Promise<void> {
  const newest = planned
    .filter((p) => p.issue && p.key)
    .sort((a, b) => byDateDesc(a.issue!, b.issue!))
    .slice(0, count);
  for (const p of newest) {
    await new Promise<void>((turn) => setImmediate(turn));
    if (!live()) return;
    await render(p);
  }
}
