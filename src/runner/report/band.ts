/**
 * A band across replications: for each group (e.g. scenario x commodity x segment x week) the mean
 * of the runs' values and a band around it. With fewer than BAND_QUANTILE_MIN_N runs a 10-90%
 * band would be two order statistics anyway, so the band is min-max; from that many on it is the
 * 10th-90th percentile (type 7). One rule per figure (the smallest group decides), so a figure's
 * band means one thing, and its caption says which.
 *
 * Memory: every value is kept until summarise() (8 bytes a value: 100 runs x 7,800 rows = 6 MB).
 */
import { quantileSorted7 } from '../stats.js';

export const BAND_QUANTILE_MIN_N = 10;

export interface BandRow {
  /** the group's key parts, in the order given to add() */
  keys: string[];
  x: string | number;
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

export interface BandSummary {
  rows: BandRow[];
  /** 'min-max' or '10-90%' */
  band: 'min-max' | '10-90%';
  /** smallest and largest number of runs in a group */
  minN: number;
  maxN: number;
}

interface Group {
  keys: string[];
  x: string | number;
  values: number[];
}

export class BandAccumulator {
  private readonly groups = new Map<string, Group>();

  /** Add one run's value for a group; NaN values (empty cells) are skipped. */
  add(keys: readonly string[], x: string | number, value: number): void {
    if (!Number.isFinite(value)) return;
    const id = keys.join('\u0000') + '\u0000' + String(x);
    let g = this.groups.get(id);
    if (!g) {
      g = { keys: [...keys], x, values: [] };
      this.groups.set(id, g);
    }
    g.values.push(value);
  }

  get size(): number {
    return this.groups.size;
  }

  /** Rows in first-seen order of their groups (the CSV's order, hence deterministic). */
  summarise(): BandSummary {
    let minN = Infinity;
    let maxN = 0;
    for (const g of this.groups.values()) {
      minN = Math.min(minN, g.values.length);
      maxN = Math.max(maxN, g.values.length);
    }
    if (this.groups.size === 0) minN = 0;
    const band = minN >= BAND_QUANTILE_MIN_N ? '10-90%' : 'min-max';
    const rows: BandRow[] = [];
    for (const g of this.groups.values()) {
      const v = Float64Array.from(g.values).sort();
      let sum = 0;
      for (const x of v) sum += x;
      const lo = band === '10-90%' ? quantileSorted7(v, 0.1) : v[0]!;
      const hi = band === '10-90%' ? quantileSorted7(v, 0.9) : v[v.length - 1]!;
      rows.push({ keys: g.keys, x: g.x, mean: sum / v.length, lo, hi, n: v.length });
    }
    return { rows, band, minN, maxN };
  }
}

/** "min-max over 4 runs" / "10-90% of 30 runs" for captions. */
export function describeBand(s: BandSummary): string {
  const runs = s.minN === s.maxN ? `${s.minN} run${s.minN === 1 ? '' : 's'}` : `${s.minN}-${s.maxN} runs`;
  return s.band === '10-90%' ? `line: mean; band: 10th-90th percentile over ${runs}` : `line: mean; band: min-max over ${runs}`;
}
