/**
 * `chokepoint report DIR`: figures and report.html for a results folder. Every figure is
 * optional on the files present (a plain run has runs.csv and actors.csv; timeseries.csv,
 * books.csv, payoffs.csv and equilibria.csv add figures). Writes, under DIR/report/ (or --out):
 *
 *   figures/<name>.svg       the figure, deterministic bytes for the same folder
 *   figures/<name>.png       the same at 2x through resvg, text in DejaVu Sans
 *   figures/<name>.vl.json   its Vega-Lite spec, data inlined, to restyle it
 *   report.html              self-contained page: the SVGs inlined, the summary table, the manifest
 *
 * each through a temp file and a rename, report.html last. Nothing depends on the clock, so the
 * same folder gives the same files. The run and game commands call writeReport at their end.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { readValidation, VALIDATION_FILE } from '../history.js';
import { writeFileAtomic } from './atomicWrite.js';
import { readCsvFile } from './csv.js';
import { equilibriaFigure } from './equilibria.js';
import type { Figure, SkippedFigure } from './figure.js';
import { renderHtml, type HtmlFigure, type HtmlLink, type ReportPage } from './html.js';
import { payoffsFigure } from './payoffs.js';
import { pricePathsFigure } from './pricePaths.js';
import { renderPng } from './renderPng.js';
import { renderSvg } from './renderSvg.js';
import { openResultsFolder, RESULT_FILES, type ResultFile, type ResultsFolder } from './resultsFolder.js';
import { shortagesFigure } from './shortages.js';
import { spreadFigure } from './spread.js';
import { summaryTableFromRuns, summaryTablesFromSummaryCsv, type StatTable } from './summaryTable.js';
import { readTimeseriesBands, type TimeseriesBands } from './timeseries.js';
import { historyFigure } from './validation.js';
import { vaultBooksFigure } from './vaultBooks.js';
import { volatilityFigure } from './volatility.js';

/** Every figure the report can draw, in page order (file stems). */
export const FIGURE_NAMES = ['prices', 'spread', 'history', 'volatility', 'shortages', 'vault', 'payoffs', 'equilibria'] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

export const REPORT_DIR = 'report';
export const REPORT_HTML = 'report.html';
export const FIGURES_DIR = 'figures';

export interface ReportOptions {
  /** output folder (default DIR/report) */
  out?: string;
  /** the published prices for the history figure (default data/validation.csv); null: none */
  validationFile?: string | null;
  /** write PNGs (default true) */
  png?: boolean;
}

export interface WrittenFigure {
  name: FigureName;
  title: string;
  svg: string;
  png: string | null;
  spec: string;
}

export interface ReportResult {
  outDir: string;
  html: string;
  figures: WrittenFigure[];
  skipped: SkippedFigure[];
  /** library warnings, missing fonts, figures that failed to build */
  warnings: string[];
}

const TITLES: Record<FigureName, string> = {
  prices: 'Price paths',
  spread: 'ex_cn vs cn spread',
  history: 'Historical episodes',
  volatility: 'Realized volatility',
  shortages: 'Shortages by actor group',
  vault: "Project Vault's inventory and books",
  payoffs: 'Payoff table',
  equilibria: 'Equilibria',
};

