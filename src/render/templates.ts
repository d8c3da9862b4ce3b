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
  // log is a built-in of Handlebars that writes to the console of whoever builds: content has no business there.
  knownHelpers: { wrap: true, log: false },
} as const;

export const PARTIAL_START = '<!--nl-partial:';
export const PARTIAL_END = '<!--nl-end-->';

/**
 * What one render of a template set may do, so that an override with
 * runaway nesting (an `each` inside an `each` inside an `each`..., a partial
 * that includes itself) stops with an error instead of running for hours.
 * The default theme uses a fraction of each.
 */
export const TEMPLATE_LIMITS = {
  /** Partials inside partials. */
  partialDepth: 32,
  /** Iterations of every `{{#each}}` of one render, added up. */
  iterations: 250_000,
  /** Characters one render may produce: far more than any email, far less than memory. */
  outputChars: 32 * 1024 * 1024,
} as const;

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
  const budget = countEach(hb);
  let depth = 0;
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
    const nested = (ctx: unknown, opts?: Handlebars.RuntimeOptions): string => {
      if (++depth > TEMPLATE_LIMITS.partialDepth) {
        throw new NewsletterError('TEMPLATE_RUNTIME', `Partials are nested more than ${TEMPLATE_LIMITS.partialDepth} levels deep in ${t.display}`, {
          file: t.display,
          hint: `Check that ${t.name} does not include itself, directly or through another partial`,
        });
      }
      try {
        const out = run(ctx, opts);
        if (out.length > TEMPLATE_LIMITS.outputChars) throw tooLarge(t.display);
        return out;
      } finally {
        depth = Math.max(0, depth - 1);
      }
    };
    if (partialName === 'layout') {
      layout = run;
    } else if (flavour === 'mjml') {
      hb.registerPartial(
        partialName,
        ((ctx: unknown, opts?: Handlebars.RuntimeOptions) =>
          `${PARTIAL_START}${t.display}-->\n${nested(ctx, opts)}\n${PARTIAL_END}\n`) as unknown as Handlebars.Template,
      );
    } else {
      hb.registerPartial(partialName, nested as unknown as Handlebars.Template);
    }
  }
  if (!layout) {
    throw new NewsletterError('TEMPLATE_MISSING', `There is no layout.${flavour}.hbs template`, {
      hint: 'Run "newsletter eject layout" to get the default one',
    });
  }
  const render = layout;
  const layoutFile = set.get(`layout.${flavour}.hbs`)?.display ?? `layout.${flavour}.hbs`;
  return (vm: object) => {
    depth = 0;
    budget.reset();
    const out = render(vm);
    if (out.length > TEMPLATE_LIMITS.outputChars) throw tooLarge(layoutFile);
    return out;
  };
}

/**
 * Wraps the built-in `each` so every iteration of a render is counted.
 * Templates compiled with knownHelpersOnly still call the environment's
 * `each` at run time, so the wrapper sees them all.
 */
function countEach(hb: typeof Handlebars): { reset: () => void } {
  const each = hb.helpers.each as Handlebars.HelperDelegate;
  let iterations = 0;
  hb.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
    const fn = options.fn;
    const counted = (ctx: unknown, opts?: Handlebars.RuntimeOptions): string => {
      if (++iterations > TEMPLATE_LIMITS.iterations) {
        throw new NewsletterError('TEMPLATE_RUNTIME', `The templates loop more than ${TEMPLATE_LIMITS.iterations} times for one issue`, {
          hint: 'An {{#each}} inside another {{#each}} over the same list multiplies the work; loop over each list once',
        });
      }
      return fn(ctx, opts);
    };
    return each.call(this, context, { ...options, fn: counted as Handlebars.TemplateDelegate });
  });
  return { reset: () => (iterations = 0) };
}

function tooLarge(file: string): NewsletterError {
  return new NewsletterError('TEMPLATE_RUNTIME', `The templates produce more than ${TEMPLATE_LIMITS.outputChars / 1024 / 1024} MB for one issue`, {
    file,
    hint: 'A value printed many times, or inside nested loops, multiplies the output; print each value once',
  });
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
  // Inline partials ({{#*inline "name"}}...{{/inline}}) may be used in the template that defines them.
  const inline = new Set<string>();
  visit(ast, (node) => {
    const block = node as hbs.AST.BlockStatement;
    const first = block.params?.[0];
    if (node.type === 'DecoratorBlock' && (block.path as hbs.AST.PathExpression).original === 'inline' && first?.type === 'StringLiteral') {
      inline.add((first as hbs.AST.StringLiteral).value);
    }
  });
  visit(ast, (node) => {
    if (node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') return;
    const name = (node as hbs.AST.PartialStatement).name as hbs.AST.PathExpression;
    const partial = name.original ?? '';
    if (name.type === 'PathExpression' && !partials.has(partial) && !inline.has(partial)) {
      throw new NewsletterError('TEMPLATE_MISSING', `The partial "${partial}" does not exist`, {
        file: t.display,
        line: node.loc?.start.line,
        hint: `Known partials: ${[...partials].filter((p) => p !== 'layout').join(', ')}; or define it in this template with {{#*inline "${partial}"}}...{{/inline}}`,
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
  if (e instanceof NewsletterError) {
    // A limit found inside a helper knows no file: it is the innermost template's.
    e.file ??= t.display;
    return e;
  }
  const err = e as Error & { lineNumber?: number };
  if (!(err instanceof Error)) return e;
  if (err instanceof RangeError) {
    // The stack or the longest string ran out: a partial that includes itself, or output multiplied without end.
    const stack = /call stack/i.test(err.message);
    return stack
      ? new NewsletterError('TEMPLATE_RUNTIME', `${t.display} calls itself without end`, {
          file: t.display,
          hint: 'Check that no inline partial or partial includes itself',
        })
      : tooLarge(t.display);
  }
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
