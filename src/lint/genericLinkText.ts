/**
 * Link text that says nothing about where it goes when read on its own, as
 * screen readers list links. Compared in lower case, with quotes, arrows
 * and trailing punctuation dropped: "LEARN MORE →" is "learn more".
 */
export const GENERIC_LINK_TEXT = [
  'click here',
  'click',
  'click this link',
  'tap here',
  'here',
  'go here',
  'see here',
  'this',
  'this link',
  'this page',
  'link',
  'read more',
  'read more here',
  'read on',
  'continue',
  'continue reading',
  'more',
  'see more',
  'view more',
  'learn more',
  'learn more here',
  'find out more',
  'more info',
  'more information',
  'more details',
  'details',
  'check it out',
  'go',
];

export function isGenericLinkText(text: string): boolean {
  const t = text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s"'“”‘’«»([]+|[\s"'“”‘’«».,:;!?…)\]→»›>]+$/g, '')
    .trim();
  return GENERIC_LINK_TEXT.includes(t);
}
