// Import cycles in src/: each module's relative imports (import ... from,
// import '...', export ... from, import('...'), type-only ones included,
// since they tie the folders together just the same), then a depth-first
// search that prints every cycle between modules. Exit 1 when there is one.
// With --folders, cycles between the folders of src/ (the pipeline's
// layers: render/ → lint/ → render/) count too, even where no chain of
// modules closes a loop. Dependency-free on purpose: `npm run check` runs it.
//
//   node scripts/cycles.mjs [--folders] [DIR]      (default: src)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const withFolders = args.includes('--folders');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'src');
const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

/** Every source file under dir, sorted, declaration files left out. */
function listSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/**
 * Comments out, strings kept: a block comment, or a line comment that
 * starts a line or follows a space (so 'https://x' in a string stays).
 */
function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[\s;{}])\/\/.*$/gm, '$1');
}

const PATTERNS = [
  // import x from '...', import { a, type b } from '...', import type { T } from '...' (across lines)
  /\bimport\s+(?:type\s+)?[\w$*{}\s,]*?\bfrom\s*(['"])([^'"]+)\1/g,
  // import '...'
  /\bimport\s*(['"])([^'"]+)\1/g,
  // export * from '...', export { a } from '...', export type { T } from '...', export * as ns from '...'
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"]+)\1/g,
  // import('...')
  /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
];

/** The relative specifiers a module imports. */
function specifiers(source) {
  const text = stripComments(source);
  const found = new Set();
  for (const re of PATTERNS) for (const m of text.matchAll(re)) if (m[2].startsWith('.')) found.add(m[2]);
  return [...found];
}

/** The file a relative specifier names: TypeScript's `./x.js` is ./x.ts. */
function resolveSpecifier(from, spec) {
  const base = resolve(dirname(from), spec);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
    `${base}.ts`,
    `${base}.tsx`,
    `${base}.js`,
    join(base, 'index.ts'),
    join(base, 'index.js'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

const files = listSources(root);
const graph = new Map();
for (const file of files) {
  const edges = [];
  for (const spec of specifiers(readFileSync(file, 'utf8'))) {
    const target = resolveSpecifier(file, spec);
    if (target && target.startsWith(root + '/') && target !== file) edges.push(target);
  }
  graph.set(file, [...new Set(edges)].sort());
}

/**
 * Every elementary cycle of a graph (Map node → sorted targets), each once:
 * from each start node, a depth-first search through the nodes after it in
 * order, recording each path that comes back to it. Stops at `cap`.
 */
function elementaryCycles(g, cap) {
  const nodes = [...g.keys()].sort();
  const rank = new Map(nodes.map((n, i) => [n, i]));
  const found = [];
  for (const start of nodes) {
    const path = [start];
    const onPath = new Set(path);
    const walk = (node) => {
      for (const next of g.get(node) ?? []) {
        if (found.length >= cap) return;
        if (next === start) found.push([...path]);
        else if (rank.get(next) > rank.get(start) && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return found;
}

/**
 * The same graph between src/'s folders (a file directly in src/ is its own
 * node): the pipeline's layers must not depend on each other both ways either,
 * even where no single chain of modules closes a loop. Each edge remembers
 * one import that makes it, to show where to cut.
 */
function folderGraph() {
  const folderOf = (f) => relative(root, f).split('/')[0];
  const g = new Map();
  const why = new Map();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    if (!g.has(from)) g.set(from, new Set());
    for (const t of targets) {
      const to = folderOf(t);
      if (to === from) continue;
      g.get(from).add(to);
      if (!why.has(`${from}\0${to}`)) why.set(`${from}\0${to}`, `${show(file)} imports ${show(t)}`);
    }
  }
  return { g: new Map([...g].map(([k, v]) => [k, [...v].sort()])), why };
}

const CAP = 100;
const show = (f) => relative(process.cwd(), f);
const where = show(root) || '.';
const moduleCycles = elementaryCycles(graph, CAP);
const folders = folderGraph();
const folderCycles = withFolders ? elementaryCycles(folders.g, CAP) : [];

if (moduleCycles.length === 0 && folderCycles.length === 0) {
  console.log(`cycles: none in ${where} (${files.length} modules${withFolders ? `, ${folders.g.size} folders` : ''})`);
} else {
  const plural = (n, word) => `${n}${n >= CAP ? '+' : ''} ${word}${n === 1 ? '' : 's'}`;
  if (moduleCycles.length) {
    console.error(`cycles: ${plural(moduleCycles.length, 'import cycle')} between modules of ${where}:`);
    for (const c of moduleCycles) console.error(`  ${[...c, c[0]].map(show).join(' → ')}`);
  }
  if (folderCycles.length) {
    console.error(`cycles: ${plural(folderCycles.length, 'cycle')} between folders of ${where}:`);
    for (const c of folderCycles) {
      console.error(`  ${[...c, c[0]].map((f) => `${f}/`).join(' → ')}`);
      for (const [i, f] of c.entries()) console.error(`      ${folders.why.get(`${f}\0${c[(i + 1) % c.length]}`)}`);
    }
  }
  process.exitCode = 1;
}
