import type { RenderedIssue } from '../render/renderIssue.js';
import type { Config, Issue } from '../parse/types.js';

import type { Problem } from '../problems/problem.js';
export type { RuleSetting, Severity } from '../problems/problem.js';

/** A lint rule's finding is a Problem like every other. */
export type Finding = Problem;

/** A template an author overrode, with a source that differs from the default theme's. */
export interface TemplateOverride {
  /** `templates/header.mjml.hbs`: the file to point at. */
  display: string;
  source: string;
}

/** The features the caniemail data flags in one HTML document, as `feature\tclient` keys. */
export type FeatureSet = Map<string, { feature: string; client: string }>;

/**
 * Everything the rules look at. Only issue, config and rendered are needed;
 * each rule that needs more (the other issues, the template overrides, the
 * caniemail scans) does nothing when it is missing, so `build` can run the
 * same rules on what a single render knows.
 */
export interface RuleInput {
  issue: Issue;
  config: Config;
  rendered: RenderedIssue;
  /** Workspace-relative path of the config, as findings should show it. */
  configFile?: string | undefined;
  /** The author's real template overrides, keyed by template name (`header.mjml.hbs`). */
  overrides?: Map<string, TemplateOverride> | undefined;
  /** The other issues of the workspace (drafts included), for the editorial rules. */
  others?: Issue[] | undefined;
  /** The caniemail features of this HTML and of the same issue rendered by the default theme. */
  clientSupport?: { html: FeatureSet; baseline: FeatureSet } | undefined;
  /** Exact HTML bytes per top-level block, measured from a render that kept the block fences. */
  blockBytes?: { name: string; bytes: number }[] | undefined;
  /** Whether a local image (assets/...) exists; leave out to skip the image-missing rule. */
  imageExists?: ((src: string) => boolean) | undefined;
}
