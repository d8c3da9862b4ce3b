import { lintInput, lintIssue } from '../lint/lintInput.js';
import { renderIssue } from '../render/renderIssue.js';
import type { CompiledTemplates } from '../render/templates.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import type { Finding } from './findings.js';
import type { RenderedEmail } from './wire.js';

export interface RenderInput {
  issue: Issue;
  archive: ArchiveEntry[];
  /** The other issues of its folder, for the editorial rules (a subject used before). */
  others: Issue[];
}

/**
 * Renders one issue for the preview and runs `newsletter check`'s rules
 * over it, with the severities the config gives them: the issue's findings
 * are the same as check reports (client support and --online aside). The
 * image-missing rule is left to the copy of the images, which runs on every
 * preview, cached or not.
 */
export async function renderForPreview(input: RenderInput, config: Config, templates: CompiledTemplates): Promise<RenderedEmail> {
  const rendered = await renderIssue(input.issue, config, templates, input.archive);
  const findings = lintIssue(lintInput({ issue: input.issue, config, rendered, configFile: config.file, others: input.others })).map((f): Finding => ({
    severity: f.severity === 'error' ? 'error' : 'warning',
    rule: f.rule,
    message: f.message,
    file: f.file,
    line: f.line,
    hint: f.hint,
  }));
  // Its MJML stays here; the findings stand for the warnings build would get (a subset of these rules).
  const { slug, subject, preheader, html, text, bytes, images, links } = rendered;
  return { slug, subject, preheader, html, text, bytes, images, links, findings };
}
