// Refreshes src/lint/caniemail/caniemail.json from caniemail.com's
// sources: the `_features/*.md` files of github.com/hteumeuleu/caniemail
// (the same files the site's /api/data.json is generated from).
//
//   git clone --depth 1 https://github.com/hteumeuleu/caniemail /tmp/caniemail
//   node scripts/update-caniemail.mjs /tmp/caniemail
//
// The `caniemail` npm package would give the same data, but it needs
// Node 22 and brings a prettier plugin along at run time; we support Node
// 20.19, and the data is all we need. Only the clients `check` reports on
// are kept, each with the support of its most recently tested version.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The clients `check` reports on: caniemail's family.platform ids. */
export const CLIENTS = [
  'gmail.desktop-webmail',
  'gmail.ios',
  'gmail.android',
  'outlook.windows',
  'outlook.macos',
  'outlook.outlook-com',
  'apple-mail.ios',
  'apple-mail.macos',
  'yahoo.desktop-webmail',
  'yahoo.ios',
  'yahoo.android',
  'samsung-email.android',
  'thunderbird.windows',
  'thunderbird.macos',
];

const repo = process.argv[2];
if (!repo) {
  console.error('usage: node scripts/update-caniemail.mjs PATH-TO-A-CLONE-OF-hteumeuleu/caniemail');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
const commit = git('rev-parse', 'HEAD');
const date = git('log', '-1', '--format=%cs', 'HEAD');

/**
 * Jekyll's YAML reader accepts flow collections (`stats: {`) whose lines
 * start at column 0 or with tabs; YAML proper wants them indented under
 * their key. Indents every line that starts inside a flow collection.
 */
function indentFlow(yaml) {
  let depth = 0;
  return yaml
    .split(/\r?\n/)
    .map((line) => {
      const out = depth > 0 ? '    ' + line.replace(/^\s+/, '') : line;
      for (const m of line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '').matchAll(/[{}[\]]/g)) depth += m[0] === '{' || m[0] === '[' ? 1 : -1;
      return out;
    })
    .join('\n');
}

const dir = join(repo, '_features');
const features = [];
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.md') || name.startsWith('_')) continue;
  const source = readFileSync(join(dir, name), 'utf8');
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (!front) throw new Error(`${name}: no frontmatter`);
  // Jekyll keeps the last of duplicate keys; so does uniqueKeys: false.
  // Maps keep the order versions are written in (an object would put "15" before "11.4").
  const data = parse(indentFlow(front[1]), { uniqueKeys: false, mapAsMap: true });
  const slug = name.slice(0, -3);
  let support = '';
  for (const client of CLIENTS) {
    const [family, platform] = client.split('.');
    const versions = data.get('stats')?.get(family)?.get(platform);
    // caniemail lists versions oldest first; the last one is how the client behaves today.
    const last = versions instanceof Map ? [...versions.values()].at(-1) : undefined;
    support += String(last ?? '-').trim()[0] ?? '-';
  }
  features.push({ slug, title: String(data.get('title')), category: String(data.get('category')), support });
}

const out = {
  source: 'https://github.com/hteumeuleu/caniemail',
  commit,
  date,
  license: 'MIT, (c) 2019 Rémi Parmentier (caniemail.com)',
  // support[i] is how clients[i] handles the feature: y supported, a partial, n not supported, u unknown, - not tested.
  clients: CLIENTS,
  features,
};
// One feature per line: small diffs when the data is refreshed.
const body = features.map((f) => '    ' + JSON.stringify(f)).join(',\n');
const head = JSON.stringify({ ...out, clients: 'CLIENTS', features: [] }, null, 2)
  .replace('"CLIENTS"', JSON.stringify(CLIENTS))
  .replace(/"features": \[\]\n\}$/, '');
writeFileSync('src/lint/caniemail/caniemail.json', `${head}"features": [\n${body}\n  ]\n}\n`);
console.log(`${features.length} features, ${commit.slice(0, 7)} of ${date}`);
