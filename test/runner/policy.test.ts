/**
 * The real model through the runner, small: a vault.yaml-like experiment (the Vault launched at
 * week 52, a ban from week 56) with every optional output. The Vault's books must balance every
 * week, and summary.csv must carry the paired differences against ban-no-vault.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { runExperiment } from '../../src/runner/experiment.js';
import { loaded, snapshotDir, tempDir } from './helpers.js';

const WORLD = fileURLToPath(new URL('../../src/agents/world.ts', import.meta.url));
const HAS_MODEL = existsSync(WORLD) && /export function simulate\b/.test(readFileSync(WORLD, 'utf8')) && process.env.CHOKEPOINT_SKIP_MODEL_TESTS !== '1';

const ban = { type: 'export_control', commodity: ['ndpr', 'dytb', 'magnet', 'graphite_anode', 'gallium'], target: 'ex_cn', approval: 0, start: 56 };
const config = {
  name: 'vault-small',
  seed: 11,
  replications: 2,
  horizon_weeks: 70,
  scenarios: [
    { name: 'ban-no-vault', overrides: { 'population.scale': 0.05 }, events: [ban] },
    { name: 'ban-vault', overrides: { 'population.scale': 0.05 }, events: [{ type: 'vault', start: 52 }, ban] },
  ],
  reference_scenario: 'ban-no-vault',
  outputs: { flows: true, events: true, books: true },
};

type Row = Record<string, string>;
const csv = (dir: string, name: string): Row[] => parse(readFileSync(join(dir, name), 'utf8'), { columns: true }) as Row[];

describe.runIf(HAS_MODEL)('the policy actors through the runner (real model)', () => {
  test("the Vault's books balance every week; summary.csv has the paired differences", async () => {
    const dir = join(tempDir(), 'out');
    const r = await runExperiment({ loaded: loaded(config, 'vault-small.yaml'), outDir: dir, mode: 'none', threads: 0 });
    expect(r.status).toBe('complete');

    // actors.csv: one us_vault row per run; the largest residual is within 1e-9 of the loan
    const actors = csv(dir, 'actors.csv');
    const vault = actors.filter((a) => a.actor === 'us_vault');
    expect(vault).toHaveLength(4);
    const books = csv(dir, 'books.csv');
    expect(books).toHaveLength(4 * 70);
    // The books' scale: the capital the Vault was launched with (the loan is a facility drawn as
    // purchases need cash, so it may stay small in a short run).
    const loan = Math.max(...books.map((b) => Number(b.vault_loan) + Number(b.vault_private_capital)));
    expect(loan).toBeGreaterThan(1e9);
    for (const v of vault) {
      expect(v.books_residual_max, v.run_id).not.toBe('');
      expect(Number(v.books_residual_max), v.run_id).toBeLessThanOrEqual(1e-9 * loan);
      expect([v.unit_cost_change, v.shortage_share]).toEqual(['', '']);
    }
    const withVault = vault.filter((v) => v.scenario === 'ban-vault');
    expect(withVault.every((v) => Number(v.revenue) > 0 && Number(v.inventory_cost_end) > 0 && Number(v.inventory_value_end) > 0)).toBe(true);
    expect(vault.filter((v) => v.scenario === 'ban-no-vault').every((v) => v.revenue === '0' && v.inventory_cost_end === '0')).toBe(true);

    // books.csv, week by week: the identity recomputed from the columns (written to 12 digits)
    for (const b of books) {
      const n = (k: string): number => Number(b[k]);
      const lhs = n('vault_cash') + n('vault_inventory_cost');
      const rhs = n('vault_loan') + n('vault_private_capital') + n('vault_fees') - n('vault_interest_paid') - n('vault_storage') + n('vault_realised_gains');
      expect(Math.abs(lhs - rhs), `${b.run_id} week ${b.week}`).toBeLessThanOrEqual(1e-9 * loan);
      expect(Math.abs(n('vault_books_residual'))).toBeLessThanOrEqual(1e-9 * loan);
    }

    // cn_office: export revenue and rent; the price-floor row is there (no floor: cost 0)
    const office = actors.filter((a) => a.actor === 'cn_office');
    expect(office.every((o) => Number(o.revenue) > 0 && o.rent !== '' && o.ex_cn_share_change !== '')).toBe(true);
    expect(actors.filter((a) => a.actor === 'us_price_floor').every((a) => a.price_floor_cost === '0')).toBe(true);

    // summary.csv: ban-vault rows carry differences over both replicates, ban-no-vault rows none
    const summary = csv(dir, 'summary.csv');
    const row = (scenario: string, pick: Partial<Row>): Row => summary.find((s) => s.scenario === scenario && Object.entries(pick).every(([k, v]) => s[k] === v))!;
    const price = row('ban-vault', { kind: 'market', commodity: 'ndpr', segment: 'ex_cn', metric: 'mean_price' });
    expect(price).toMatchObject({ n: '2', ci_method: 't', diff_n: '2' });
    expect(price.diff_mean).not.toBe('');
    expect(price.diff_ci_low).not.toBe('');
    const fees = row('ban-vault', { kind: 'actor', actor: 'us_vault', metric: 'revenue' });
    expect(Number(fees.diff_mean)).toBeGreaterThan(0);
    const residual = row('ban-vault', { kind: 'actor', actor: 'us_vault', metric: 'books_residual_max' });
    expect(Number(residual.mean)).toBeLessThanOrEqual(1e-9 * loan);
    expect(row('ban-no-vault', { kind: 'market', commodity: 'ndpr', segment: 'ex_cn', metric: 'mean_price' }).diff_n).toBe('');
    // the paired difference is the mean of the per-replicate differences of runs.csv
    const runs = csv(dir, 'runs.csv').filter((x) => x.commodity === 'ndpr' && x.segment === 'ex_cn');
    const d = [0, 1].map((k) => Number(runs.find((x) => x.scenario === 'ban-vault' && x.replicate === String(k))!.mean_price) - Number(runs.find((x) => x.scenario === 'ban-no-vault' && x.replicate === String(k))!.mean_price));
    expect(Number(price.diff_mean)).toBeCloseTo((d[0]! + d[1]!) / 2, 6);

    // events.csv and flows.csv
    const events = csv(dir, 'events.csv');
    expect(events.some((e) => e.scenario === 'ban-vault' && e.actor === 'us_vault' && e.type === 'vault_launch' && e.week === '52' && e.date === '2026-01-05')).toBe(true);
    expect(events.some((e) => e.actor === 'cn_office' && e.week === '56')).toBe(true);
    const flows = csv(dir, 'flows.csv');
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((f) => f.tonnes !== '0' && ['cn', 'non_cn'].includes(f.origin!))).toBe(true);

    // two worker threads write the same bytes, every file
    const pooled = join(tempDir(), 'out');
    await runExperiment({ loaded: loaded(config, 'vault-small.yaml'), outDir: pooled, mode: 'runs', threads: 2 });
    expect(snapshotDir(pooled)).toEqual(snapshotDir(dir));
  }, 120_000);
});
