import { NewsletterError } from '../problems/errors.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import { isUnsafeUrl } from '../util/links.js';
import { PARTIAL_END, PARTIAL_START, type CompiledTemplates } from './templates.js';
import { mjmlSourceError, rawMjmlError } from './mjmlChecks.js';
import { loadMjmlEngine, type Mjml2Html } from './mjmlEngine.js';
import { tidyText } from './text.js';
import { forService, toViewModel, type RenderOptions } from './viewModel.js';
import { applyDialect, isMergeToken, mergeTokens, newNonce, type Dialect, type MergeTokens } from './mergeTags.js';
import { applyUtm } from './links/applyLinks.js';
import { hrefsOf } from './links/utm.js';
import { decodeAttr } from '../util/format.js';

export interface RenderedIssue {
  slug: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** The MJML the templates produced, before MJML turned it into HTML. */
  mjml: string;
  bytes: number;
  /** Workspace-relative paths of local images the HTML uses (assets/...). */
  images: string[];
  links: string[];
}

let mjmlPromise: Promise<Mjml2Html> | null = null;
/** MJML is the heaviest import by far: load it on first render, not at start-up, and once. */
export function loadMjml(): Promise<Mjml2Html> {
  // mjml-core would load the .mjmlconfig of the working folder and require()
  // what it lists: the bundle replaces that loader, and tests running from
  // source set MJML_BROWSER=1 (vitest.config.ts), which skips it.
  mjmlPromise ??= loadMjmlEngine();
  return mjmlPromise;
}

/**
 * renderIssue(issue, config, templates, archive) → the email: the one path
 * that build, send, preview, check and the golden tests all share. It reads
 * and writes nothing, and judges nothing: the size limit and every other
 * rule are lint's (src/lint/), which the commands run over its result.
 * It is composeIssue (templates → MJML and text) then compileIssue (MJML →
 * HTML); a batch runs the halves on two threads (commands/batch.ts).
 */
export async function renderIssue(
  issue: Issue,
  config: Config,
  templates: CompiledTemplates,
  archive: ArchiveEntry[],
  opts: RenderOptions = {},
): Promise<RenderedIssue> {
  // For a sending service, merge tokens go where its merge tags belong; they become the tags after MJML.
  const service = opts.provider ? { dialect: opts.provider, tokens: mergeTokens(newNonce()) } : null;
  return compileIssue(compose(issue, config, templates, archive, opts, service), templates, service);
}

/** The first half of a render: what the templates make of an issue, before MJML. Plain data, so it can cross threads. */
export interface ComposedIssue {
  slug: string;
  subject: string;
  preheader: string;
  mjml: string;
  text: string;
}

/** The templates' MJML and text part of an issue (no sending service: its tokens stay in one thread, see renderIssue). */
export function composeIssue(
  issue: Issue,
  config: Config,
  templates: CompiledTemplates,
  archive: ArchiveEntry[],
  opts: { target?: RenderOptions['target'] } = {},
): ComposedIssue {
  return compose(issue, config, templates, archive, opts, null);
}

interface ForService {
  dialect: Dialect;
  tokens: MergeTokens;
}

function compose(
  issue: Issue,
  config: Config,
  templates: CompiledTemplates,
  archive: ArchiveEntry[],
  opts: RenderOptions,
  service: ForService | null,
): ComposedIssue {
  const model = toViewModel(issue, config, archive, opts);
  // Outbound links tagged (links.utm) once, for the HTML and the text alike; UTM tags say a click came from
  // the email, so the web page is left as it is.
  const tagged = opts.target === 'web' ? model : applyUtm(model, config, issue);
  const vm = service ? forService(tagged, { greeting: issue.greeting ?? config.greeting }, service.dialect, service.tokens) : tagged;
  const mjml = templates.html(vm);
  const text = tidyText(templates.text(vm));
  const sourceError = mjmlSourceError(mjml, (line) => templateAt(mjml, line) ?? templates.layoutFile);
  if (sourceError) throw sourceError;
  return { slug: issue.slug, subject: vm.subject, preheader: vm.preheader, mjml, text };
}

