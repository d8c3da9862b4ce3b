// Bundles src/ into dist-cli/ so start-up reads a few files instead of
// resolving hundreds of modules. Commands are split into chunks loaded on
// first use. MJML and Handlebars' compiler are CommonJS files of their own
// (dist-cli/mjml-engine-<hash>.cjs, handlebars-compiler-<hash>.cjs), loaded
// on first use with V8's code cache (src/util/codeCache.ts). The minifier
// and beautifier MJML can call are never used here, so they are left out.
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { build } from 'esbuild';
import Handlebars from 'handlebars';

// MJML's minifier and beautifier, the remote-resource inliner of juice, and
// cheerio's URL/stream/encoding loaders: none runs when we render a string.
const unused = [
  'htmlnano',
  'cssnano',
  'cssnano-preset-lite',
  'js-beautify',
  'postcss',
  'web-resource-inliner',
  'undici',
  'encoding-sniffer',
  'parse5-parser-stream',
  'whatwg-mimetype',
  'iconv-lite',
];

const outdir = 'dist-cli';
const staging = `${outdir}.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });

// Plugins both builds share.
const noMjmlConfig = {
  // mjml-core reads .mjmlconfig from the working directory when it is
  // imported and require()s the component files it lists: author
  // workspaces must never run code, so that helper is replaced.
  name: 'no-mjmlconfig',
  setup(b) {
    b.onResolve({ filter: /helpers\/mjmlconfig$/ }, (args) =>
      args.importer.includes('mjml-core') ? { path: 'mjmlconfig', namespace: 'no-mjmlconfig' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-mjmlconfig' }, () => ({
      contents:
        'const none = () => ({ mjmlConfig: { packages: [], options: {} } }); module.exports = { __esModule: true, default: () => ({ success: [], failures: [] }), readMjmlConfig: none, handleMjmlConfigComponents: () => ({ success: [], failures: [] }), registerCustomComponent() {}, resolveComponentPath: () => null };',
      loader: 'js',
    }));
  },
};
const leaveOutUnused = {
  name: 'leave-out-unused',
  setup(b) {
    const filter = new RegExp(`^(${unused.join('|')})(/.*)?$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'unused' }));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: `module.exports = new Proxy(function () {}, { get: (t, k) => k === '__esModule' ? false : () => { throw new Error(${JSON.stringify(args.path + ' is not bundled')}) }, apply() { throw new Error('not bundled') } });`,
      loader: 'js',
    }));
  },
};

