/**
 * One pass over timeseries.csv for the figures that read it: the price band per scenario x
 * commodity x segment x week (price paths, history) and the ex_cn / cn price ratio band per
 * scenario x commodity x week (spread). Streams the file; O(rows) time, O(rows) numbers kept.
 */
import { BandAccumulator, type BandSummary } from './band.js';
import { cellNumber, streamCsvFile } from './csv.js';

export interface TimeseriesBands {
  /** keys [scenario, commodity, segment], x = week */
  prices: BandSummary;
  /** keys [scenario, commodity], x = week; value = ex_cn price / cn price - 1 */
  spread: BandSummary;
  /** ISO date of each week (from the date column); empty when the file has none */
  dates: Map<number, string>;
  scenarios: string[];
  commodities: string[];
  segments: string[];
}

export async function readTimeseriesBands(path: string): Promise<TimeseriesBands> {
  const prices = new BandAccumulator();
  const spread = new BandAccumulator();
  const dates = new Map<number, string>();
  const scenarios = new Set<string>();
  const commodities = new Set<string>();
  const segments = new Set<string>();
  // a run-week-commodity's cn and ex_cn prices until both are seen (rows of a run-week are adjacent)
  const pending = new Map<string, { cn: number; ex: number }>();
  let missing: string[] = [];

  await streamCsvFile(path, (h) => {
    const col = {
      run: h.index('run_id'),
      scenario: h.index('scenario'),
      week: h.index('week'),
      date: h.index('date'),
      commodity: h.index('commodity'),
      segment: h.index('segment'),
      price: h.index('price'),
    };
    missing = Object.entries(col)
      .filter(([k, i]) => i < 0 && k !== 'date')
      .map(([k]) => (k === 'run' ? 'run_id' : k));
    if (missing.length > 0) return () => {};
    return (r) => {
      const scenario = r[col.scenario] ?? '';
      const commodity = r[col.commodity] ?? '';
      const segment = r[col.segment] ?? '';
      const week = cellNumber(r[col.week]);
      const price = cellNumber(r[col.price]);
      if (!Number.isFinite(week)) return;
      scenarios.add(scenario);
      commodities.add(commodity);
      segments.add(segment);
      if (col.date >= 0 && !dates.has(week)) dates.set(week, r[col.date] ?? '');
      prices.add([scenario, commodity, segment], week, price);
      if (segment === 'cn' || segment === 'ex_cn') {
        const k = `${r[col.run]}\u0000${week}\u0000${commodity}`;
        let p = pending.get(k);
        if (!p) {
          p = { cn: Number.NaN, ex: Number.NaN };
          pending.set(k, p);
        }
        if (segment === 'cn') p.cn = price;
        else p.ex = price;
        if (!Number.isNaN(p.cn) && !Number.isNaN(p.ex)) {
          if (p.cn > 0) spread.add([scenario, commodity], week, p.ex / p.cn - 1);
          pending.delete(k);
        }
      }
    };
  });
  if (missing.length > 0) throw new Error(`${path}: missing column(s) ${missing.join(', ')}`);
  return { prices: prices.summarise(), spread: spread.summarise(), dates, scenarios: [...scenarios], commodities: [...commodities], segments: [...segments] };
}
