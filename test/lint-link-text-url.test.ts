/** link-text-url: link text that shows one address while the link goes to another. */
import { describe, expect, it } from 'vitest';
import { addressInText, destinationOf, siteOf } from '../src/lint/urlLabels.js';
import { fakeRendered, html, input, rendered, run } from './helpers/lint.js';

const links = (body: string) => run('link-text-url', input({ rendered: fakeRendered({ html: html(body) }) }));

describe('reading addresses in link text', () => {
  it('reads URLs, www. names, lower-case domains and e-mail addresses', () => {
    expect(addressInText('https://paypal.com/login')).toEqual({ host: 'paypal.com' });
    expect(addressInText('www.Example.org')).toEqual({ host: 'www.example.org' });
    expect(addressInText('github.com/acme/tool')).toEqual({ host: 'github.com' });
    expect(addressInText('<bank.co.uk>')).toEqual({ host: 'bank.co.uk' });
    expect(addressInText('Help@Example.com')).toEqual({ host: 'example.com', email: 'help@example.com' });
  });

  it('leaves words with dots alone', () => {
    for (const t of ['Node.js', 'ASP.NET', 'Vue.js', 'the docs', 'v1.2', 'e.g.', 'Read more at example.com']) expect(addressInText(t)).toBeNull();
  });

  it('compares sites, not hosts', () => {
    expect(siteOf('www.example.com')).toBe('example.com');
    expect(siteOf('docs.example.com')).toBe('example.com');
    expect(siteOf('news.bbc.co.uk')).toBe('bbc.co.uk');
    expect(destinationOf('mailto:Me%40x.example.com?subject=hi')).toEqual({ host: 'x.example.com', email: 'me@x.example.com' });
    expect(destinationOf('mailto:bad%zz@x.com')).toMatchObject({ email: 'bad%zz@x.com' });
    expect(destinationOf('tel:+1555')).toBeNull();
  });
});

describe('link-text-url', () => {
  it('flags text that shows another site than the link goes to, as an error', () => {
    const f = links(
      '<a href="https://evil.example.net/login">paypal.com</a><a href="https://bit.ly/x">https://github.com/acme</a><a href="mailto:a@evil.example.net">help@bank.example.com</a><a href="tel:+1555">www.example.com</a>',
    );
    expect(f.map((p) => p.severity)).toEqual(['error', 'error', 'error', 'error']);
    expect(f[0]!.message).toMatch(/shows paypal\.com, but the link goes to evil\.example\.net/);
    expect(f[2]!.message).toMatch(/shows help@bank\.example\.com, but the link goes to a@evil\.example\.net/);
  });

  it('is quiet when the text shows the link’s own site, or is not an address', () => {
    expect(
      links(
        '<a href="https://example.com/docs">docs.example.com</a><a href="https://www.example.com/">example.com</a><a href="http://example.com/a">https://example.com/a</a><a href="mailto:Me@Example.com">me@example.com</a><a href="https://nodejs.org/">Node.js</a><a href="https://x.example.com/">the show notes</a>',
      ),
    ).toEqual([]);
  });

  it('points at the line the link was written on', async () => {
    const i = await rendered('---\ntitle: T\ndate: 2026-01-07\npreheader: P\n---\nHi.\n\nLog in at [paypal.com](https://evil.example.net/).\n');
    expect(run('link-text-url', i)[0]).toMatchObject({ file: 'issues/t.md', line: 8 });
  });
});
