/** Alt text that is a file name (`IMG_0042.jpg`, `logo.png`) tells a reader nothing. */
export function looksLikeFileName(alt: string, src = ''): boolean {
  const a = alt.trim();
  if (/\.(png|jpe?g|gif|webp|svg|bmp|avif|tiff?|heic)$/i.test(a)) return true;
  if (/^(img|image|dsc|dscn|pxl|screenshot|screen shot|photo|pic)[-_ ]?\d/i.test(a)) return true;
  const base = src
    .split(/[?#]/)[0]!
    .split('/')
    .pop()!
    .replace(/\.[a-z0-9]+$/i, '');
  return base.length > 2 && a.toLowerCase() === base.toLowerCase() && /[-_\d]/.test(base);
}