export async function writeReport(dir: string, opts: ReportOptions = {}): Promise<ReportResult> {
  const folder = openResultsFolder(dir);
  const outDir = opts.out ?? join(dir, REPORT_DIR);
  const figDir = join(outDir, FIGURES_DIR);
  mkdirSync(figDir, { recursive: true });
  const warnings: string[] = [];
  const skipped: SkippedFigure[] = [];
  const { figures, skipped: notBuilt } = await buildFigures(folder, opts.validationFile === undefined ? VALIDATION_FILE : opts.validationFile, warnings);
  skipped.push(...notBuilt);

  const written: WrittenFigure[] = [];
  const htmlFigures: HtmlFigure[] = [];
  let fontWarned = false;
  for (const f of figures) {
    const r = await renderSvg(f.spec, f.name);
    for (const w of r.warnings) warnings.push(`${f.name}: ${w}`);
    const svgPath = join(figDir, `${f.name}.svg`);
    const specPath = join(figDir, `${f.name}.vl.json`);
    writeFileAtomic(svgPath, r.svg);
    writeFileAtomic(specPath, JSON.stringify(f.spec) + '\n');
    let pngPath: string | null = null;
    if (opts.png !== false) {
      try {
        const p = renderPng(r.svg);
        if (p.fontWarning && !fontWarned) {
          warnings.push(p.fontWarning);
          fontWarned = true;
        }
        pngPath = join(figDir, `${f.name}.png`);
        writeFileAtomic(pngPath, p.png);
      } catch (e) {
        warnings.push(`${f.name}: PNG not written: ${(e as Error).message}`);
      }
    }
    written.push({ name: f.name as FigureName, title: f.title, svg: svgPath, png: pngPath, spec: specPath });
    htmlFigures.push({ name: f.name, title: f.title, caption: f.caption, svg: r.svg, svgHref: `${FIGURES_DIR}/${f.name}.svg`, pngHref: pngPath ? `${FIGURES_DIR}/${f.name}.png` : null, specHref: `${FIGURES_DIR}/${f.name}.vl.json` });
  }
  removeStaleFigures(figDir, new Set(written.map((w) => w.name)), opts.png !== false);

  const page = reportPage(folder, outDir, htmlFigures, skipped, warnings);
  const html = join(outDir, REPORT_HTML);
  writeFileAtomic(html, renderHtml(page));
  return { outDir, html, figures: written, skipped, warnings };
}

/** Build every figure the folder's files allow; a figure that throws is reported, not fatal. */
async function buildFigures(folder: ResultsFolder, validationFile: string | null, warnings: string[]): Promise<{ figures: Figure[]; skipped: SkippedFigure[] }> {
  const figures: Figure[] = [];
  const skipped: SkippedFigure[] = [];
  const f = folder.files;
  const order = folder.scenarios;
  const skip = (name: FigureName, reason: string): void => void skipped.push({ name, title: TITLES[name], reason });
  const attempt = async (name: FigureName, build: () => Figure | null | Promise<Figure | null>, empty: string): Promise<void> => {
    try {
      const fig = await build();
      if (fig) figures.push(fig);
      else skip(name, empty);
    } catch (e) {
      warnings.push(`${name}: not drawn: ${(e as Error).message}`);
      skip(name, `error: ${(e as Error).message}`);
    }
  };

  let ts: TimeseriesBands | null = null;
  if (f.timeseries) {
    try {
      ts = await readTimeseriesBands(f.timeseries);
    } catch (e) {
      warnings.push(`timeseries.csv: ${(e as Error).message}`);
    }
  }
  if (ts) {
    const bands = ts;
    await attempt('prices', () => pricePathsFigure(bands, order), 'timeseries.csv has no rows');
    await attempt('spread', () => spreadFigure(bands, order), 'no commodity has both a cn and an ex_cn price');
    if (validationFile && existsSync(validationFile)) {
      const names = [...new Set([...(folder.scenarios.length ? folder.scenarios : bands.scenarios), ...(folder.manifest?.config?.name ? [String(folder.manifest.config.name)] : [])])];
      await attempt('history', () => historyFigure(readValidation(validationFile), bands, names, order), `no episode of ${basename(validationFile)} matches these scenarios or their dates`);
    } else if (validationFile) skip('history', `${validationFile} not found`);
  } else if (f.runs) {
    const why = f.timeseries ? 'timeseries.csv could not be read' : 'no timeseries.csv: set outputs.timeseries: true in the config';
    skip('prices', why);
    skip('spread', why);
  }
  if (f.runs) await attempt('volatility', () => volatilityFigure(f.runs!, order), 'runs.csv has no realized_vol values');
  if (f.actors) await attempt('shortages', () => shortagesFigure(f.actors!, order), 'actors.csv has no rows');
  if (f.books) await attempt('vault', () => vaultBooksFigure(f.books!, order), 'no Project Vault in these scenarios (books.csv: no vault_ column, or all 0)');
  if (f.payoffs) await attempt('payoffs', () => payoffsFigure(f.payoffs!), 'payoffs.csv has no rows');
  if (f.equilibria) await attempt('equilibria', () => equilibriaFigure(f.equilibria!), 'equilibria.csv has no rows');
  return { figures, skipped };
}

