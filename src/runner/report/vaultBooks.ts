/**
 * Figure "vault": Project Vault's inventory and books week by week, from books.csv (one row per
 * run x week; the Vault's entries are the columns vault_cash, vault_inventory_cost,
 * vault_inventory_value, vault_loan, ...; China's office (cn_*) and the price floor (floor_*)
 * have columns there too, not drawn here). One panel per vault_ column, one line per scenario
 * (mean over runs) with a band across runs. New vault_ columns need no change here; a
 * `commodity` column, if the file gets one, splits the entries per commodity.
 */
import type { TopLevelSpec } from 'vega-lite';
import { BandAccumulator, describeBand } from './band.js';
import { scenarioColor, scenarioFill, sig, timeX } from './channels.js';
import { cellNumber, streamCsvFile } from './csv.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { THEME } from './theme.js';

/** the Vault's columns in books.csv */
export const VAULT_PREFIX = 'vault_';

export interface BookPoint {
  scenario: string;
  entry: string;
  date: string | null;
  week: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

export interface VaultBooksData {
  points: BookPoint[];
  scenarios: string[];
  entries: string[];
  hasDates: boolean;
  bandText: string;
}

export function vaultBooksSpec(d: VaultBooksData): TopLevelSpec {
  const x = timeX(d.hasDates);
  // SI prefixes with B for billions (d3's G reads oddly in money) and a plain 0
  const y = { type: 'quantitative', title: null, axis: { labelExpr: "datum.value === 0 ? '0' : replace(format(datum.value, '~s'), 'G', 'B')" } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Project Vault's inventory and books", subtitle: `USD; ${d.bandText}` },
    data: { values: d.points },
    facet: { field: 'entry', type: 'nominal', sort: d.entries, header: { title: null } },
    columns: 3,
    spec: {
      width: 230,
      height: 110,
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, fill: scenarioFill(d.scenarios) } },
        { mark: { type: 'line', strokeWidth: 1.3 }, encoding: { x, y: { ...y, field: 'mean' }, color: scenarioColor(d.scenarios) } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: THEME,
  } as TopLevelSpec;
}

export async function vaultBooksData(booksCsv: string, scenarioOrder: readonly string[]): Promise<VaultBooksData | null> {
  const acc = new BandAccumulator();
  const dates = new Map<number, string>();
  const scenarios = new Set<string>();
  const entries = new Set<string>();
  let ok = false;
  await streamCsvFile(booksCsv, (h) => {
    const iScenario = h.index('scenario');
    const iWeek = h.index('week');
    const iDate = h.index('date');
    const iCommodity = h.index('commodity');
    const measures = h.columns.map((c, i) => ({ c: c.slice(VAULT_PREFIX.length), i })).filter((m, i) => h.columns[i]!.startsWith(VAULT_PREFIX) && m.c !== '');
    if (iScenario < 0 || iWeek < 0 || measures.length === 0) return () => {};
    ok = true;
    return (r) => {
      const week = cellNumber(r[iWeek]);
      if (!Number.isFinite(week)) return;
      const scenario = r[iScenario] ?? '';
      scenarios.add(scenario);
      if (iDate >= 0 && !dates.has(week)) dates.set(week, r[iDate] ?? '');
      const suffix = iCommodity >= 0 ? ` · ${r[iCommodity] ?? ''}` : '';
      for (const m of measures) {
        const entry = m.c + suffix;
        entries.add(entry);
        acc.add([scenario, entry], week, cellNumber(r[m.i]));
      }
    };
  });
  if (!ok || acc.size === 0) return null;
  const s = acc.summarise();
  // no Vault in any scenario: every entry 0 all along; nothing to draw
  if (s.rows.every((r) => r.lo === 0 && r.hi === 0)) return null;
  const hasDates = dates.size > 0;
  return {
    points: s.rows.map((r) => {
      const week = Number(r.x);
      return { scenario: r.keys[0] ?? '', entry: r.keys[1] ?? '', date: hasDates ? (dates.get(week) ?? null) : null, week, mean: sig(r.mean), lo: sig(r.lo), hi: sig(r.hi) };
    }),
    scenarios: orderOf(scenarios, scenarioOrder),
    entries: [...entries],
    hasDates,
    bandText: describeBand(s),
  };
}

export async function vaultBooksFigure(booksCsv: string, scenarioOrder: readonly string[]): Promise<Figure | null> {
  const d = await vaultBooksData(booksCsv, scenarioOrder);
  if (!d) return null;
  return { name: 'vault', title: "Project Vault's inventory and books", caption: `The Vault's columns of books.csv (vault_*), week by week, per scenario: cash, inventory at cost and at market, loan, interest, fees, storage, realised gains and the books' residual (0 when they balance); ${d.bandText}.`, spec: vaultBooksSpec(d) };
}
