import type { Token } from 'markdown-it';

/**
 * Markdown tokens → the plain text of the text part, block by block:
 * paragraphs as they are, list items with their markers, links as
 * "label (url)". Linear in the number of tokens: pieces are collected in
 * arrays and joined once, because slicing or testing a string that is
 * still being appended to copies it every time (a paragraph of n links was
 * n² work).
 */

export function tokensToText(tokens: Token[], urls = true): string {
  return blocksToText(tokens, urls).join('\n\n');
}

interface Block {
  parts: string[];
  /** Started by a list item's marker: items of one list are one block, joined by single newlines. */
  item: boolean;
}

export function blocksToText(tokens: Token[], urls = true): string[] {
  const out: Block[] = [];
  const listStack: { ordered: boolean; n: number }[] = [];
  let prefix = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'bullet_list_open':
        listStack.push({ ordered: false, n: 0 });
        break;
      case 'ordered_list_open':
        listStack.push({ ordered: true, n: Number(t.attrGet('start') ?? 1) - 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listStack.pop();
        break;
      case 'list_item_open': {
        const top = listStack[listStack.length - 1];
        if (top) {
          top.n++;
          prefix = '  '.repeat(listStack.length - 1) + (top.ordered ? `${top.n}. ` : '- ');
        }
        break;
      }
      case 'list_item_close':
        // The marker of an item with no text of its own must not leak onto what follows the list.
        prefix = '';
        break;
      case 'inline': {
        const text = inlineText(t.children ?? [], urls);
        const last = out[out.length - 1];
        if (prefix) {
          out.push({ parts: [prefix, text], item: true });
          prefix = '';
        } else if (listStack.length > 0 && last) {
          last.parts.push('\n', '  '.repeat(listStack.length), text);
        } else {
          out.push({ parts: [text], item: false });
        }
        break;
      }
      case 'fence':
      case 'code_block':
        out.push({ parts: [t.content.replace(/\n$/, '')], item: false });
        break;
      case 'hr':
        out.push({ parts: ['---'], item: false });
        break;
    }
  }
  const merged: Block[] = [];
  for (const b of out) {
    const prev = merged[merged.length - 1];
    if (prev?.item && b.item) prev.parts.push('\n', ...b.parts);
    else merged.push({ parts: [...b.parts], item: b.item });
  }
  return merged.map((b) => b.parts.join(''));
}

export function inlineText(children: Token[], urls = true): string {
  const parts: string[] = [];
  const open: { href: string; at: number }[] = [];
  for (const c of children) {
    switch (c.type) {
      case 'text':
      case 'code_inline':
        parts.push(c.content);
        break;
      case 'softbreak':
        parts.push(' ');
        break;
      case 'hardbreak':
        parts.push('\n');
        break;
      case 'image':
        if (c.content) parts.push(`[${c.content}]`);
        break;
      case 'link_open':
        open.push({ href: String(c.attrGet('href') ?? ''), at: parts.length });
        break;
      case 'link_close': {
        const link = open.pop();
        if (!link) break;
        // Only this link's own pieces are joined: links do not nest, so the total stays linear.
        const label = parts.slice(link.at).join('');
        const bare = link.href.replace(/^mailto:/, '');
        // An autolinked URL is already its own text; otherwise "label (url)".
        if (urls && label !== link.href && label !== bare) parts.push(` (${link.href})`);
        break;
      }
    }
  }
  return parts.join('');
}
