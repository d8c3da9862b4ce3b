/**
 * Every rule of `newsletter check`, once, in the order they run (and are
 * listed in docs/check.md):
 *
 *   deliverability  size, preheader-missing, preheader-too-long, subject-too-long, lang-missing, text-missing
 *   images          image-alt, image-alt-filename, image-missing
 *   links           link-empty, link-placeholder, link-unsafe-scheme, link-not-https, link-relative,
 *                   link-text-url, link-generic-text, text-missing-link
 *   hidden text     text-bidi-control, text-zero-width
 *   content         leftover, chapters-order, chapters-duplicate
 *   compliance      postal-address, unsubscribe, publish-merge-tags (with --for), sponsor-label
 *   clients         client-support, client-support-theme (off by default)
 *   accessibility   heading-order, contrast, theme-contrast
 *   editorial       subject-reused, slug-duplicate
 *   not run here    link-broken, link-timeout, link-redirect, link-skipped (check --online), unknown-key (parse),
 *                   archive (the folder plan), unknown-rule (lintSettings)
 *
 * Each rule is a file in rules/, named by its id. runRules gives each hit
 * its rule id and severity (what check.rules in the config says, else the
 * hit's own, else the rule's default) and drops rules set to off.
 */
import type { Problem } from '../problems/problem.js';
import { archive } from './rules/archive.js';
import { chaptersDuplicate } from './rules/chapters-duplicate.js';
import { chaptersOrder } from './rules/chapters-order.js';
import { clientSupportTheme } from './rules/client-support-theme.js';
import { clientSupport } from './rules/client-support.js';
import { contrast } from './rules/contrast.js';
import { headingOrder } from './rules/heading-order.js';
import { imageAltFilename } from './rules/image-alt-filename.js';
import { imageAlt } from './rules/image-alt.js';
import { imageMissing } from './rules/image-missing.js';
import { langMissing } from './rules/lang-missing.js';
import { leftover } from './rules/leftover.js';
import { linkBroken } from './rules/link-broken.js';
import { linkEmpty } from './rules/link-empty.js';
import { linkGenericText } from './rules/link-generic-text.js';
import { linkNotHttps } from './rules/link-not-https.js';
import { linkPlaceholder } from './rules/link-placeholder.js';
import { linkRedirect } from './rules/link-redirect.js';
import { linkSkipped } from './rules/link-skipped.js';
import { linkRelative } from './rules/link-relative.js';
import { linkTextUrl } from './rules/link-text-url.js';
import { linkTimeout } from './rules/link-timeout.js';
import { linkUnsafeScheme } from './rules/link-unsafe-scheme.js';
import { postalAddress } from './rules/postal-address.js';
import { preheaderMissing } from './rules/preheader-missing.js';
import { preheaderTooLong } from './rules/preheader-too-long.js';
import { size } from './rules/size.js';
import { slugDuplicate } from './rules/slug-duplicate.js';
import { sponsorLabel } from './rules/sponsor-label.js';
import { subjectReused } from './rules/subject-reused.js';
import { subjectTooLong } from './rules/subject-too-long.js';
import { textBidiControl } from './rules/text-bidi-control.js';
import { textMissingLink } from './rules/text-missing-link.js';
import { textMissing } from './rules/text-missing.js';
import { textZeroWidth } from './rules/text-zero-width.js';
import { themeContrast } from './rules/theme-contrast.js';
import { unknownKey } from './rules/unknown-key.js';
import { unknownRule } from './rules/unknown-rule.js';
import { unsubscribe } from './rules/unsubscribe.js';
import { publishMergeTags } from './rules/publish-merge-tags.js';
import type { Hit, LintInput, Rule, RuleMeta, RuleSetting, Severity } from './types.js';

/** The rules run over a rendered issue, in order. */
export const RENDER_RULES: readonly Rule[] = [
  size,
  preheaderMissing,
  preheaderTooLong,
  subjectTooLong,
  langMissing,
  textMissing,
  imageAlt,
  imageAltFilename,
  imageMissing,
  linkEmpty,
  linkPlaceholder,
  linkUnsafeScheme,
  linkNotHttps,
  linkRelative,
  linkTextUrl,
  linkGenericText,
  textMissingLink,
  textBidiControl,
  textZeroWidth,
  leftover,
  chaptersOrder,
  chaptersDuplicate,
  postalAddress,
  unsubscribe,
  publishMergeTags,
  sponsorLabel,
  clientSupport,
  clientSupportTheme,
  headingOrder,
  contrast,
  themeContrast,
  subjectReused,
  slugDuplicate,
];

/** Rules that other steps report (the online link check, parsing, the folder plan, the config's settings). */
export const OTHER_RULES: readonly RuleMeta[] = [linkBroken, linkTimeout, linkRedirect, linkSkipped, unknownKey, archive, unknownRule];

/** Every rule's id, severity, group and docs: the one place they are written. */
export const RULES: readonly RuleMeta[] = [...RENDER_RULES, ...OTHER_RULES].map(({ id, severity, group, summary, docs, offByDefault }) => ({
  id,
  severity,
  group,
  summary,
  docs,
  ...(offByDefault ? { offByDefault } : {}),
}));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** The severity a problem of `rule` gets: what check.rules says, else the hit's own, else the rule's default; null when off. An id no rule has (an error code) defaults to a warning. */
export function severityOf(rule: string, settings: Record<string, RuleSetting>, own?: Severity): Severity | null {
  const set = settings[rule];
  if (set === 'off') return null;
  const meta = ruleMeta(rule);
  if (set === undefined && meta?.offByDefault) return null;
  return set ?? own ?? meta?.severity ?? 'warn';
}

/** A hit of `rule` as a Problem, with its severity; null when the rule is off. */
export function toProblem(rule: string, hit: Hit, settings: Record<string, RuleSetting>): Problem | null {
  const severity = severityOf(rule, settings, hit.severity);
  if (!severity) return null;
  return {
    rule,
    severity,
    message: hit.message,
    file: hit.file,
    line: hit.line,
    ...(hit.column !== undefined ? { column: hit.column } : {}),
    ...(hit.hint ? { hint: hit.hint } : {}),
  };
}

/** @deprecated The old name of toProblem, while commands/check.ts imports it. */
export const makeFinding = toProblem;

/** Runs every rule (or the `only` ones) over one issue, in registry order. Rules set to off in `settings` are not run. */
export function runRules(input: LintInput, settings: Record<string, RuleSetting> = input.config.check.rules, only?: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const rule of RENDER_RULES) {
    if ((only && !only.includes(rule.id)) || settings[rule.id] === 'off' || (rule.offByDefault && settings[rule.id] === undefined)) continue;
    for (const hit of rule.run(input)) {
      const p = toProblem(rule.id, hit, settings);
      if (p) problems.push(p);
    }
  }
  return problems;
}
