import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';

/**
 * Handlebars with its compiler, for templates that were not precompiled,
 * running from source: the package itself. The bundle puts
 * handlebarsCompilerBundled.ts in this module's place, so a build with the
 * default theme only loads Handlebars' runtime (see templates.ts).
 */
export function handlebarsCompiler(): typeof Handlebars {
  return createRequire(import.meta.url)('handlebars') as typeof Handlebars;
}

/** Called once the compiler has compiled a template set: the bundled version saves its code cache then. */
export function compilerUsed(): void {}
