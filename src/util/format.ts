/** Small formatters shared by build, check and send. */

/** Kilobytes with one decimal, "42.3"; "42" when whole. */
export function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1).replace(/\.0$/, '');
}

/** The value of an HTML attribute as a browser reads it (the entities MJML and juice write). `&amp;` goes last, so `&amp;quot;` stays `&quot;`. */
export function decodeAttr(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
