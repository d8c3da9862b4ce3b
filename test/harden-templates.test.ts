/**
 * Class 7 of the trust issue, templates: raw MJML left in the output is
 * refused, mj-include is refused however it is written, inline partials
 * work, and a runaway template stops at a limit (class 4).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { compileTemplates, TEMPLATE_LIMITS } from '../src/render/templates.js';
import { expectRefusal, filesUnder, issue, rendered, renderSource, runMain, withOverride } from './helpers/harden.js';
import { cleanupWorkspaces, issueSource, makeWorkspace } from './helpers/workspace.js';

/** Megabytes of markdown on a busy 2-core machine: generous room, never a timed assertion. */
const HEAVY = 120_000;

afterAll(cleanupWorkspaces);

const SOURCE = issue('', 'One.\n\nTwo.\n\n> A quote.\n\nThree.');

async function withTemplate(name: string, template: string, source = SOURCE): ReturnType<typeof renderSource> {
  return renderSource(source, { templates: compileTemplates(withOverride(name, template)) });
}

describe('MJML left as text in the email is refused', () => {
  it.each([
    ['an unclosed mj-text', 'title.mjml.hbs', '<mj-text>{{title}}\n'],
    ['an unclosed mj-button', 'title.mjml.hbs', '<mj-button href="https://e.example.com">{{title}}\n'],
    ['an MJML tag inside mj-raw', 'title.mjml.hbs', '<mj-raw><mj-button>x</mj-button></mj-raw>\n'],
    ['an MJML tag inside mj-text', 'greeting.mjml.hbs', '<mj-text><mj-image src="https://e.example.com/a.png" /></mj-text>\n'],
  ])('%s: MJML_INVALID (exit 65) naming the override', async (_, name, template) => {
    const e = expectRefusal(await withTemplate(name, template), 'MJML_INVALID', { file: `templates/${name}`, exit: 65 });
    expect(e.message).toMatch(/<mj-[a-z-]+>/);
    expect(e.hint).toMatch(/close/i);
  });

  it('does not mistake author text that looks like MJML for a leftover tag', async () => {
    const r = await rendered(issue('subject: "<mj-text> is a tag"\nquote: "</mj-text><mj-button>"', 'Write `<mj-text>` or <mj-raw> in prose.'));
    expect(r.html).not.toMatch(/<\/?mj-/);
    expect(r.html).toContain('&lt;mj-text&gt;');
  });

  it('build: exits 65 and writes nothing for an override that leaves MJML behind', async () => {
    const ws = makeWorkspace({ 'templates/title.mjml.hbs': '<mj-text>{{title}}\n', 'issues/2026-01-07-x.md': issueSource() });
    const r = await runMain(['build', 'issues/2026-01-07-x.md'], ws);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/error\[MJML_INVALID\] templates\/title\.mjml\.hbs/);
    expect(filesUnder(join(ws, 'dist'))).toEqual([]);
  });
});

describe('mj-include is refused however it is written', () => {
  it.each([
    ['split by a Handlebars comment', '<mj-inc{{!-- x --}}lude path="/etc/passwd" />'],
    ['in capitals', '<MJ-INCLUDE path="/etc/passwd" />'],
    ['with a line break after the name', '<mj-include\n  path="/etc/passwd" />'],
    ['from an inline partial', '{{#*inline "inc"}}<mj-{{!}}include path="/etc/passwd" />{{/inline}}{{> inc}}'],
    ['after an else', '{{#if title}}{{else}}x{{/if}}<mj-include path="x.mjml" type="css" />'],
  ])('%s: TEMPLATE_SYNTAX (exit 65) naming the override, never a silent drop', async (_, template) => {
    expectRefusal(await withTemplate('footer.mjml.hbs', template), 'TEMPLATE_SYNTAX', {
      file: 'templates/footer.mjml.hbs',
      exit: 65,
      message: /mj-include/,
    });
  });

  it('build: a spelled-out include exits 65 with the file, and nothing is written', async () => {
    const ws = makeWorkspace({ 'templates/footer.mjml.hbs': '<mj-inc{{!}}lude path="../../etc/passwd" />\n', 'issues/2026-01-07-x.md': issueSource() });
    const r = await runMain(['build', 'issues/2026-01-07-x.md'], ws);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/error\[TEMPLATE_SYNTAX\] templates\/footer\.mjml\.hbs/);
    expect(filesUnder(join(ws, 'dist'))).toEqual([]);
  });
});

