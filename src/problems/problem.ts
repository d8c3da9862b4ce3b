/**
 * One problem at a place, whatever found it: a lint rule, a broken issue
 * file, a link checked online. `file` is a file the author can open (an
 * issue, the config, a template override); `line` and `column` point into
 * it when they are known. Every command reports Problems, and every printer
 * (text, json, sarif, github, markdown) prints them.
 */
export type Severity = 'error' | 'warn';

/** What `check.rules` in the config may set a rule to. */
export type RuleSetting = Severity | 'off';

export interface Problem {
  /** A lint rule id (`preheader-missing`) or an error code (`FRONTMATTER_YAML`). */
  rule: string;
  severity: Severity;
  /** What is wrong and how to fix it. */
  message: string;
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  /** An example or more detail, when the message alone is not enough. */
  hint?: string | undefined;
}