/** The second half: MJML → HTML, the checks on what it made, and the service's merge tags in place of their tokens. */
export async function compileIssue(composed: ComposedIssue, templates: CompiledTemplates, service: ForService | null = null): Promise<RenderedIssue> {
  const { mjml, text } = composed;
  const templateOf = (line: number): string => templateAt(mjml, line) ?? templates.layoutFile;
  const mjml2html = await loadMjml();
  let result: Awaited<ReturnType<Mjml2Html>>;
  try {
    // No includes, no .mjmlconfig, no web fonts, no minifier or beautifier: the input is all in this string.
    result = await mjml2html(mjml, { validationLevel: 'soft', keepComments: false, ignoreIncludes: true, fonts: {}, minify: false, beautify: false });
  } catch (e) {
    throw new NewsletterError('MJML_INVALID', `The templates produced MJML that can't be parsed: ${(e as Error).message.split('\n')[0]}`, {
      file: templateAt(mjml, 1) ?? templates.layoutFile,
      hint: 'Check that every tag opened in your template overrides is closed, and that the layout has one <mjml> root',
      cause: e,
    });
  }
  if (result.errors.length > 0) {
    const errors = result.errors.map(
      (e) =>
        new NewsletterError('MJML_INVALID', `MJML: ${e.message}`, {
          file: templateAt(mjml, e.line) ?? templates.layoutFile,
          hint: `Line ${e.line} of the generated MJML; see https://documentation.mjml.io/ for the tags and attributes of <${e.tagName}>`,
        }),
    );
    throw new NewsletterError('MJML_INVALID', errors[0]!.message, { file: errors[0]!.file, hint: errors[0]!.hint, more: errors.slice(1) });
  }
  const raw = rawMjmlError(result.json, result.html, templateOf, templates.layoutFile);
  if (raw) throw raw;
  // The service's merge tags are not links to check: they are left out of `links`.
  const links = hrefsOf(result.html).filter((l) => !isMergeToken(l));
  const html = service ? applyDialect(result.html, service.dialect, service.tokens, 'html') : result.html;
  const bytes = Buffer.byteLength(html);
  const unsafe = links.find(isUnsafeUrl);
  if (unsafe) {
    // Author links are refused with their line long before this; a template is all that is left.
    throw new NewsletterError('LINK_UNSAFE', `A template writes the unsafe link "${unsafe.slice(0, 60)}"`, {
      file: templateForText(mjml, unsafe),
      hint: 'Link to an https:// page instead',
    });
  }
  const images = [...html.matchAll(/<img\b[^>]*?\bsrc="([^"]*)"/gi)]
    .map((m) => decodeAttr(m[1]!))
    .filter((src) => !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//'));

  const rendered: RenderedIssue = {
    slug: composed.slug,
    subject: composed.subject,
    preheader: composed.preheader,
    html,
    text: service ? applyDialect(text, service.dialect, service.tokens, 'text') : text,
    mjml,
    bytes,
    images: [...new Set(images)],
    links,
  };
  return rendered;
}

/** The template a line of the generated MJML came from, using the comments each partial is fenced with. */
export function templateAt(mjml: string, line: number): string | null {
  const stack: string[] = [];
  const lines = mjml.split('\n');
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const l = lines[i]!;
    let idx = 0;
    for (;;) {
      const start = l.indexOf(PARTIAL_START, idx);
      const end = l.indexOf(PARTIAL_END, idx);
      if (start < 0 && end < 0) break;
      if (start >= 0 && (end < 0 || start < end)) {
        const close = l.indexOf('-->', start);
        stack.push(l.slice(start + PARTIAL_START.length, close));
        idx = close + 3;
      } else {
        stack.pop();
        idx = end + PARTIAL_END.length;
      }
    }
  }
  return stack[stack.length - 1] ?? null;
}

function templateForText(mjml: string, needle: string): string | undefined {
  const at = mjml.indexOf(needle);
  return at < 0 ? undefined : (templateAt(mjml, mjml.slice(0, at).split('\n').length) ?? undefined);
}
