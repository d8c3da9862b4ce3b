/**
 * The options every template is compiled with, in one place: templates.ts
 * compiles overrides with them, and scripts/bundle.mjs precompiles the
 * default theme with them. templates.ts only takes a precompiled template
 * whose options match, so two copies that drifted apart (a helper added to
 * one) silently sent every build back to compiling the whole theme.
 */
export const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  // log is a built-in of Handlebars that writes to the console of whoever builds: content has no business there.
  knownHelpers: { wrap: true, log: false },
} as const;

/** A fresh copy per compile: Handlebars adds its own helpers to knownHelpers when it compiles. */
export function compileOptions(flavour: 'mjml' | 'txt'): typeof COMPILE_OPTIONS & { noEscape: boolean } {
  return { ...COMPILE_OPTIONS, knownHelpers: { ...COMPILE_OPTIONS.knownHelpers }, noEscape: flavour === 'txt' };
}