describe("Handlebars' log helper is refused", () => {
  it.each(['{{log "x"}}', 'x\n{{#log title}}{{/log}}'])('%s: TEMPLATE_SYNTAX naming the override and line, nothing printed to the console', (template) => {
    try {
      compileTemplates(withOverride('title.txt.hbs', `${template}\n`));
      expect.unreachable();
    } catch (e) {
      expectRefusal(e, 'TEMPLATE_SYNTAX', { file: 'templates/title.txt.hbs', line: template.split('\n').length, exit: 65, message: /"log"/ });
    }
  });
});

describe('inline partials', () => {
  it('work in an MJML override', async () => {
    const r = await rendered(SOURCE, {
      templates: compileTemplates(withOverride('title.mjml.hbs', '{{#*inline "big"}}<mj-text>BIG {{this}}</mj-text>{{/inline}}{{> big title}}\n')),
    });
    expect(r.html).toContain('BIG T');
  });

  it('work in a text override, several per template and called more than once', async () => {
    const template = '{{#*inline "a"}}A:{{this}}{{/inline}}{{#*inline "b"}}B:{{this}}{{/inline}}{{> a title}} {{> b title}} {{> a date}}\n';
    const r = await rendered(SOURCE, { templates: compileTemplates(withOverride('title.txt.hbs', template)) });
    expect(r.text).toContain('A:T B:T A:2024-01-01');
  });

  it('an unknown partial is still refused, and the hint says how to define one', () => {
    try {
      compileTemplates(withOverride('title.txt.hbs', '{{#*inline "a"}}x{{/inline}}\n{{> b}}\n'));
      expect.unreachable();
    } catch (e) {
      const err = expectRefusal(e, 'TEMPLATE_MISSING', { file: 'templates/title.txt.hbs', line: 2 });
      expect(err.hint).toContain('{{#*inline "b"}}');
    }
  });
});

describe('runaway templates hit a limit, not a hang', { timeout: HEAVY }, () => {
  /** A letter of many paragraphs, so that nested loops over it multiply. */
  const LONG = issue('', Array.from({ length: 60 }, (_, i) => `Paragraph ${i}.\n\n> Quote ${i}.`).join('\n\n'));
  const nest = (n: number): string => '{{#each @root.body}}'.repeat(n) + 'x' + '{{/each}}'.repeat(n);

  it.each([
    ['nested loops in an MJML override', 'title.mjml.hbs', `<mj-text>${nest(6)}</mj-text>\n`],
    ['nested loops in a text override', 'body.txt.hbs', nest(5)],
    ['loops inside a with', 'title.txt.hbs', `{{#with @root}}${nest(4)}{{/with}}\n`],
  ])('%s: TEMPLATE_RUNTIME naming the override', async (_, name, template) => {
    const e = expectRefusal(await withTemplate(name, template, LONG), 'TEMPLATE_RUNTIME', { file: `templates/${name}`, exit: 65 });
    expect(e.message).toContain(String(TEMPLATE_LIMITS.iterations));
  });

  it('a partial that includes itself', async () => {
    const e = expectRefusal(await withTemplate('title.txt.hbs', 'x{{> title}}\n'), 'TEMPLATE_RUNTIME', { file: 'templates/title.txt.hbs' });
    expect(e.message).toMatch(/nested more than 32 levels/);
    expect(e.message).not.toMatch(/call stack/);
  });

  it('two partials that include each other', async () => {
    const set = withOverride('title.txt.hbs', '{{> greeting}}\n');
    set.set('greeting.txt.hbs', { name: 'greeting.txt.hbs', display: 'templates/greeting.txt.hbs', source: '{{> title}}\n', override: true });
    const e = await renderSource(SOURCE, { templates: compileTemplates(set) });
    expectRefusal(e, 'TEMPLATE_RUNTIME', { message: /nested more than 32 levels/ });
    expect(['templates/title.txt.hbs', 'templates/greeting.txt.hbs']).toContain((e as NewsletterError).file);
  });

  it('an inline partial that includes itself', async () => {
    const e = expectRefusal(await withTemplate('title.txt.hbs', '{{#*inline "r"}}r{{> r}}{{/inline}}{{> r}}\n'), 'TEMPLATE_RUNTIME', {
      file: 'templates/title.txt.hbs',
    });
    expect(e.message).toMatch(/calls itself without end/);
  });

  it('output multiplied past the limit', async () => {
    const big = issue('', 'word '.repeat(200_000));
    const template = `{{#each body}}${'{{{html}}}'.repeat(200)}{{/each}}\n`;
    const e = expectRefusal(await withTemplate('body.mjml.hbs', template, big), 'TEMPLATE_RUNTIME', { file: 'templates/body.mjml.hbs' });
    expect(e.message).toMatch(/more than 32 MB/);
  });

  it('the default theme renders a long letter well inside the limits', async () => {
    const r = await rendered(LONG);
    expect(r.text).toContain('Paragraph 59.');
  });
});
