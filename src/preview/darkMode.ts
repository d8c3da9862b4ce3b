/**
 * A copy of an email as a dark-mode mail client shows it, for a static
 * page to frame: a file can't ask its iframe to prefer dark, so the
 * `prefers-color-scheme: dark` rules are made unconditional (and light-only
 * rules never apply), and the document declares itself dark.
 */
export function forceDarkMode(html: string): string {
  const rewritten = html.replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, (block) =>
    block
      .replace(/\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi, '(min-width: 0px)')
      .replace(/\(\s*prefers-color-scheme\s*:\s*light\s*\)/gi, '(max-width: -1px)'),
  );
  const withMeta = rewritten.replace(/<meta\s+name=(["']?)color-scheme\1\s+content=(["'])[^"']*\2\s*\/?>/i, '<meta name="color-scheme" content="dark">');
  const force = '<style>:root { color-scheme: dark !important; }</style>';
  const extra = withMeta === rewritten ? `<meta name="color-scheme" content="dark">${force}` : force;
  return /<\/head>/i.test(withMeta) ? withMeta.replace(/<\/head>/i, `${extra}</head>`) : extra + withMeta;
}
