/**
 * URL patterns with {placeholders}: chapter deep links (`chapters.link`),
 * listen links (`podcast.listen`) and UTM values. One small filler so that
 * every pattern in the config reads and fails the same way.
 */

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders a pattern uses, in order, without repeats. */
export function placeholdersOf(pattern: string): string[] {
  return [...new Set([...pattern.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Fills a pattern; null when it uses a placeholder that has no value here
 * (e.g. {audio_url} for an issue without an audio link), so the caller can
 * leave the link out rather than print a half-made URL.
 */
export function fillPattern(pattern: string, values: Record<string, string | null | undefined>): string | null {
  let missing = false;
  const out = pattern.replace(PLACEHOLDER, (whole, name: string) => {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    if (v === undefined || v === null || v === '') {
      missing = true;
      return whole;
    }
    return v;
  });
  return missing ? null : out;
}

/** Placeholders a pattern uses that are not in `known`. */
export function unknownPlaceholders(pattern: string, known: readonly string[]): string[] {
  return placeholdersOf(pattern).filter((p) => !known.includes(p));
}
