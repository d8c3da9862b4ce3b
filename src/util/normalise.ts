/** Spaces collapsed, ends trimmed, lower case: for "does the email show this?" and "same subject?" comparisons. */
export function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}
