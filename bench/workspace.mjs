// The bench's workspaces: the example config and assets of this repository,
// and `count` generated issues shaped like the examples in issues/ (a letter
// with a pull quote, listen links, chapters with times in every form authors
// write, resources, sponsors, promos). Deterministic: issue i is the same in
// every workspace, so the first 100 issues of a 1,000-issue workspace are
// the 100-issue workspace.
//
//   node bench/workspace.mjs 1000 /tmp/ws      writes one (the folder must be empty or absent)
//   import { generateWorkspace } from './workspace.mjs'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;
// Weekly from here: 1,000 issues end in 2026.
const FIRST = Date.UTC(2007, 8, 5);

/** mulberry32: a small seeded generator, so a workspace is the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

const FIRST_NAMES = ['Priya', 'Tomás', 'Amara', 'Jonas', 'Mei', 'Olusegun', 'Ines', 'Kenji', 'Sofia', 'Ravi', 'Hanna', 'Mateo', 'Zainab', 'Lukas', 'Aoife'];
const LAST_NAMES = [
  'Raman',
  'Ferreira',
  'Okafor',
  'Lindqvist',
  'Chen',
  'Adeyemi',
  'Moreau',
  'Takahashi',
  'Rossi',
  'Iyer',
  'Nowak',
  'García',
  'Haddad',
  'Becker',
  'Byrne',
];
const TOPICS = [
  'code review',
  'flaky tests',
  'naming',
  'small commits',
  'on-call',
  'deleting code',
  'error messages',
  'feature flags',
  'legacy systems',
  'pairing',
  'design documents',
  'dependency upgrades',
  'logging',
  'estimates',
  'migrations',
  'README files',
  'incident reviews',
  'API design',
];
const TITLE_SHAPES = [
  (t) => `The Quiet Cost of ${cap(t)}`,
  (t) => `${cap(t)} Is a Team Sport`,
  (t) => `What Nobody Tells You About ${cap(t)}`,
  (t) => `In Defence of ${cap(t)}`,
  (t) => `${cap(t)}, Slowly`,
  (t) => `Getting ${cap(t)} Right the Second Time`,
  (t) => `Notes on ${cap(t)}`,
];
const SENTENCES = [
  (g, t) => `This week I talked to **${g}** about ${t}, and I have not stopped thinking about it since.`,
  (g, t) => `${first(g)} has spent years on ${t}, and her conclusion sounds obvious until you look at your own work.`,
  (_g, t) => `Most teams treat ${t} as a chore to get through rather than a habit worth building.`,
  (_g, t) => `The practical advice is refreshingly concrete: start small, write it down, and revisit ${t} every quarter.`,
  () => `The histories that were pleasant to read were made of small steps, each one doing a single thing and saying so.`,
  (g) => `${first(g)} keeps a checklist on a sticky note, and it has outlived three laptops.`,
  () => `It is a small ritual, but it turns a matter of taste into a conversation about the model.`,
  (_g, t) => `If you want to go deeper, the [longer write-up](https://example.org/notes/${slugify(t)}) covers the same ground with examples.`,
  () => `Try it for a week and tell me how it goes. Just hit reply; I read every one.`,
  () => `We also talked about the unglamorous side: the \`git bisect\` at midnight, the runbook nobody updated, the alert that cried wolf.`,
  (g) => `${first(g)} put it better than I can: the work is only done when the next person can pick it up without asking.`,
  () => `None of this is new, which is exactly why it is so easy to skip on a busy Friday afternoon.`,
  () => `I came away with a list of things to try on our own team, and a few to stop doing at once.`,
];
const QUOTES = [
  'The first version is a guess. The second one is a decision.',
  'A review comment is a question you are asking in public. Ask it the way you’d want to be asked.',
  'Every line you delete is a line nobody has to understand again.',
  'If the sentence needs an “and”, it is probably two commits.',
  'The diff tells you what changed. Only the author can tell you why.',
  'Boring is a feature when the pager goes off at 2 a.m.',
];
const CHAPTER_TITLES = [
  'How it started, and the class called Manager2',
  'Why good habits arrive late',
  'Doing it without fear in a large codebase',
  'The banned-words list',
  'What the team measures now',
  'A story from the worst week of the year',
  'Tools that help, and tools that get in the way',
  'Listener question: where do I start?',
  'What reviewers owe authors',
  'The one rule that survived',
];
const SPONSORS = [
  ['Bramble CI', 'runs your test suite in parallel and tells you which tests are _actually_ flaky.', 'https://bramble.example.com/quiet-build'],
  ['Patchwork Docs', 'turns your README, ADRs and runbooks into one searchable site.', 'https://patchwork.example.org/tour'],
  ['Sorrel Search', 'is code search that understands renames, even the ones that still use an _old_ name.', 'https://sorrel.example.net/trial'],
];

const cap = (s) => s.replace(/(^|\s)(\p{Ll})/gu, (_, sp, c) => sp + c.toUpperCase());
const first = (name) => name.split(' ')[0];
const slugify = (s) =>
  s
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
const q = (s) => JSON.stringify(s);

function clock(seconds, hours) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return hours || h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${String(m).padStart(2, '0')}:${s}`;
}

/** Issue number `i` (0-based): its file name and its markdown. */
export function generateIssue(i) {
  const r = rng(0x9e3779b9 ^ Math.imul(i + 1, 2654435761));
  const date = new Date(FIRST + i * 7 * DAY).toISOString().slice(0, 10);
  const topic = r.pick(TOPICS);
  const guest = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
  const ep = 100 + i;
  const title = `${r.pick(TITLE_SHAPES)(topic)} (no. ${i + 1})`;
  const file = `${date}-${slugify(title)}.md`;
  const fm = [`title: ${q(title)}`, `date: ${date}`];
  if (r.chance(0.5)) fm.push(`subject: ${q(`${r.chance(0.3) ? '🎙️ ' : ''}${cap(topic)} with ${guest}`)}`);
  if (r.chance(0.7)) fm.push(`preheader: ${q(`${guest} on ${topic}, what ${first(guest)}’s team changed, and the one habit worth keeping.`)}`);
  if (r.chance(0.2)) fm.push(`greeting: ${r.pick(['Olá, builders,', 'Hello again,', 'Hi everyone,'])}`);
  if (r.chance(0.7)) {
    const text = r.pick(QUOTES);
    fm.push(r.chance(0.5) ? `quote: ${q(text)}` : `quote:\n  text: ${q(text)}\n  cite: ${guest}`);
  }
  if (r.chance(0.8)) {
    fm.push('listen:');
    fm.push(`  - label: Apple Podcasts\n    url: https://podcasts.example.com/quiet-build/ep/${ep}`);
    fm.push(`  - label: Spotify\n    url: https://spotify.example.net/episode/quiet-build-${ep}`);
    if (r.chance(0.5)) fm.push(`  - label: YouTube\n    url: https://video.example.org/watch/quiet-build-${ep}`);
  }
  if (r.chance(0.85)) {
    fm.push('chapters:');
    let t = r.int(20, 90);
    const n = r.int(3, 8);
    for (let c = 0; c < n; c++) {
      const form = r.int(0, 3);
      // Every form authors write: quoted, unquoted MM:SS (YAML 1.1 base 60), seconds, H:MM:SS.
      const time = form === 0 ? q(clock(t)) : form === 1 && t < 3600 ? clock(t) : form === 2 ? String(t) : q(clock(t, true));
      fm.push(`  - time: ${time}\n    title: ${q(r.pick(CHAPTER_TITLES))}`);
      if (r.chance(0.5)) fm.push(`    summary: ${q(`${first(guest)} explains why ${topic} matter **more** than they look, with an _example_.`)}`);
      t += r.int(240, 900);
    }
    if (r.chance(0.2)) fm.push(`  - title: ${q(`Listener question: ${topic}?`)}`);
  }
  if (r.chance(0.6)) {
    fm.push('resources:');
    for (let k = r.int(1, 4); k > 0; k--) {
      fm.push(`  - label: ${q(`${cap(topic)} reading, part ${k}`)}\n    url: https://example.org/reading/${slugify(topic)}/${k}`);
      if (r.chance(0.5)) fm.push(`    note: ${q(`The best explanation of ${topic} I know.`)}`);
    }
  }
  const s = r.next();
  if (s < 0.35) {
    const [name, text, url] = r.pick(SPONSORS);
    fm.push(
      `sponsor:\n  label: This episode is brought to you by\n  name: ${name}\n  text: ${q(`**${name}** ${text}`)}\n  cta:\n    label: ${q(`Try ${name}`)}\n    url: ${url}`,
    );
  } else if (s < 0.45) fm.push('sponsor: false');
  if (r.chance(0.15)) {
    fm.push(
      `promos:\n  - title: Join us live in ${r.pick(['Lisbon', 'Porto', 'Berlin', 'Leeds'])}\n    text: ${q('We’re recording a live episode in front of an audience. Seats are **free**.')}`,
    );
    fm.push(`    cta:\n      label: Reserve a seat\n      url: https://example.com/quiet-build/live/${ep}`);
  } else if (r.chance(0.05)) fm.push('promos: false');
  if (r.chance(0.3)) fm.push(`signoff: ${q(`Be kind to ${topic} this week,`)}`);
  if (r.chance(0.5)) fm.push(`teaser: ${q(`${guest} on ${topic}, and what ${first(guest)} would do differently.`)}`);

  const body = [];
  const paragraphs = r.int(3, 7);
  for (let p = 0; p < paragraphs; p++) {
    const sentences = [];
    for (let k = r.int(2, 5); k > 0; k--) sentences.push(r.pick(SENTENCES)(guest, topic));
    body.push(sentences.join(' '));
    if (p === 1 && r.chance(0.5)) body.push(`> ${r.pick(QUOTES)}\n>\n> — ${guest}`);
    if (p === 2 && r.chance(0.4))
      body.push(`- Ask for a walkthrough first.\n- Read the tests before the code.\n- Leave _one_ round of comments, grouped by theme.`);
  }
  return { file, source: `---\n${fm.join('\n')}\n---\n\n${body.join('\n\n')}\n` };
}

