import { createHash } from 'node:crypto';

/** The SHA-256 of the parts, each ended by a NUL so that ("ab", "c") and ("a", "bc") differ. */
export function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}
