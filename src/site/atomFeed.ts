import type { ViewModel } from '../render/viewModel.js';
import { esc } from './siteHtml.js';

export interface FeedEntry {
  slug: string;
  title: string;
  date: string;
  teaser: string;
  /** The issue's view model (email target: its links are absolute). */
  vm: ViewModel;
}

/**
 * feed.xml, Atom 1.0 (RFC 4287): the latest issues, newest first, each with
 * its full content as HTML made from the view model (the letter, quotes,
 * listen links, chapters, resources): readers show plain HTML better than
 * the email's layout tables. Dates are the issues' own, so an unchanged
 * archive gives the same bytes.
 */
export function atomFeed(f: {
  name: string;
  description: string | null;
  url: string;
  lang: string;
  author: string | null;
  entries: readonly FeedEntry[];
}): string {
  const updated = f.entries[0] ? stamp(f.entries[0].date) : '1970-01-01T00:00:00Z';
  const entries = f.entries.map((e) => {
    const link = `${f.url}/${e.slug}/`;
    return `  <entry>
    <title>${esc(e.title)}</title>
    <link rel="alternate" type="text/html" href="${esc(link)}"/>
    <id>${esc(link)}</id>
    <published>${stamp(e.date)}</published>
    <updated>${stamp(e.date)}</updated>
    ${e.teaser ? `<summary>${esc(e.teaser)}</summary>` : ''}
    <content type="html">${esc(feedContent(e.vm, f.url))}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${esc(f.lang)}">
  <title>${esc(f.name)}</title>
  ${f.description ? `<subtitle>${esc(f.description)}</subtitle>` : ''}
  <link rel="self" type="application/atom+xml" href="${esc(f.url)}/feed.xml"/>
  <link rel="alternate" type="text/html" href="${esc(f.url)}/"/>
  <id>${esc(f.url)}/</id>
  <updated>${updated}</updated>
  <author><name>${esc(f.author ?? f.name)}</name></author>
${entries.join('\n')}
</feed>
`;
}

function stamp(date: string): string {
  return `${date}T00:00:00Z`;
}

/** The issue as simple HTML; local image paths made absolute under the site's `url`. */
export function feedContent(vm: ViewModel, url: string): string {
  const out: string[] = [];
  if (vm.greeting) out.push(`<p>${esc(vm.greeting)}</p>`);
  for (const b of vm.body) {
    if (b.html) out.push(b.html);
    else if (b.quote) out.push(`<blockquote><p>${esc(b.quote.text)}</p>${b.quote.cite ? `<p>— ${esc(b.quote.cite)}</p>` : ''}</blockquote>`);
  }
  if (vm.listen.length)
    out.push(`<p><strong>${esc(vm.labels.listen)}</strong> ${vm.listen.map((l) => `<a href="${esc(l.url)}">${esc(l.label)}</a>`).join(' · ')}</p>`);
  if (vm.signoff) out.push(`<p>${esc(vm.signoff)}</p>`);
  if (vm.author.name) out.push(`<p><strong>${esc(vm.author.name)}</strong></p>`);
  if (vm.chapters.length)
    out.push(
      `<h2>${esc(vm.labels.chapters)}</h2><ul>${vm.chapters.map((c) => `<li>${c.time ? `<strong>${esc(c.time)}</strong> ` : ''}${esc(c.title)}${c.summaryHtml ? ` — ${c.summaryHtml}` : ''}</li>`).join('')}</ul>`,
    );
  if (vm.resources.length)
    out.push(
      `<h2>${esc(vm.labels.resources)}</h2><ul>${vm.resources.map((r) => `<li><a href="${esc(r.url)}">${esc(r.label)}</a>${r.note ? ` — ${esc(r.note)}` : ''}</li>`).join('')}</ul>`,
    );
  return out.join('\n').replace(/(<img\b[^>]*?\bsrc=")(?![a-z][a-z0-9+.-]*:|\/\/)\/?([^"]*")/gi, `$1${url}/$2`);
}
