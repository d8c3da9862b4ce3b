/**
 * The programmatic API of newsletter-cli: the pure pipeline a site
 * generator or a script can use without the command line.
 *
 *   const { config } = validateConfig(yamlData, lines, 'newsletter.config.yaml', root, raw, { publish: parsePublishConfig });
 *   const { issue } = parseIssue(markdown, 'issues/2026-01-07-hello.md');
 *   const html = (await renderIssue(issue, config, compileTemplates(templates), [])).html;
 *   const problems = lintIssue({ issue, config, rendered, configFile: config.file, others: [] });
 *
 * openWorkspace/readPlan do the reading for a folder laid out as the CLI
 * expects. Everything else here reads no file and no network.
 */
export { VERSION } from './version.js';
export { NewsletterError, isNewsletterError, formatError, ERROR_CODES, EXIT, type ErrorCode, type Warning } from './problems/errors.js';
export type { Problem, Severity, RuleSetting } from './problems/problem.js';

// parse
export { parseIssue, slugFromFile } from './parse/parseIssue.js';
export { validateConfig, defaultLabels, DEFAULT_THEME, type ConfigSections } from './parse/validateConfig.js';
export { parsePublishConfig } from './publish/config.js';
export { parseYamlMapping } from './parse/frontmatter.js';
export type { Config, Issue, ArchiveEntry } from './parse/types.js';

// plan
export { planIssues, type Plan, type PlannedIssue } from './plan/planIssues.js';

// render
export { renderIssue, type RenderedIssue } from './render/renderIssue.js';
export { compileTemplates, TEMPLATE_NAMES, type CompiledTemplates, type TemplateSet, type TemplateSource } from './render/templates.js';

// lint
export { lintInput, lintIssue, sortProblems } from './lint/lintInput.js';
export { RULES } from './lint/registry.js';
export type { LintSource, LintInput } from './lint/types.js';

// the workspace on disk (reads files; the CLI's own way in)
export { openWorkspace, readPlan, type Workspace } from './workspace/openWorkspace.js';
export { loadConfig, findConfig, CONFIG_NAME } from './workspace/loadConfig.js';
export { loadTemplates, defaultTemplatesDir } from './workspace/loadTemplates.js';
export { readIssueFile, selectIssuePaths, workspaceIssuePaths, type IssueFile } from './workspace/issueFiles.js';
