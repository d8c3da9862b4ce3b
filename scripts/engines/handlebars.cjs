// Handlebars with its compiler, as the bundled CLI loads it when a template
// override has to be compiled (src/render/handlebarsCompilerBundled.ts).
'use strict';
module.exports = require('handlebars');
