import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { NewsletterError } from '../problems/errors.js';

/**
 * Splits `---\nyaml\n---\nbody` and parses the YAML. We do this ourselves,
 * and gray-matter is not a dependency: it evaluates `---js` / `---javascript`
 * frontmatter by default and caches results between calls. Making it safe
 * means refusing every language spelling (`---JS`, `--- js`) before it sees
 * the file, replacing its YAML engine, and recomputing the line numbers our
 * errors need: this splitter, which does all three, and nothing left for
 * gray-matter to do.
 */

export interface Frontmatter {
  data: Record<string, unknown>;
  /** Dotted path (`chapters.2.time`) → 1-based line in the file. */
  lines: Map<string, number>;
  /** Dotted path → the source text of a plain scalar, so `subject: 1.10` can be read as the text "1.10". */
  raw: Map<string, string>;
  body: string;
  /** 1-based file line the body starts on. */
  bodyLine: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_FRONTMATTER_BYTES = 256 * 1024;
/** The deepest real frontmatter is four levels (sponsors → 0 → cta → url); past this it is a mistake or an attack. */
export const MAX_YAML_DEPTH = 16;

export function splitFrontmatter(source: string, file: string): { yaml: string; body: string; bodyLine: number } {
  const lines = source.split('\n');
  const first = lines[0] ?? '';
  if (first.trimEnd() !== '---') {
    if (/^---\S/.test(first) && !/^----/.test(first)) {
      throw new NewsletterError('FRONTMATTER_LANGUAGE', `Frontmatter must be YAML, but the file opens with "${first.trim().slice(0, 40)}"`, {
        file,
        line: 1,
        column: 4,
        hint: 'Start the file with a line of exactly three dashes: ---',
      });
    }
    throw new NewsletterError('FRONTMATTER_MISSING', 'The issue has no frontmatter', {
      file,
      line: 1,
      hint: 'Start the file with a line "---", then at least "title:" and "date:", then a closing "---" line',
    });
  }
  for (let i = 1; i < lines.length; i++) {
    const l = (lines[i] ?? '').trimEnd();
    if (l === '---' || l === '...') {
      return {
        yaml: lines.slice(1, i).join('\n'),
        body: lines.slice(i + 1).join('\n'),
        bodyLine: i + 2,
      };
    }
  }
  throw new NewsletterError('FRONTMATTER_UNCLOSED', 'The frontmatter opened on line 1 is never closed', {
    file,
    line: 1,
    hint: 'Add a line of exactly three dashes (---) after the last frontmatter key',
  });
}

/** Parses the YAML of a frontmatter block (or a whole config file: pass lineOffset 0). */
export function parseYamlMapping(
  yaml: string,
  file: string,
  lineOffset: number,
  what = 'frontmatter',
): { data: Record<string, unknown>; lines: Map<string, number>; raw: Map<string, string> } {
  if (Buffer.byteLength(yaml) > MAX_FRONTMATTER_BYTES) {
    throw new NewsletterError('FILE_TOO_LARGE', `The ${what} is larger than ${MAX_FRONTMATTER_BYTES / 1024} KB`, {
      file,
      line: lineOffset + 1,
      hint: 'Move long text into the markdown body',
    });
  }
  const lineCounter = new LineCounter();
  // Core schema: `01:19` and dates stay strings, `no` stays a string; no merge keys.
  const doc = parseDocument(yaml, {
    lineCounter,
    schema: 'core',
    uniqueKeys: true,
    merge: false,
    prettyErrors: false,
    strict: true,
  });
  const problem = doc.errors[0];
  if (problem) {
    const pos = lineCounter.linePos(problem.pos[0]);
    // The yaml parser recurses per level of [ and {: thousands of them exhaust the stack, which it reports as an error.
    if (problem.code === 'RESOURCE_EXHAUSTION') throw tooDeep(what, file, pos.line + lineOffset);
    const duplicate = problem.code === 'DUPLICATE_KEY';
    throw new NewsletterError('FRONTMATTER_YAML', `Invalid YAML in ${what}: ${firstLine(problem.message)}`, {
      file,
      line: pos.line + lineOffset,
      column: pos.col,
      hint: duplicate
        ? 'Each key may appear once: remove or rename the repeated key'
        : 'Quote values that contain ": " or start with a special character, e.g. subject: "News: May"',
    });
  }
  const lines = new Map<string, number>();
  const raw = new Map<string, string>();
  const lineOf = (offset: number | undefined): number => lineCounter.linePos(offset ?? 0).line + lineOffset;
  walk(doc.contents as Node | null, '', 0, (path, key, offset, source, depth) => {
    const line = lineOf(offset);
    if (depth > MAX_YAML_DEPTH) throw tooDeep(what, file, line);
    if (source !== undefined) raw.set(path, source);
    if (key === null) {
      // A list, mapping or alias as a key: JavaScript would stringify it (with a Node warning), and an
      // alias could stand for "__proto__" and slip past the check below.
      throw new NewsletterError('FRONTMATTER_YAML', `A key in the ${what} must be plain text, not a list, a mapping or an alias (*name)`, {
        file,
        line,
        hint: 'Write keys as words, e.g. title: My issue',
      });
    }
    if (key !== undefined && FORBIDDEN_KEYS.has(key)) {
      throw new NewsletterError('FIELD_FORBIDDEN', `The key "${key}" is not allowed`, {
        file,
        line,
        hint: `Remove "${key}"; it has no meaning in an issue`,
      });
    }
    if (!lines.has(path)) lines.set(path, line);
  });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new NewsletterError('FRONTMATTER_YAML', `Invalid YAML in ${what}: ${firstLine((e as Error).message)}`, {
      file,
      line: lineOffset + 1,
      hint: 'Aliases (*name) may be used only a few times; write the values out',
    });
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new NewsletterError('FRONTMATTER_SHAPE', `The ${what} must be a mapping of keys to values, not a ${Array.isArray(data) ? 'list' : typeof data}`, {
      file,
      line: lineOffset + 1,
      hint: 'Write one "key: value" per line, e.g. title: My issue',
    });
  }
  return { data: data as Record<string, unknown>, lines, raw };
}

