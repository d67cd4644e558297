/**
 * The short table `run` prints at the end: per scenario, the mean over its runs (all points and
 * replicates) of a few headline metrics. For a first look only; summary.csv-style statistics
 * belong in the analysis step.
 */
import { commodityIndex, SEG_EX, SEGMENTS } from '../agents/ids.js';
import type { PlannedRun } from './expand.js';
import { formatMetric } from './format.js';
import type { JournalRecord } from './journal.js';
import { MARKET_METRICS } from './metrics.js';

export const HEADLINE_CELLS: readonly { label: string; commodity: string; segment: number; metric: (typeof MARKET_METRICS)[number] }[] = [
  { label: 'ndpr ex_cn peak', commodity: 'ndpr', segment: SEG_EX, metric: 'peak_price_ratio' },
  { label: 'ndpr ex_cn short', commodity: 'ndpr', segment: SEG_EX, metric: 'shortage_share' },
  { label: 'gallium ex_cn peak', commodity: 'gallium', segment: SEG_EX, metric: 'peak_price_ratio' },
  { label: 'gallium ex_cn short', commodity: 'gallium', segment: SEG_EX, metric: 'shortage_share' },
];

export interface HeadlineRow {
  scenario: string;
  ok: number;
  failed: number;
  /** mean per HEADLINE_CELLS entry, NaN when no run had a value */
  means: number[];
}

export class Headline {
  private readonly rows = new Map<string, { ok: number; failed: number; sum: number[]; n: number[] }>();

  constructor(scenarios: readonly string[]) {
    for (const s of scenarios) this.rows.set(s, { ok: 0, failed: 0, sum: HEADLINE_CELLS.map(() => 0), n: HEADLINE_CELLS.map(() => 0) });
  }

  add(run: PlannedRun, rec: JournalRecord): void {
    const row = this.rows.get(run.scenario);
    if (!row) return;
    if (rec.kind !== 'ok') {
      row.failed++;
      return;
    }
    row.ok++;
    HEADLINE_CELLS.forEach((c, i) => {
      const m = commodityIndex(c.commodity) * SEGMENTS.length + c.segment;
      const v = rec.result.market[m * MARKET_METRICS.length + MARKET_METRICS.indexOf(c.metric)]!;
      if (Number.isFinite(v)) {
        row.sum[i]! += v;
        row.n[i]!++;
      }
    });
  }

  table(): HeadlineRow[] {
    return [...this.rows].map(([scenario, r]) => ({ scenario, ok: r.ok, failed: r.failed, means: r.sum.map((s, i) => (r.n[i]! > 0 ? s / r.n[i]! : NaN)) }));
  }

  /** Fixed-width text table. */
  format(): string {
    const head = ['scenario', 'runs', ...HEADLINE_CELLS.map((c) => c.label)];
    const body = this.table().map((r) => [r.scenario, r.failed > 0 ? `${r.ok} (+${r.failed} failed)` : String(r.ok), ...r.means.map((m) => (Number.isFinite(m) ? fixed(m) : '-'))]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return [line(head), ...body.map(line)].join('\n');
  }
}

function fixed(x: number): string {
  return Math.abs(x) >= 1000 ? formatMetric(Number(x.toPrecision(4))) : x.toFixed(3);
}
