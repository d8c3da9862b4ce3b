// The baseline of the batch rows: MJML alone, in one process, one document
// after the other, with the options our render uses. Loads mjml from
// node_modules (not our bundle's copy) and compiles every document of the
// JSON list given; the bench times the whole process.
//
//   node bench/lib/compile.mjs DOCS.json
import { readFileSync } from 'node:fs';
import mjml2html from 'mjml';

const docs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const options = { validationLevel: 'soft', keepComments: false, ignoreIncludes: true, fonts: {}, minify: false, beautify: false };
let bytes = 0;
for (const doc of docs) bytes += (await mjml2html(doc, options)).html.length;
if (bytes === 0) throw new Error('mjml2html produced nothing');
