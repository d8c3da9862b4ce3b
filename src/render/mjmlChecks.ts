import { NewsletterError } from '../problems/errors.js';

/**
 * Two ways MJML fails silently, checked on what the templates produced
 * (not on their source, which Handlebars can split: `<mj-inc{{!}}lude`):
 * an mj-include, which MJML drops without a word when includes are off, and
 * MJML tags left as text in the HTML, which is what an unclosed tag in an
 * override leads to (the email ships full of `<mj-text>`).
 */

/** The MJML tree mjml2html returns beside the HTML. */
export interface MjmlNode {
  tagName?: string;
  line?: number;
  content?: string;
  children?: MjmlNode[];
}

/** Where a line of the generated MJML came from: the template that wrote it. */
export type TemplateOfLine = (line: number) => string;

const INCLUDE = /<\s*mj-include\b/i;
const RAW_TAG = /<\/?mj-[a-z][a-z-]*/i;
/** MJML tags whose content is raw text up to their closing tag: left open, they swallow or leak what follows. */
const ENDING_TAGS = new Set(
  [
    'text',
    'button',
    'raw',
    'table',
    'navbar-link',
    'accordion-title',
    'accordion-text',
    'social-element',
    'carousel-image',
    'title',
    'preview',
    'style',
    'breakpoint',
  ].map((t) => `mj-${t}`),
);
/** An MJML tag, with quoted attribute values that may hold ">" (never "<": printed values are escaped, so a scan stops at the next tag). */
const TAG = /<(\/?)(mj-[a-z][a-z-]*)((?:[^<>"']|"[^<"]*"|'[^<']*')*)>/gi;

/** Checks on the MJML the templates produced, before MJML reads it: an mj-include, or a text tag left open. */
export function mjmlSourceError(mjml: string, templateOf: TemplateOfLine): NewsletterError | null {
  const m = INCLUDE.exec(mjml);
  if (m) {
    return new NewsletterError('TEMPLATE_SYNTAX', 'mj-include is not supported in templates', {
      file: templateOf(lineAt(mjml, m.index)),
      hint: 'Use a Handlebars partial instead, e.g. {{> footer}}; includes could read files outside the workspace',
    });
  }
  return unclosedError(mjml, templateOf);
}

/** The next MJML tag after an open text tag must be its closing tag. Comments are blanked first, keeping offsets. */
function unclosedError(mjml: string, templateOf: TemplateOfLine): NewsletterError | null {
  const source = mjml.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  let open: { name: string; index: number } | null = null;
  for (const t of source.matchAll(TAG)) {
    const [, slash, rawName, attrs] = t;
    const name = rawName!.toLowerCase();
    if (open) {
      if (slash && name === open.name) {
        open = null;
        continue;
      }
      const line = lineAt(mjml, open.index);
      return new NewsletterError('MJML_INVALID', `MJML: <${open.name}> on line ${line} of the generated MJML is not closed before <${slash}${name}>`, {
        file: templateOf(line),
        hint: `Close it with </${open.name}>; text tags such as mj-text, mj-button and mj-raw can't hold other MJML tags, and one left open swallows what follows`,
      });
    }
    if (!slash && ENDING_TAGS.has(name) && !attrs!.trimEnd().endsWith('/')) open = { name, index: t.index };
  }
  if (!open) return null;
  const line = lineAt(mjml, open.index);
  return new NewsletterError('MJML_INVALID', `MJML: <${open.name}> on line ${line} of the generated MJML is never closed`, {
    file: templateOf(line),
    hint: `Close it with </${open.name}>`,
  });
}

/** The first element whose text content holds MJML tags, or (as a backstop) any such tag left in the HTML. */
export function rawMjmlError(json: MjmlNode | undefined, html: string, templateOf: TemplateOfLine, layoutFile: string): NewsletterError | null {
  const stack: MjmlNode[] = json ? [json] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const tag = node.content ? RAW_TAG.exec(node.content) : null;
    if (tag) {
      return new NewsletterError(
        'MJML_INVALID',
        `MJML: <${node.tagName ?? 'mj-…'}> holds the tag ${tag[0]}>, which would reach readers as text (line ${node.line ?? '?'} of the generated MJML)`,
        {
          file: node.line === undefined ? layoutFile : templateOf(node.line),
          hint: `Close every <${node.tagName ?? 'mj-…'}> before the next tag opens; text tags such as mj-text, mj-button and mj-raw can't hold other MJML tags`,
        },
      );
    }
    for (let i = (node.children?.length ?? 0) - 1; i >= 0; i--) stack.push(node.children![i]!);
  }
  const left = RAW_TAG.exec(html);
  if (!left) return null;
  return new NewsletterError('MJML_INVALID', `MJML: the tag ${left[0]}> was left in the HTML, where readers would see it as text`, {
    file: layoutFile,
    hint: 'Check that every MJML tag of your template overrides is closed and spelled as in https://documentation.mjml.io/',
  });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
