/**
 * The greeting may name the reader: `greeting: Hi {first_name|there},`.
 * That neutral form is written once, in the config or an issue, and each
 * sending service gets it in its own merge-tag syntax (src/render/mergeTags.ts);
 * test sends, previews and the web archive show the fallback ("Hi there,"),
 * since there is no subscriber to name.
 */

/** A piece of a greeting: text as written, or the reader's first name with what to say when the service has none. */
export type GreetingPart = string | { firstName: string };

const PLACEHOLDER = /\{\s*first_?name\s*(?:\|([^{}]*))?\}/gi;

/** The greeting in pieces, or what is wrong with its placeholder. */
export function parseGreeting(greeting: string): { parts: GreetingPart[] } | { error: string; hint: string } {
  const parts: GreetingPart[] = [];
  let at = 0;
  for (const m of greeting.matchAll(PLACEHOLDER)) {
    const fallback = m[1]?.trim();
    if (fallback === undefined || fallback === '') {
      return {
        error: `The greeting's ${m[0]} has no fallback for readers whose first name the service doesn't know`,
        hint: 'Write the fallback after a bar, e.g. greeting: "Hi {first_name|there},"',
      };
    }
    const bad = checkFallback(fallback);
    if (bad)
      return {
        error: `The greeting's fallback "${fallback}" ${bad}`,
        hint: "Use plain words, e.g. there or friend; letters, digits, spaces and . , ! ? - ' are fine",
      };
    if (m.index > at) parts.push(greeting.slice(at, m.index));
    parts.push({ firstName: fallback });
    at = m.index + m[0].length;
  }
  if (at < greeting.length) parts.push(greeting.slice(at));
  return { parts };
}

/** The greeting with each placeholder replaced by `name(fallback)`; a greeting that doesn't parse is left as written (parsing refused it already). */
export function fillGreeting(greeting: string, name: (fallback: string) => string): string {
  const parsed = parseGreeting(greeting);
  if ('error' in parsed) return greeting;
  return parsed.parts.map((p) => (typeof p === 'string' ? p : name(p.firstName))).join('');
}

/**
 * Whether a greeting's fallback ("there" in "Hi {first_name|there}")
 * can go inside a merge tag of every service: letters, digits, spaces and
 * . , ! ? - ' ’, at most 40 characters. null when it can; else what is wrong.
 */
export function checkFallback(fallback: string): string | null {
  if (fallback.length > 40) return 'is longer than 40 characters';
  const bad = [...fallback].find((c) => !/[\p{L}\p{N} .,!?'’-]/u.test(c));
  return bad === undefined ? null : `holds ${JSON.stringify(bad)}, which can't go inside a merge tag`;
}
