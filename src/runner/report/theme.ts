/**
 * The look shared by every figure: one font (DejaVu Sans, which Debian's fonts-dejavu-core
 * installs and resvg is given for the PNGs, so SVG and PNG set the same glyphs), white
 * background, legends on top, and a fixed categorical palette so scenario k has the same colour in
 * every figure.
 */
import type { Config } from 'vega-lite';

/** font-family of every SVG text element; the generic fallback only matters in a browser without DejaVu. */
export const FONT_FAMILY = 'DejaVu Sans, sans-serif';

/** Tableau 10 (the Vega default scheme), written out so colours never depend on a scheme lookup. */
export const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'] as const;

export const THEME: Config = {
  font: FONT_FAMILY,
  background: 'white',
  padding: 8,
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555', offset: 10 },
  axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888' },
  header: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
  legend: { orient: 'top', labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', symbolStrokeWidth: 2 },
  view: { stroke: '#cccccc' },
  line: { strokeWidth: 1.5 },
};

/** A colour range for a domain: the palette, repeated when there are more than ten values. */
export function paletteFor(domain: readonly string[]): string[] {
  return domain.map((_, i) => PALETTE[i % PALETTE.length]!);
}
