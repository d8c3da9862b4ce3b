/**
 * Where everything lives in a preview folder. Every link between pages is
 * relative, so the folder works from file:// and from any static host.
 *
 *   index.html                  the inbox: one row per issue
 *   issues/<file name>.html     an issue's page (frames, text part, headers, problems)
 *   email/<slug>.html           the email, as built
 *   email/<slug>.dark.html      the same email with its dark-mode rules forced on
 *   email/<slug>.inverted.html  the same email as the Gmail apps' forced dark mode inverts it
 *   email/<slug>.txt            its plain-text part
 *   email/assets/...            local images the emails use
 *   shots/<slug>/<engine>-<scheme>-<width>.png   full-page screenshots (blink-light-600.png…)
 *   report.json, summary.md     for CI
 *   .cache/manifest.json        what the last run built, by content hash
 *   .cache/engines/             screenshots and audits, by content hash
 */
export const INDEX = 'index.html';
export const REPORT = 'report.json';
export const SUMMARY = 'summary.md';
export const CACHE_DIR = '.cache';
export const MANIFEST = `${CACHE_DIR}/manifest.json`;

export const DESKTOP_WIDTH = 600;
export const MOBILE_WIDTH = 375;

export const pagePath = (id: string): string => `issues/${id}.html`;
export const emailPath = (slug: string): string => `email/${slug}.html`;
export const darkPath = (slug: string): string => `email/${slug}.dark.html`;
export const textPath = (slug: string): string => `email/${slug}.txt`;
export const assetPath = (src: string): string => `email/${src}`;
export const invertedPath = (slug: string): string => `email/${slug}.inverted.html`;
export const shotPath = (slug: string, engine: string, scheme: string, width: number): string => `shots/${slug}/${engine}-${scheme}-${width}.png`;

/** Where `preview` keeps the parsed issues of its last run, beside its manifest. */
export const ISSUE_CACHE = `${CACHE_DIR}/issues.json`;
