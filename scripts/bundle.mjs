// Bundles src/ into dist-cli/ so start-up reads a few files instead of
// resolving hundreds of modules. Commands and MJML are split into chunks
// loaded on first use. The minifier and beautifier MJML can call are never
// used here, so they are left out of the bundle.
import { build } from 'esbuild';

const unused = ['htmlnano', 'cssnano', 'cssnano-preset-lite', 'js-beautify', 'postcss'];

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist-cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: {
    // Bundled CommonJS (mjml, handlebars) still calls require().
    js: "import { createRequire as __nlCreateRequire } from 'node:module'; const require = __nlCreateRequire(import.meta.url);",
  },
  plugins: [
    {
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
    },
    {
      name: 'leave-out-unused',
      setup(b) {
        const filter = new RegExp(`^(${unused.join('|')})(/.*)?$`);
        b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'unused' }));
        b.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
          contents: `module.exports = new Proxy(function () {}, { get: (t, k) => k === '__esModule' ? false : () => { throw new Error(${JSON.stringify(args.path + ' is not bundled')}) }, apply() { throw new Error('not bundled') } });`,
          loader: 'js',
        }));
      },
    },
  ],
});
