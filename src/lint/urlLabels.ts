/**
 * Link text that is itself an address: "paypal.com" or
 * "https://example.com/login" shown on a link that goes somewhere else is
 * what phishing looks like, and filters score it as such.
 */

/** Top-level domains common enough that a bare lower-case "name.tld" label reads as an address (so "Node.js" does not). */
const COMMON_TLDS = new Set(
  'com org net io dev app co me ai info biz xyz tech email news blog page site link online shop store tv fm ly gg sh so to us uk ca au de fr nl es it eu ch at be se no dk fi pl pt ie nz jp br in'.split(
    ' ',
  ),
);
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or']);

/** The host (or e-mail address) a link text shows, or null when the text is not an address. */
export function addressInText(text: string): { host: string; email?: string | undefined } | null {
  const t = text.trim().replace(/^<|>$/g, '');
  if (/\s/.test(t) || !t) return null;
  const email = /^(?:mailto:)?([^@\s/]+)@([a-z0-9.-]+\.[a-z]{2,})$/i.exec(t);
  if (email) return { host: email[2]!.toLowerCase(), email: `${email[1]}@${email[2]}`.toLowerCase() };
  const m = /^(?:(https?):\/\/)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,}|xn--[a-z0-9-]+))(?::\d+)?(?:[/?#]\S*)?$/i.exec(t);
  if (!m) return null;
  const host = m[2]!.toLowerCase();
  const explicit = Boolean(m[1]) || host.startsWith('www.');
  // A bare "Name.tld" reads as a name ("ASP.NET"), unless written as an address is written: lower case, a common TLD.
  if (!explicit && (t !== t.toLowerCase() || !COMMON_TLDS.has(m[3]!.toLowerCase()))) return null;
  return { host };
}

/** "example.co.uk" for "news.example.co.uk": close enough to the registrable domain, without the public suffix list. */
export function siteOf(host: string): string {
  const labels = host
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '')
    .split('.');
  const n = labels.length;
  const keep = n >= 3 && labels[n - 1]!.length === 2 && SECOND_LEVEL.has(labels[n - 2]!) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The host a link goes to (http, https), or the address (mailto); null for anything else. */
export function destinationOf(href: string): { host: string; email?: string | undefined } | null {
  const mail = /^mailto:([^?]+)/i.exec(href.trim());
  if (mail) {
    let address = mail[1]!.toLowerCase();
    try {
      address = decodeURIComponent(address);
    } catch {
      // A malformed %-escape: compare the address as written.
    }
    return { host: address.split('@')[1] ?? '', email: address };
  }
  try {
    const u = new URL(href.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? { host: u.hostname.toLowerCase() } : null;
  } catch {
    return null;
  }
}
