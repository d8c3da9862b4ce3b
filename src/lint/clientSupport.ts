/**
 * @deprecated commands/check.ts loads this to compare the author's HTML
 * with the default theme's; client-support now judges the whole email
 * itself (caniemail/unsupportedFeatures.ts). Delete once check.ts uses
 * lintIssue.
 */
export { unsupportedFeatures } from './caniemail/unsupportedFeatures.js';
