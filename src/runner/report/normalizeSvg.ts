/**
 * Make Vega's SVG the same bytes for the same figure, and safe to inline next to other figures.
 * Vega numbers clip paths and gradients from module-level counters (`clip1`, `gradient_0`), so
 * the ids depend on what the process rendered before; and two inlined SVGs that both define
 * `clip1` would clip each other's marks (url(#clip1) resolves to the first in the document).
 * Every id is renamed `<prefix>-<stem><k>`, k counting per stem in order of appearance, and
 * every reference (url(#..), href="#..") follows. O(length of the SVG).
 */
export function normalizeSvg(svg: string, prefix: string): string {
  const rename = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const old = m[1]!;
    if (rename.has(old)) continue;
    const stem = old.replace(/[\d_]+$/, '') || 'id';
    const k = (counts.get(stem) ?? 0) + 1;
    counts.set(stem, k);
    rename.set(old, `${prefix}-${stem}${k}`);
  }
  if (rename.size === 0) return svg;
  const to = (old: string): string => rename.get(old) ?? old;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => a + to(id) + b)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${to(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${to(id)}${b}`);
}
