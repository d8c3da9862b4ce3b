import type { Token } from 'markdown-it';

/**
 * What one piece of markdown (the letter, or a markdown field) may cost,
 * checked on its tokens before anything is rendered, so that the 2 MB limit
 * on an issue file is also a limit on time. Each limit is far above what a
 * letter that fits in Gmail's 102 KB needs, so only a runaway file meets one.
 */
export const MARKDOWN_LIMITS = {
  /** Lists and quotes inside each other. markdown-it silently drops what is nested past 100 levels; this refuses first. */
  containers: 16,
  /** Emphasis and links inside each other. Deeper nesting overflowed the stack of the HTML inliner. */
  inline: 16,
  tokens: 100_000,
  links: 2_000,
} as const;

export interface LimitProblem {
  /** The block token the problem was found in, for its line. */
  token: Token | undefined;
  message: string;
  hint: string;
}

const CONTAINERS = new Set(['blockquote_open', 'bullet_list_open', 'ordered_list_open']);
const CONTAINERS_CLOSE = new Set(['blockquote_close', 'bullet_list_close', 'ordered_list_close']);

/** The first limit these tokens go past, or null. Linear: one pass over the tokens and their children. */
export function markdownLimitProblem(tokens: Token[]): LimitProblem | null {
  let count = 0;
  let links = 0;
  let containers = 0;
  for (const t of tokens) {
    count += 1 + (t.children?.length ?? 0);
    if (CONTAINERS.has(t.type) && ++containers > MARKDOWN_LIMITS.containers) {
      return {
        token: t,
        message: `Lists and quotes are nested more than ${MARKDOWN_LIMITS.containers} levels deep here`,
        hint: 'Check the indentation and the ">" marks of this part; a letter rarely needs more than three levels',
      };
    }
    if (CONTAINERS_CLOSE.has(t.type)) containers--;
    let depth = 0;
    for (const c of t.children ?? []) {
      if (c.type === 'link_open' || c.type === 'image') links++;
      depth += c.nesting;
      if (depth > MARKDOWN_LIMITS.inline) {
        return {
          token: t,
          message: `Emphasis and links are nested more than ${MARKDOWN_LIMITS.inline} levels deep here`,
          hint: 'Check for a long run of *, _ or [ characters; escape a literal one with a backslash, e.g. \\*',
        };
      }
    }
    if (links > MARKDOWN_LIMITS.links) {
      return {
        token: t,
        message: `The text has more than ${MARKDOWN_LIMITS.links} links`,
        hint: 'An email with that many links is far over the 102 KB Gmail shows; move the list to a web page and link to it',
      };
    }
    if (count > MARKDOWN_LIMITS.tokens) {
      return {
        token: t,
        message: `The text is too long or too fragmented to render (more than ${MARKDOWN_LIMITS.tokens} markdown elements)`,
        hint: 'An email that long is far over the 102 KB Gmail shows; shorten it, or move long sections to the web page',
      };
    }
  }
  return null;
}
