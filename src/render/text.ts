/** Plain-text helpers for the text part and for teasers. */

/** About `max` characters of `text`, cut at a word and ended with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = (lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : flat.slice(0, max)).replace(/[\s,;:.!?—–-]+$/, '');
  return `${head}…`;
}

/**
 * Wraps prose at `width` columns for the text part. URLs and other long
 * words are never broken, so they stay clickable in text-only clients.
 */
export function wrap(text: string, width = 72, indent = ''): string {
  return text
    .split('\n')
    .map((line) => {
      const lead = /^(\s*(?:- |\d+\. |> )?)/.exec(line)?.[1] ?? '';
      const hang = indent + ' '.repeat(lead.length);
      const words = line.slice(lead.length).split(/ +/);
      const out: string[] = [];
      let cur = indent + lead;
      let empty = true;
      for (const w of words) {
        if (!empty && cur.length + 1 + w.length > width) {
          out.push(cur);
          cur = hang + w;
        } else {
          cur += (empty ? '' : ' ') + w;
        }
        empty = false;
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** Collapses the blank lines empty blocks leave behind and trims trailing spaces. */
export function tidyText(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
