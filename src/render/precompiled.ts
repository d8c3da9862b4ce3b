import type Handlebars from 'handlebars';

type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * The default theme, precompiled when the CLI is bundled (scripts/bundle.mjs
 * replaces this module), so a cold build does not spend its start-up
 * compiling Handlebars. Running from source, it is empty and every template
 * is compiled at load. A template is only taken from here when its source is
 * byte for byte the one that was precompiled.
 */
export const precompiled: Record<string, { source: string; options: string; spec: TemplateSpecification }> = {};
