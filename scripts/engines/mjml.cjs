// The MJML engine as the bundled CLI loads it (scripts/bundle.mjs builds it
// into dist-cli/mjml-engine-<hash>.cjs, loaded with a V8 code cache): mjml-core
// with the components the default theme's kind of email uses, and the other
// components of mjml-preset-core only when a document names one of them.
// `mjml` itself would load and set up all of them on every start.
//
// Components come in per call through mjml-core's `presets` option, in
// mjml-preset-core's order, with all of mjml-preset-core's validation rules:
// for a document that only uses the light set, mjml-core sees the same
// components and rules under every tag the document has, so the HTML is the
// same byte for byte (test/mjml-engine.test.ts compares them).
'use strict';
const core = require('mjml-core');
const dependencies = require('mjml-preset-core/lib/dependencies.js');

const light = [
  require('mjml-body'),
  require('mjml-head'),
  require('mjml-head-attributes'),
  require('mjml-head-breakpoint'),
  require('mjml-head-html-attributes'),
  require('mjml-head-font'),
  require('mjml-head-preview'),
  require('mjml-head-style'),
  require('mjml-head-title'),
  require('mjml-hero'),
  require('mjml-button'),
  require('mjml-column'),
  require('mjml-divider'),
  require('mjml-group'),
  require('mjml-image'),
  require('mjml-raw'),
  require('mjml-section'),
  require('mjml-spacer'),
  require('mjml-text'),
  require('mjml-table'),
  require('mjml-wrapper'),
].map((m) => m.default ?? m);

const lightPreset = { components: light, dependencies: dependencies.default ?? dependencies };

// Tags that are not components but are read by one (mj-attributes, mj-html-attributes).
const known = new Set(['mjml', 'mj-all', 'mj-class', 'mj-selector', 'mj-html-attribute', ...light.map((c) => c.componentName)]);

/** True when every <mj-…> tag named anywhere in the source belongs to the light set. */
function lightEnough(mjml) {
  for (const m of mjml.matchAll(/<\/?(mj[a-z0-9-]*)/gi)) {
    if (!known.has(m[1])) return false;
  }
  return true;
}

let fullPreset = null;

/** mjml2html(mjml, options): the `mjml` package's function, with the preset chosen per document. */
async function mjml2html(mjml, options = {}) {
  const preset =
    typeof mjml === 'string' && lightEnough(mjml) ? lightPreset : (fullPreset ??= require('mjml-preset-core').default ?? require('mjml-preset-core'));
  return core.default(mjml, { ...options, presets: [preset, ...(options.presets ?? [])] });
}

module.exports = { mjml2html, lightEnough };
