/**
 * report.html: one self-contained page. The figures are inlined SVG (ids made unique per figure
 * by normalizeSvg), the CSS is inline, there is no script, no web font and no remote anything:
 * the page opens from a USB stick on a plane, and reads the same in ten years. Links go to the
 * figure files next to it and, relatively, to the CSVs of the results folder.
 */
import { FONT_FAMILY } from './theme.js';
import type { SkippedFigure } from './figure.js';
import type { StatCell, StatTable } from './summaryTable.js';

export interface HtmlFigure {
  name: string;
  title: string;
  caption: string;
  /** the SVG as rendered (normalised); inlined without its xmlns attributes */
  svg: string;
  /** links relative to the page */
  svgHref: string;
  pngHref: string | null;
  specHref: string;
}

export interface HtmlLink {
  label: string;
  href: string;
  note?: string;
}

export interface ReportPage {
  title: string;
  description: string;
  /** key facts shown under the title: [label, value] */
  facts: [string, string][];
  figures: HtmlFigure[];
  skipped: SkippedFigure[];
  tables: StatTable[];
  /** extra raw tables (equilibria.csv): title, header, rows */
  rawTables: { title: string; note: string; header: string[]; rows: string[][] }[];
  manifest: Record<string, unknown> | null;
  files: HtmlLink[];
  warnings: string[];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Inline SVG: the HTML parser puts <svg> in the SVG namespace itself, so the xmlns attributes go. */
export function inlineSvg(svg: string, label: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/^<svg\b([^>]*)>/, (_, attrs: string) => `<svg${attrs.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')} role="img" aria-label="${escapeHtml(label)}">`);
}

/** 4 significant digits, no trailing zeros; '' for NaN */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(4)));
}

function statCell(c: StatCell | undefined): string {
  if (!c || !Number.isFinite(c.mean)) return '<td></td>';
  const ci = Number.isFinite(c.lo) && Number.isFinite(c.hi) ? ` <span class="ci">[${fmt(c.lo)}, ${fmt(c.hi)}]</span>` : '';
  const diff = c.diff && Number.isFinite(c.diff.mean) ? `<br><span class="diff">Δ ${fmt(c.diff.mean)}${Number.isFinite(c.diff.lo) ? ` [${fmt(c.diff.lo)}, ${fmt(c.diff.hi)}]` : ''}</span>` : '';
  return `<td>${fmt(c.mean)}${ci}${diff}</td>`;
}

function statTable(t: StatTable): string {
  const head = [...t.keyColumns, ...t.metrics].map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.keys.map((k) => `<td class="key">${escapeHtml(k)}</td>`).join('')}${t.metrics.map((m) => statCell(r.cells.get(m))).join('')}</tr>`).join('\n');
  const more = t.omitted > 0 ? `<p class="note">${t.omitted} more rows are in the file.</p>` : '';
  return `<h3>${escapeHtml(t.title)}</h3>\n<p class="note">${escapeHtml(t.note)}</p>\n<div class="scroll"><table class="stats">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>${more}`;
}

function rawTable(t: ReportPage['rawTables'][number]): string {
  const head = t.header.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<h3>${escapeHtml(t.title)}</h3>\n<p class="note">${escapeHtml(t.note)}</p>\n<div class="scroll"><table class="raw">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

function link(l: HtmlLink): string {
  return `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>${l.note ? ` <span class="note">${escapeHtml(l.note)}</span>` : ''}</li>`;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: ${FONT_FAMILY}; font-size: 14px; line-height: 1.45; color: #1a1a1a; background: #fff; margin: 0 auto; padding: 1.5em 2em 4em; max-width: 1400px; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 2em 0 .6em; padding-bottom: .2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05em; margin: 1.4em 0 .3em; }
nav { margin: 1em 0; } nav a { margin-right: 1.2em; }
a { color: #1f5fa8; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1.2em; margin: .8em 0; }
.facts dt { color: #555; } .facts dd { margin: 0; font-family: DejaVu Sans Mono, monospace; font-size: .92em; word-break: break-all; }
figure.chart { margin: 1.5em 0 2.5em; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #333; margin-top: .4em; max-width: 70em; }
figcaption .links a { margin-right: .8em; font-size: .92em; }
.note { color: #555; font-size: .92em; }
.warn { color: #8a4b00; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .88em; margin: .3em 0 1em; }
th, td { padding: .25em .6em; border-bottom: 1px solid #e4e4e4; text-align: right; vertical-align: top; white-space: nowrap; }
th { background: #f4f4f4; position: sticky; top: 0; }
td.key, table.raw td { text-align: left; }
.ci { color: #666; } .diff { color: #7a3e00; }
pre { background: #f7f7f7; padding: 1em; overflow-x: auto; font-size: .85em; }
details { margin: .6em 0; } summary { cursor: pointer; }
@media print { nav, figcaption .links { display: none; } figure.chart { break-inside: avoid; } }
`;

