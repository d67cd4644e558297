/**
 * What in an HTML page would make a browser fetch something from the network, or run code:
 * http(s):// or protocol-relative URLs in attributes or in CSS url(), and any <script>. URLs in
 * text (a source column, a config value) are fine: they are not fetched.
 */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  if (/<script\b/i.test(html)) found.push('<script>');
  // attributes of every tag (text between tags is left alone)
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const a of tag[0].matchAll(/\s([a-zA-Z:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
      const v = a[3] ?? a[4] ?? a[5] ?? '';
      if (/^\s*(https?:)?\/\//i.test(v) || /url\(\s*['"]?\s*(https?:)?\/\//i.test(v)) found.push(`${a[1]}=${v}`);
    }
  }
  for (const style of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) {
    for (const u of style[1]!.matchAll(/url\(\s*['"]?\s*((https?:)?\/\/[^)'"]*)/gi)) found.push(`url(${u[1]})`);
    for (const u of style[1]!.matchAll(/@import/gi)) found.push(u[0]);
  }
  return found;
}