// Modules that nothing uses until it calls them, evaluated on that first call
// instead of at load: cheerio's parse5 adapter (MJML and juice parse with
// htmlparser2) and the child_process commander only needs for external
// subcommands. Their exports become getters, so the code that runs is the same.
const lazyModules = (filter, importer) => ({
  name: 'lazy-modules',
  setup(b) {
    b.onResolve({ filter }, async (args) => {
      if (args.namespace === 'lazy' || args.pluginData === 'real' || !importer.test(args.importer)) return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, namespace: 'lazy' };
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'real' });
      return { path: real.path, namespace: 'lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(args.path)).filter((n) => n !== '__esModule');
      const get = (n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, get: () => real()[${JSON.stringify(n)}] });`;
      return {
        contents: `let m; const real = () => (m ??= require(${JSON.stringify(args.path)})); Object.defineProperty(exports, '__esModule', { value: true }); ${names.map(get).join(' ')}`,
        loader: 'js',
        resolveDir: args.path.startsWith('node:') ? process.cwd() : dirname(args.path),
      };
    });
  },
});

// npm installs one package version several times over when the packages
// around it need different ones: MJML's engine would carry (and set up at
// load, decoding the same entity tables) three copies of entities 4.5.0 and
// two of 7.0.1. Packages without dependencies of their own are the same
// code wherever they sit: each version is bundled once, from its first
// folder in sorted order.
const dedupe = (names) => {
  const copies = new Map();
  const scan = (dir, depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const path = `${dir}/${e.name}`;
      if (e.name.startsWith('@')) {
        scan(path, depth);
        continue;
      }
      if (names.includes(e.name) && existsSync(`${path}/package.json`)) {
        const pkg = JSON.parse(readFileSync(`${path}/package.json`, 'utf8'));
        if (Object.keys(pkg.dependencies ?? {}).length === 0) {
          const key = `${pkg.name}@${pkg.version}`;
          copies.set(key, [...(copies.get(key) ?? []), resolve(path)].sort());
        }
      }
      if (depth < 6) scan(`${path}/node_modules`, depth + 1);
    }
  };
  scan('node_modules', 0);
  const canonical = new Map();
  for (const paths of copies.values()) for (const p of paths) canonical.set(p, paths[0]);
  return {
    name: 'dedupe',
    setup(b) {
      const filter = new RegExp(`^(${names.join('|')})(/.*)?$`);
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData === 'real') return undefined;
        const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'real' });
        const root = real.path.slice(0, real.path.lastIndexOf(`/node_modules/${args.path.split('/')[0]}/`) + `/node_modules/${args.path.split('/')[0]}`.length);
        const to = canonical.get(root);
        return to && to !== root ? { path: to + real.path.slice(root.length) } : real;
      });
    },
  };
};

// 1. The CommonJS engines. lodash/fp converts all of lodash when it is
// required, for the five functions MJML uses: scripts/engines/lodash-fp-lite.cjs
// stands in for it, and the build stops if MJML starts using another.
const engines = await build({
  entryPoints: { 'mjml-engine': 'scripts/engines/mjml.cjs', 'handlebars-compiler': 'scripts/engines/handlebars.cjs' },
  entryNames: '[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  outdir: staging,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  metafile: true,
  plugins: [
    noMjmlConfig,
    leaveOutUnused,
    dedupe(['entities']),
    lazyModules(/(parsers\/parse5-adapter\.js|^parse5-htmlparser2-tree-adapter)$/, /node_modules\/cheerio\//),
    {
      name: 'lodash-fp-lite',
      setup(b) {
        b.onResolve({ filter: /^lodash\/fp$/ }, () => ({ path: resolve('scripts/engines/lodash-fp-lite.cjs') }));
      },
    },
    {
      name: 'native-reflect-construct',
      setup(b) {
        b.onResolve({ filter: /(^@babel\/runtime\/helpers|^\.)\/isNativeReflectConstruct(\.js)?$/ }, (args) =>
          args.path.startsWith('.') && !args.resolveDir.includes('@babel/runtime/helpers')
            ? undefined
            : { path: resolve('scripts/engines/native-reflect-construct.cjs') },
        );
      },
    },
  ],
});
const engineFile = (entry) => basename(Object.entries(engines.metafile.outputs).find(([, o]) => o.entryPoint === entry)[0]);
const mjmlEngine = engineFile('scripts/engines/mjml.cjs');
const handlebarsCompiler = engineFile('scripts/engines/handlebars.cjs');
const fpUses = new Set();
for (const [path, input] of Object.entries(engines.metafile.inputs)) {
  if (!path.includes('node_modules/mjml')) continue;
  if (!input.imports.some((i) => i.original === 'lodash/fp')) continue;
  for (const m of readFileSync(path, 'utf8').matchAll(/\b_fp\.(\w+)/g)) fpUses.add(m[1]);
}
const fpLite = Object.keys((await import(resolve('scripts/engines/lodash-fp-lite.cjs'))).default);
const missing = [...fpUses].filter((f) => !fpLite.includes(f));
if (missing.length) throw new Error(`MJML uses lodash/fp's ${missing.join(', ')}: add them to scripts/engines/lodash-fp-lite.cjs`);

// The template compile options, from the one module that holds them.
const optionsModule = await build({ entryPoints: ['src/render/compileOptions.ts'], write: false, format: 'esm', logLevel: 'warning' });
const { compileOptions } = await import(`data:text/javascript,${encodeURIComponent(optionsModule.outputFiles[0].text)}`);

// 2. The CLI, its API and the preview worker, as ES modules.
const result = await build({
  // The preview's render worker is an entry of its own: worker threads start from a file.
  // index is the programmatic API (package.json "exports"); its types come from tsconfig.types.json.
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', 'preview-worker': 'src/preview/worker.ts' },
  // playwright-core finds its own files at run time: it can't be bundled, and only screenshots load it.
  external: ['playwright-core'],
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Source maps were most of the tarball: only on request (BUNDLE_SOURCEMAP=1), for debugging the bundle.
  sourcemap: process.env.BUNDLE_SOURCEMAP === '1' ? 'linked' : false,
  logLevel: 'warning',
  metafile: process.env.BUNDLE_META === '1',
  define: { __NL_MJML_ENGINE__: JSON.stringify(mjmlEngine), __NL_HANDLEBARS_COMPILER__: JSON.stringify(handlebarsCompiler) },
  banner: {
    // Bundled CommonJS (mjml, handlebars) still calls require().
    js: "import { createRequire as __nlCreateRequire } from 'node:module'; const require = __nlCreateRequire(import.meta.url);",
  },
  plugins: [
    lazyModules(/^node:child_process$/, /node_modules\/commander\//),
    {
      // The default theme, precompiled: see src/render/precompiled.ts.
      name: 'precompiled-templates',
      setup(b) {
        b.onResolve({ filter: /\/precompiled\.js$/ }, (args) =>
          args.importer.endsWith('templates.ts') ? { path: 'precompiled', namespace: 'precompiled' } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'precompiled' }, () => {
          const entries = readdirSync('templates')
            .filter((f) => f.endsWith('.hbs'))
            .map((name) => {
              const source = readFileSync(`templates/${name}`, 'utf8');
              // The options templates.ts compiles with (src/render/compileOptions.ts); it checks them before using a spec.
              const flavour = name.endsWith('.txt.hbs') ? 'txt' : 'mjml';
              const key = JSON.stringify(compileOptions(flavour));
              const spec = Handlebars.precompile(source, compileOptions(flavour));
              return `${JSON.stringify(name)}: { source: ${JSON.stringify(source)}, options: ${JSON.stringify(key)}, spec: ${spec} }`;
            });
          return { contents: `export const precompiled = {\n${entries.join(',\n')}\n};\n`, loader: 'js', resolveDir: process.cwd() };
        });
      },
    },
    {
      // MJML and Handlebars' compiler come from the CommonJS engines built above, and the parse cache kept
      // between runs exists only in the bundle (src/workspace/persistentIssueCache.ts says why).
      name: 'bundled-engines',
      setup(b) {
        const swap = {
          'mjmlEngine.js': 'src/render/mjmlEngineBundled.ts',
          'handlebarsCompiler.js': 'src/render/handlebarsCompilerBundled.ts',
          'persistentIssueCache.js': 'src/workspace/persistentIssueCacheBundled.ts',
        };
        b.onResolve({ filter: /\/(mjmlEngine|handlebarsCompiler|persistentIssueCache)\.js$/ }, (args) =>
          /\/src\/(render|workspace)\//.test(args.importer) && !args.importer.endsWith('Bundled.ts') ? { path: resolve(swap[basename(args.path)]) } : undefined,
        );
      },
    },
  ],
});

// Every file of the bundle is written in ASCII. The engines are then read
// as Latin-1 (src/util/codeCache.ts): decoding 1.6 MB of UTF-8 with one em
// dash in a comment took 15-25 ms of a cold build. Node decodes the ES
// modules itself, faster when they are ASCII, and V8 keeps them as one-byte
// strings. esbuild escapes strings and templates but keeps comments and
// regular expressions as written; \u escapes mean the same in both.
function toAscii(path) {
  const source = readFileSync(path, 'utf8');
  if (/\\[^\x00-\x7f]/.test(source)) throw new Error(`${path}: an escaped non-ASCII character can't be rewritten as \\u`);
  // Without the u flag the pattern matches UTF-16 units: a surrogate pair becomes two escapes, as V8 reads it.
  const ascii = source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== source) writeFileSync(path, ascii);
}

for (const name of readdirSync(staging)) if (/\.c?js$/.test(name)) toAscii(`${staging}/${name}`);

// Swap the new bundle in whole, so a CLI started meanwhile never sees half of one.
const old = `${outdir}.${process.pid}.old`;
try {
  renameSync(outdir, old);
} catch {
  // No earlier bundle.
}
try {
  renameSync(staging, outdir);
} catch (e) {
  // Another run (a second `npm test` at the same time) put its bundle, of the same sources, in place meanwhile: keep that one.
  if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
  rmSync(staging, { recursive: true, force: true });
}
rmSync(old, { recursive: true, force: true });

// BUNDLE_META=1: what each build holds, by package.
for (const meta of process.env.BUNDLE_META === '1' ? [engines.metafile, result.metafile] : []) {
  const by = {};
  for (const [p, i] of Object.entries(meta.inputs)) {
    const m = p.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
    const k = m ? m[1] : p.split('/')[0];
    by[k] = (by[k] || 0) + i.bytes;
  }
  console.log(
    Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([k, v]) => `${(v / 1024).toFixed(0)}K ${k}`)
      .join('\n'),
  );
}