export function renderHtml(p: ReportPage): string {
  const facts = p.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n');
  const figures = p.figures
    .map((f) => {
      const links = [`<a href="${escapeHtml(f.svgHref)}">SVG</a>`, f.pngHref ? `<a href="${escapeHtml(f.pngHref)}">PNG</a>` : '', `<a href="${escapeHtml(f.specHref)}">Vega-Lite spec</a>`].filter(Boolean).join(' ');
      return `<figure class="chart" id="fig-${escapeHtml(f.name)}" data-figure="${escapeHtml(f.name)}">\n<h3>${escapeHtml(f.title)}</h3>\n${inlineSvg(f.svg, f.title)}\n<figcaption>${escapeHtml(f.caption)} <span class="links">${links}</span></figcaption>\n</figure>`;
    })
    .join('\n');
  const skipped = p.skipped.length ? `<p class="note">Not drawn: ${p.skipped.map((s) => `${escapeHtml(s.title)} (${escapeHtml(s.reason)})`).join('; ')}.</p>` : '';
  const warnings = p.warnings.length ? `<ul class="warn">${p.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  const tables = p.tables.length ? p.tables.map(statTable).join('\n') : '<p class="note">No runs.csv or summary.csv to summarise.</p>';
  const raw = p.rawTables.map(rawTable).join('\n');
  const m = p.manifest;
  const seeds = Array.isArray(m?.seeds) ? (m.seeds as { replicate?: unknown; seed?: unknown }[]) : [];
  const seedTable = seeds.length
    ? `<h3>Seeds</h3><div class="scroll"><table class="raw"><thead><tr><th>replicate</th><th>seed</th></tr></thead><tbody>${seeds.map((s) => `<tr><td>${escapeHtml(String(s.replicate))}</td><td>${escapeHtml(String(s.seed))}</td></tr>`).join('')}</tbody></table></div>`
    : '';
  const manifest = m
    ? `${seedTable}
<details open><summary>Resolved config (the config_hash is the sha256 of its canonical JSON)</summary><pre>${escapeHtml(JSON.stringify(m.config ?? null, null, 2))}</pre></details>
<details><summary>Full manifest.json (versions, timings, files)</summary><pre>${escapeHtml(JSON.stringify(m, null, 2))}</pre></details>`
    : '<p class="note">No manifest.json: the run did not finish (or this is not a chokepoint results folder).</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(p.title)}</h1>
${p.description ? `<p>${escapeHtml(p.description)}</p>` : ''}
<dl class="facts">
${facts}
</dl>
</header>
<nav><a href="#figures">Figures</a><a href="#summary">Summary</a>${p.rawTables.length ? '<a href="#game">Game</a>' : ''}<a href="#manifest">Manifest</a><a href="#files">Files</a></nav>
${warnings}
<section id="figures">
<h2>Figures</h2>
${figures || '<p class="note">No figures: the folder holds none of the files they are drawn from.</p>'}
${skipped}
</section>
<section id="summary">
<h2>Summary</h2>
${tables}
</section>
${p.rawTables.length ? `<section id="game">\n<h2>Game</h2>\n${raw}\n</section>` : ''}
<section id="manifest">
<h2>Manifest</h2>
${manifest}
</section>
<section id="files">
<h2>Files</h2>
<ul>
${p.files.map(link).join('\n')}
</ul>
</section>
</body>
</html>
`;
}
