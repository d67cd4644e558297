/**
 * Where the PNG renderer (resvg) finds DejaVu Sans. resvg has no fontconfig: it is given font
 * files. We give it only the DejaVu Sans files (not every system font) so a PNG depends on those
 * files alone; Debian's fonts-dejavu-core puts them in /usr/share/fonts/truetype/dejavu (.ci/run
 * installs it). CHOKEPOINT_FONT_DIR points elsewhere. Without them resvg falls back to the system
 * fonts, and the report says so.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FONT_DIR_ENV = 'CHOKEPOINT_FONT_DIR';

const CANDIDATE_DIRS = [
  '/usr/share/fonts/truetype/dejavu', // Debian, Ubuntu (fonts-dejavu-core)
  '/usr/share/fonts/dejavu-sans-fonts', // Fedora
  '/usr/share/fonts/TTF', // Arch
  '/usr/share/fonts/dejavu', // Alpine
  '/usr/local/share/fonts',
  '/opt/homebrew/share/fonts',
  '/Library/Fonts',
];

/** The DejaVu Sans font files (regular, bold, oblique, ...; not Mono, Serif or Condensed), sorted. */
export function dejaVuSansFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = env[FONT_DIR_ENV] ? [env[FONT_DIR_ENV]] : CANDIDATE_DIRS;
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    const files = names.filter((n) => /^DejaVuSans(-(Bold|Oblique|BoldOblique))?\.ttf$/.test(n)).sort();
    if (files.includes('DejaVuSans.ttf')) return files.map((n) => join(dir, n));
  }
  return [];
}
