import Handlebars from 'handlebars';
import { NewsletterError } from '../problems/errors.js';
import { precompiled } from './precompiled.js';
import { wrap } from './text.js';

/** The blocks of an issue, in the order the layout prints them. */
export const BLOCKS = [
  'header',
  'title',
  'greeting',
  'body',
  'quote',
  'listen',
  'signature',
  'chapters',
  'resources',
  'sponsor',
  'promos',
  'read-more',
  // The footer (unsubscribe, postal address) is always last.
  'footer',
] as const;

export const FLAVOURS = ['mjml', 'txt'] as const;
export type Flavour = (typeof FLAVOURS)[number];

/** Every template file name of the default theme. */
export const TEMPLATE_NAMES: string[] = FLAVOURS.flatMap((f) => ['layout', ...BLOCKS].map((b) => `${b}.${f}.hbs`));

export interface TemplateSource {
  name: string;
  /** Path to show in errors: `templates/header.mjml.hbs` for an override, `(default) header.mjml.hbs` otherwise. */
  display: string;
  source: string;
  override: boolean;
}

/** The templates an issue renders with: plain data, so it can be built once and shared. */
export type TemplateSet = Map<string, TemplateSource>;

export type Renderer = (vm: object) => string;

export interface CompiledTemplates {
  html: Renderer;
  text: Renderer;
  /** The MJML layout's file as errors show it: MJML lines outside every partial's fence come from it. */
  layoutFile: string;
}

const HELPERS = {
  /** Wraps prose at 72 columns for the text part: {{wrap text}}, {{wrap text indent="   " quoted=true}}. */
  wrap(this: unknown, text: unknown, options: Handlebars.HelperOptions): string {
    const indent = typeof options.hash.indent === 'string' ? options.hash.indent : '';
    if (typeof text !== 'string') return '';
    return wrap(options.hash.quoted === true ? `“${text}”` : text, 72, indent);
  },
};

export const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { wrap: true },
} as const;

export const PARTIAL_START = '<!--nl-partial:';
export const PARTIAL_END = '<!--nl-end-->';

/**
 * Compiles a template set. Syntax errors, unknown helpers and missing
 * partials surface here, with the template file and line, before any issue
 * is rendered. Each partial is wrapped so a runtime error inside it names the
 * partial's own file, and (for MJML) so its output is fenced by comments
 * that map an MJML error line back to the template it came from.
 */
export function compileTemplates(set: TemplateSet): CompiledTemplates {
  return { html: compileFlavour(set, 'mjml'), text: compileFlavour(set, 'txt'), layoutFile: set.get('layout.mjml.hbs')?.display ?? 'layout.mjml.hbs' };
}

function compileFlavour(set: TemplateSet, flavour: Flavour): Renderer {
  const hb = Handlebars.create();
  hb.registerHelper(HELPERS);
  // Handlebars adds its own helpers to knownHelpers when it compiles: give it copies.
  const options = (): object => ({ ...COMPILE_OPTIONS, knownHelpers: { ...COMPILE_OPTIONS.knownHelpers }, noEscape: flavour === 'txt' });
  const optionsKey = JSON.stringify(options());
  const templates = [...set.values()].filter((t) => t.name.endsWith(`.${flavour}.hbs`));
  const names = new Set(templates.map((t) => t.name.replace(`.${flavour}.hbs`, '')));
  let layout: Renderer | null = null;
  for (const t of templates) {
    const ready = precompiled[t.name];
    let compiled: Handlebars.TemplateDelegate;
    if (!t.override && ready?.source === t.source && ready.options === optionsKey) {
      compiled = hb.template(ready.spec);
    } else {
      checkTemplate(hb, t, options(), names);
      compiled = hb.compile(t.source, options());
    }
    const run = (ctx: unknown, opts?: Handlebars.RuntimeOptions): string => {
      try {
        return compiled(ctx, opts);
      } catch (e) {
        throw templateRuntimeError(e, t);
      }
    };
    const partialName = t.name.replace(`.${flavour}.hbs`, '');
    if (partialName === 'layout') {
      layout = run;
    } else if (flavour === 'mjml') {
      hb.registerPartial(
        partialName,
        ((ctx: unknown, opts?: Handlebars.RuntimeOptions) =>
          `${PARTIAL_START}${t.display}-->\n${run(ctx, opts)}\n${PARTIAL_END}\n`) as unknown as Handlebars.Template,
      );
    } else {
      hb.registerPartial(partialName, run as unknown as Handlebars.Template);
    }
  }
  if (!layout) {
    throw new NewsletterError('TEMPLATE_MISSING', `There is no layout.${flavour}.hbs template`, {
      hint: 'Run "newsletter eject layout" to get the default one',
    });
  }
  const render = layout;
  return (vm: object) => render(vm);
}

/** Parses and compiles once to surface syntax errors, unknown helpers and missing partials with their lines. */
function checkTemplate(hb: typeof Handlebars, t: TemplateSource, options: object, partials: Set<string>): void {
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(t.source);
    hb.precompile(t.source, options);
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    const line = err.lineNumber ?? Number(/on line (\d+)/.exec(err.message)?.[1] ?? NaN);
    const unknownHelper = /unknown helper (\S+)/.exec(err.message);
    throw new NewsletterError(
      'TEMPLATE_SYNTAX',
      unknownHelper ? `Unknown helper "${unknownHelper[1]}"` : `Template syntax error: ${err.message.split('\n')[0]}`,
      {
        file: t.display,
        line: Number.isNaN(line) ? undefined : line,
        hint: unknownHelper
          ? 'Templates can use if, unless, each, with and wrap'
          : 'Check the {{ }} tags near this line: every {{#block}} needs its {{/block}}',
      },
    );
  }
  visit(ast, (node) => {
    if (node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') return;
    const name = (node as hbs.AST.PartialStatement).name as hbs.AST.PathExpression;
    const partial = name.original ?? '';
    if (name.type === 'PathExpression' && !partials.has(partial)) {
      throw new NewsletterError('TEMPLATE_MISSING', `The partial "${partial}" does not exist`, {
        file: t.display,
        line: node.loc?.start.line,
        hint: `Known partials: ${[...partials].filter((p) => p !== 'layout').join(', ')}`,
      });
    }
  });
}

function visit(node: unknown, fn: (node: hbs.AST.Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n) => visit(n, fn));
    return;
  }
  const n = node as hbs.AST.Node & Record<string, unknown>;
  if (typeof n.type === 'string') fn(n);
  for (const key of ['body', 'program', 'inverse']) {
    const child = n[key];
    if (key === 'body' && Array.isArray(child)) visit(child, fn);
    else if (child && typeof child === 'object') visit((child as { body?: unknown }).body ?? child, fn);
  }
}

function templateRuntimeError(e: unknown, t: TemplateSource): unknown {
  if (e instanceof NewsletterError) return e;
  const err = e as Error & { lineNumber?: number };
  if (!(err instanceof Error)) return e;
  const missing = /^"([^"]+)" not defined/.exec(err.message);
  return new NewsletterError(
    'TEMPLATE_RUNTIME',
    missing ? `The template uses "${missing[1]}", which is not a value it is given` : `Template error: ${err.message.split('\n')[0]}`,
    {
      file: t.display,
      line: err.lineNumber,
      hint: missing ? 'Check the spelling; docs/format.md lists every value templates can print' : undefined,
    },
  );
}