function removeStaleFigures(figDir: string, keep: Set<string>, png: boolean): void {
  for (const n of readdirSync(figDir)) {
    const m = /^([a-z]+)\.(svg|png|vl\.json)$/.exec(n);
    if (!m || !(FIGURE_NAMES as readonly string[]).includes(m[1]!)) continue;
    if (!keep.has(m[1]!) || (m[2] === 'png' && !png)) rmSync(join(figDir, n), { force: true });
  }
}

/** A relative href from the report folder to a file, '/'-separated and URL-escaped. */
export function hrefFrom(outDir: string, file: string): string {
  return relative(resolve(outDir), resolve(file)).split(sep).map(encodeURIComponent).join('/');
}

function reportPage(folder: ResultsFolder, outDir: string, figures: HtmlFigure[], skipped: SkippedFigure[], warnings: string[]): ReportPage {
  const m = folder.manifest;
  const cfg = (m?.config ?? {}) as { name?: unknown; description?: unknown; reference_scenario?: unknown };
  const name = typeof cfg.name === 'string' ? cfg.name : basename(resolve(folder.dir));
  const facts: [string, string][] = [];
  if (m) {
    if (m.config_hash) facts.push(['config hash', String(m.config_hash)]);
    if (m.tool) facts.push(['tool', `${m.tool.name} ${m.tool.version}`]);
    if (m.git) facts.push(['git commit', m.git.commit ? `${m.git.commit}${m.git.dirty ? ' (uncommitted changes)' : ''}` : 'unknown']);
    if (m.node_version) facts.push(['node', `${m.node_version} ${m.platform ?? ''}`.trim()]);
    if (m.config_file) facts.push(['config file', String(m.config_file)]);
    if (m.runs) facts.push(['runs', `${m.runs.ok} ok of ${m.runs.total}${m.runs.failed ? `, ${m.runs.failed} failed (failures.csv)` : ''}; status ${m.status ?? '?'}`]);
    if (Array.isArray(m.seeds) && m.config) facts.push(['seed', `${String((m.config as { seed?: unknown }).seed)} (replicate seeds below)`]);
  }
  const reference = typeof cfg.reference_scenario === 'string' ? cfg.reference_scenario : null;
  let tables: StatTable[] = [];
  try {
    if (folder.files.summary) tables = summaryTablesFromSummaryCsv(folder.files.summary, reference) ?? [];
    if (tables.length === 0 && folder.files.runs) {
      const t = summaryTableFromRuns(folder.files.runs, folder.swept.length > 0);
      if (t) tables = [t];
    }
  } catch (e) {
    warnings.push(`summary table: ${(e as Error).message}`);
  }
  const rawTables: ReportPage['rawTables'] = [];
  if (folder.files.equilibria) {
    try {
      const { header, rows } = readCsvFile(folder.files.equilibria);
      rawTables.push({ title: 'Equilibria (equilibria.csv)', note: 'every equilibrium found: each player\'s strategy probabilities, regret and support stability', header: header.columns, rows: rows.slice(0, 2000) });
    } catch (e) {
      warnings.push(`equilibria.csv: ${(e as Error).message}`);
    }
  }
  const files: HtmlLink[] = [];
  const notes: Partial<Record<ResultFile, string>> = {
    runs: 'a row per run x commodity x segment',
    actors: 'a row per run x actor group',
    summary: 'means, intervals and paired differences',
    timeseries: 'a row per run x week x commodity x segment',
    flows: 'a row per run x week x commodity x origin x destination',
    events: 'licence decisions, retaliation, alignment changes',
    books: "Project Vault's books per run x week",
    failures: 'runs that failed twice',
    payoffs: 'payoff of every player in every profile',
    equilibria: 'equilibria with regret and support stability',
    nfg: 'the game for Gambit',
    manifest: 'config, hash, seeds, versions, timings',
  };
  for (const role of Object.keys(RESULT_FILES) as ResultFile[]) {
    const p = folder.files[role];
    if (p) files.push({ label: RESULT_FILES[role], href: hrefFrom(outDir, p), note: notes[role] });
  }
  return {
    title: `chokepoint report: ${name}`,
    description: typeof cfg.description === 'string' ? cfg.description : '',
    facts,
    figures,
    skipped,
    tables,
    rawTables,
    manifest: m as Record<string, unknown> | null,
    files,
    warnings,
  };
}

