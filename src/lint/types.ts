/** The shapes of lint: what a command hands in, what a rule reads, what a rule returns, what a rule is. */
import type { RenderedIssue } from '../render/renderIssue.js';
import type { Config, Issue } from '../parse/types.js';
import type { Severity } from '../problems/problem.js';
import type { HtmlElement } from './parseHtml.js';
import type { Dialect } from '../render/mergeTags.js';

export type { RuleSetting, Severity } from '../problems/problem.js';
/** Where something is: a file the author can open, and the line in it when known. */
export interface Place {
  file: string;
  line?: number | undefined;
}

/** A template an author overrode, with a source that differs from the default theme's. */
export interface TemplateOverride {
  /** `templates/header.mjml.hbs`: the file to point at. */
  display: string;
  source: string;
  /** The default theme's template of the same name: what the override started from. */
  base?: string | undefined;
}

/** What a rule reads of the render: the email and the MJML its templates wrote (with block fences). */
export type RenderedEmail = Pick<RenderedIssue, 'subject' | 'preheader' | 'html' | 'text' | 'mjml' | 'bytes' | 'images'>;

/**
 * What a command knows about one issue, handed to lintInput. Only issue,
 * config and rendered are needed; each rule that needs more (the other
 * issues, the template overrides, whether images exist) does nothing
 * when it is missing.
 */
export interface LintSource {
  issue: Issue;
  config: Config;
  rendered: RenderedEmail;
  /** Workspace-relative path of the config, as problems should show it (default: config.file). */
  configFile?: string | undefined;
  /** The author's real template overrides, keyed by template name (`header.mjml.hbs`). */
  overrides?: Map<string, TemplateOverride> | undefined;
  /** The other issues of the workspace (drafts included), for the editorial rules. */
  others?: Issue[] | undefined;
  /** Exact HTML bytes per top-level block, measured from a render that kept the block fences. */
  blockBytes?: { name: string; bytes: number }[] | undefined;
  /** Whether a local image (assets/...) exists; leave out to skip the image-missing rule. */
  imageExists?: ((src: string) => boolean) | undefined;
  /** The same issue rendered for a sending service (check --for, build --for, publish): the publish-merge-tags rule reads it. */
  published?: PublishedEmail | undefined;
  /** @deprecated Ignored: client-support now reads the whole email itself. Remove once commands/check.ts uses lintIssue. */
  clientSupport?: unknown;
}

/** An issue as a sending service will get it: with its merge tags. */
export interface PublishedEmail {
  /** The service's name, for messages ("Kit"). */
  service: string;
  dialect: Dialect;
  html: string;
  text: string;
  /** The issue's web page, which becomes the service's web-version link where it has one. */
  webUrl: string | null;
}

/** @deprecated The old name of LintSource, kept while commands/check.ts still builds one by hand. */
export type RuleInput = LintSource;

/** A link of the email: its address, the text a reader sees (images read as their alt), its element. */
export interface Anchor {
  href: string;
  text: string;
  el: HtmlElement;
}

/** What every rule reads: the source, plus what several rules need, worked out once per issue by lintInput. */
export interface LintInput extends LintSource {
  configFile: string;
  /** The HTML, parsed. */
  dom: HtmlElement;
  /** Every `<a href>` of the HTML. */
  anchors: Anchor[];
}

/** What a rule returns: a problem without its rule id, and with a severity only when the rule picks one itself. */
export interface Hit extends Place {
  message: string;
  hint?: string | undefined;
  column?: number | undefined;
  severity?: Severity | undefined;
}

export type RuleGroup = 'deliverability' | 'links' | 'content' | 'compliance' | 'client support' | 'accessibility' | 'editorial' | 'online' | 'workspace';

/** A rule's description: where its severity and its docs come from. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  group: RuleGroup;
  /** One line for SARIF and `--format json`. */
  summary: string;
  /** What it finds, in markdown: the "finds" column of docs/check.md. */
  docs: string;
  /** Runs only when check.rules sets it (warn or error). */
  offByDefault?: boolean | undefined;
}

/** A rule as printers describe it (SARIF): what they also make up for error codes. */
export type RuleSummary = Omit<RuleMeta, 'docs'>;

/** A rule run over one rendered issue. Pure: it reads its input only, never a file or the network. */
export interface Rule extends RuleMeta {
  run: (input: LintInput) => Hit[];
}