/**
 * A workspace of `count` generated issues in `dir` (default: a new temporary
 * folder), with this repository's config and assets; `templates` maps file
 * names to template overrides to write into templates/. Returns the folder.
 */
export function generateWorkspace(count, { dir, templates = {} } = {}) {
  const ws = dir ?? mkdtempSync(join(tmpdir(), `newsletter-bench-${count}-`));
  mkdirSync(join(ws, 'issues'), { recursive: true });
  if (readdirSync(join(ws, 'issues')).length > 0) throw new Error(`${ws}/issues is not empty`);
  cpSync(join(ROOT, 'newsletter.config.yaml'), join(ws, 'newsletter.config.yaml'));
  cpSync(join(ROOT, 'assets'), join(ws, 'assets'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const { file, source } = generateIssue(i);
    writeFileSync(join(ws, 'issues', file), source);
  }
  if (Object.keys(templates).length > 0) {
    mkdirSync(join(ws, 'templates'), { recursive: true });
    for (const [name, source] of Object.entries(templates)) writeFileSync(join(ws, 'templates', name), source);
  }
  return ws;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 1) {
    console.error('usage: node bench/workspace.mjs COUNT [DIR]');
    process.exit(2);
  }
  console.log(generateWorkspace(count, { dir: process.argv[3] }));
}