/** key: the text of a mapping key, null for a key that is not a plain scalar, undefined for a list item. */
type Visit = (path: string, key: string | null | undefined, offset: number | undefined, source: string | undefined, depth: number) => void;

/** Visits every node; it stops at MAX_YAML_DEPTH + 1 (the visitor throws there), so the recursion is bounded. */
function walk(node: Node | null, path: string, depth: number, visit: Visit): void {
  if (!node || isAlias(node) || depth > MAX_YAML_DEPTH) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? scalarText(keyNode.value) : keyNode === null ? '' : null;
      const childPath = path ? `${path}.${key ?? ''}` : (key ?? '');
      const value = pair.value as Node | null;
      visit(childPath, key, keyNode?.range?.[0] ?? value?.range?.[0], isScalar(value) && value.type === 'PLAIN' ? value.source : undefined, depth + 1);
      walk(value, childPath, depth + 1, visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const childPath = `${path}.${i}`;
      visit(childPath, undefined, (item as Node | null)?.range?.[0], isScalar(item) && item.type === 'PLAIN' ? item.source : undefined, depth + 1);
      walk(item as Node | null, childPath, depth + 1, visit);
    });
  }
}

function scalarText(v: unknown): string | null {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) ? String(v) : null;
}

function tooDeep(what: string, file: string, line: number): NewsletterError {
  return new NewsletterError('FRONTMATTER_YAML', `The ${what} is nested more than ${MAX_YAML_DEPTH} levels deep`, {
    file,
    line,
    hint: 'Check for an unclosed [ or {; no key needs more than a few levels, e.g. sponsor: { cta: { url: ... } }',
  });
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');
}

export function parseFrontmatter(source: string, file: string): Frontmatter {
  const { yaml, body, bodyLine } = splitFrontmatter(source, file);
  const { data, lines, raw } = parseYamlMapping(yaml, file, 1);
  return { data, lines, raw, body, bodyLine };
}
