/**
 * SVG text -> PNG bytes through resvg (Rust, shipped as a prebuilt binary in a per-platform npm
 * package: no Cairo, no download). Text is set in DejaVu Sans from the files fonts.ts finds, the
 * same family the SVGs name, so the PNG matches the SVG. Rendered at 2x for print.
 */
import { Resvg } from '@resvg/resvg-js';
import { dejaVuSansFiles } from './fonts.js';

export const PNG_SCALE = 2;
const FAMILY = 'DejaVu Sans';

export interface RenderedPng {
  png: Buffer;
  /** set when DejaVu Sans was not found and resvg used the system's fonts */
  fontWarning: string | null;
}

let fontFiles: string[] | null = null;

export function renderPng(svg: string, scale = PNG_SCALE): RenderedPng {
  fontFiles ??= dejaVuSansFiles();
  const found = fontFiles.length > 0;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      loadSystemFonts: !found,
      fontFiles: found ? fontFiles : [],
      defaultFontFamily: FAMILY,
      sansSerifFamily: FAMILY,
    },
  });
  return {
    png: resvg.render().asPng(),
    fontWarning: found ? null : 'DejaVu Sans not found (apt-get install fonts-dejavu-core, or set CHOKEPOINT_FONT_DIR): PNG text uses the system fonts',
  };
}
