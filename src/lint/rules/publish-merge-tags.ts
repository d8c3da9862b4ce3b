/**
 * publish-merge-tags: the email as the sending service gets it carries the
 * service's unsubscribe link, and none of the config's static links where a
 * merge tag belongs (a template override that writes a URL itself instead of
 * {{footer.unsubscribe_url}} would send every reader to the same page).
 */
import { hrefsOf, wholeUrls } from '../../render/links/utm.js';
import { footerTemplatePlace } from '../footerTemplatePlace.js';
import { configPlace } from '../locate.js';
import type { Hit, LintInput, Place, Rule } from '../types.js';

export const publishMergeTags: Rule = {
  id: 'publish-merge-tags',
  severity: 'error',
  group: 'compliance',
  summary: 'the email as published lacks the service’s unsubscribe tag, or keeps a static link where a merge tag belongs',
  docs: 'with `check --for`, `build --for` and `publish`: the published HTML or text has no unsubscribe merge tag, or still has the config’s unsubscribe, preferences or web-version URL where the service has its own',
  run(input) {
    const p = input.published;
    if (!p) return [];
    const hrefs = new Set(hrefsOf(p.html).map((h) => h.trim()));
    const hits: Hit[] = [];
    const at = (flavour: 'mjml' | 'txt', key: string): Place => footerTemplatePlace(input, flavour) ?? configPlace(input, key);
    if (!hrefs.has(p.dialect.unsubscribeUrl)) {
      hits.push({
        ...at('mjml', 'footer.unsubscribe_url'),
        message: `The email as ${p.service} gets it has no link to ${p.dialect.unsubscribeUrl}, ${p.service}'s unsubscribe link. Keep <a href="{{footer.unsubscribe_url}}"> in the footer template.`,
      });
    }
    if (!p.text.includes(p.dialect.unsubscribeUrl)) {
      hits.push({
        ...at('txt', 'footer.unsubscribe_url'),
        message: `The text part as ${p.service} gets it has no ${p.dialect.unsubscribeUrl}. Print {{footer.unsubscribe_url}} in footer.txt.hbs.`,
      });
    }
    for (const [what, url] of staticLinks(input)) {
      if (hrefs.has(url)) {
        hits.push({ ...at('mjml', `footer.${what}`), message: staticMessage(p.service, what, url, 'the HTML') });
      } else if (wholeUrls([url]).test(p.text)) {
        hits.push({ ...at('txt', `footer.${what}`), message: staticMessage(p.service, what, url, 'the text part') });
      }
    }
    return hits;
  },
};

/** The config's links that the service replaces with its own tags. */
function staticLinks(input: LintInput): [string, string][] {
  const p = input.published!;
  const { footer } = input.config;
  const links: [string, string][] = [];
  if (footer.unsubscribe_url) links.push(['unsubscribe_url', footer.unsubscribe_url.trim()]);
  if (footer.preferences_url && p.dialect.preferencesUrl) links.push(['preferences_url', footer.preferences_url.trim()]);
  if (p.webUrl && p.dialect.webVersionUrl) links.push(['web version', p.webUrl]);
  return links;
}

function staticMessage(service: string, what: string, url: string, where: string): string {
  const field = what === 'web version' ? '{{webUrl}}' : `{{footer.${what}}}`;
  return `${where[0]!.toUpperCase()}${where.slice(1)} as ${service} gets it still links to ${url}, the same page for every reader, where ${service}'s own link belongs. Print ${field} in the template instead of the address.`;
}
