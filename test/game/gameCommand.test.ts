/**
 * `chokepoint game` end to end on experiments/retaliation-game-small.yaml (China {restraint,
 * targeted} vs Japan {align, accommodate}, a 0.02 world, 2 replications: 8 runs of 572 weeks),
 * in this process with --threads 0. The sanity checks of MODEL-NOTES.md run the real model:
 * with omega = A = 0 the equilibrium is accommodate / restraint; with a large access value align
 * dominates. The second game re-solves the first one's journal with other weights (--resume),
 * which is also the test of that path: no run is simulated twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/runner/cli.js';
import { readCsvFile } from '../../src/runner/report/csv.js';
import { readNfg, writeNfg } from '../../src/runner/game/nfg.js';
import { profileIndex } from '../../src/runner/game/normalForm.js';
import { tempDir, writeYaml } from '../runner/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SMALL = join(ROOT, 'experiments', 'retaliation-game-small.yaml');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await main(['node', 'chokepoint', ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

function table(path: string): Record<string, string>[] {
  const { header, rows } = readCsvFile(path);
  return rows.map((r) => Object.fromEntries(header.columns.map((c, i) => [c, r[i] ?? ''])));
}

/** Equilibria of one posture: id -> "player:strategy" list of the played strategies. */
function equilibria(path: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of table(path)) {
    const k = `${r.posture}/${r.equilibrium}`;
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(`${r.player}:${r.strategy}${r.kind === 'mixed' ? `@${Number(r.probability).toFixed(2)}` : ''}`);
  }
  return out;
}

describe('chokepoint game on the small game', () => {
  const dir = tempDir('chokepoint-game-');
  const out = join(dir, 'out');
  let first: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    const cfg = parseYaml(readFileSync(SMALL, 'utf8')) as Record<string, unknown>;
    // a sweep over the access value: which equilibrium holds where
    cfg.sweep = { omega: [0], access_value: [0, 5e9] };
    writeYaml(dir, 'small.yaml', stringify(cfg));
    first = await cli(['game', join(dir, 'small.yaml'), '--out', out, '--threads', '0', '--no-report']);
  }, 120_000);

  test('writes the three files of the contract and the others', () => {
    expect(first.code, first.stderr).toBe(0);
    for (const f of ['payoffs.csv', 'equilibria.csv', 'game.nfg', 'game-no_vault.nfg', 'payoff_components.csv', 'epsilon_equilibria.csv', 'stackelberg.csv', 'sweep.csv', 'manifest.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.kind).toBe('game');
    expect(manifest.runs).toMatchObject({ total: 8, ok: 8, failed: 0 });
    expect(first.stdout).toMatch(/US posture no_vault: 1 equilibrium/);
  });

  test('payoffs.csv has the contract columns, a row per profile x player, n = replications', () => {
    const { header } = readCsvFile(join(out, 'payoffs.csv'));
    expect(header.columns).toEqual(['posture', 'profile', 'player', 'mean', 'se', 'n']);
    const rows = table(join(out, 'payoffs.csv'));
    expect(rows).toHaveLength(4 * 2);
    expect(new Set(rows.map((r) => r.profile))).toEqual(new Set(['china:restraint jp:align', 'china:targeted jp:align', 'china:restraint jp:accommodate', 'china:targeted jp:accommodate']));
    for (const r of rows) {
      expect(r.n).toBe('2');
      expect(Number.isFinite(Number(r.mean))).toBe(true);
      expect(Number(r.se)).toBeGreaterThanOrEqual(0);
    }
    // the components add up to the payoff
    const comps = table(join(out, 'payoff_components.csv'));
    for (const r of rows) {
      const sum = comps.filter((c) => c.profile === r.profile && c.player === r.player && c.part === 'term').reduce((a, c) => a + Number(c.mean), 0);
      expect(sum).toBeCloseTo(Number(r.mean), -3);
    }
  });

  test('equilibria.csv: the contract columns after posture', () => {
    const { header } = readCsvFile(join(out, 'equilibria.csv'));
    expect(header.columns).toEqual(['posture', 'equilibrium', 'kind', 'player', 'strategy', 'probability', 'regret', 'support_stability']);
    for (const r of table(join(out, 'equilibria.csv'))) {
      expect(Number(r.support_stability)).toBeGreaterThanOrEqual(0);
      expect(Number(r.support_stability)).toBeLessThanOrEqual(1);
    }
  });

  test('sanity: with omega = A = 0, the equilibrium is accommodate / restraint', () => {
    const rows = table(join(out, 'payoffs.csv'));
    const p = new Map(rows.map((r) => [`${r.profile}|${r.player}`, Number(r.mean)]));
    const u = (c: string, j: string, who: string): number => p.get(`china:${c} jp:${j}|${who}`)!;
    // the only equilibrium is the pure profile (restraint, accommodate)
    const eqs = [...equilibria(join(out, 'equilibria.csv')).values()];
    expect(eqs).toEqual([['china:restraint', 'jp:accommodate']]);
    expect(u('restraint', 'accommodate', 'china')).toBeGreaterThan(u('targeted', 'accommodate', 'china'));
    // accommodating is Japan's strict best reply to both: to targeted controls (they hit ex_cn
    // only) and to restraint (aligned buyers pay governments.compliance_cost on their inputs)
    expect(u('targeted', 'accommodate', 'jp')).toBeGreaterThan(u('targeted', 'align', 'jp'));
    expect(u('restraint', 'accommodate', 'jp')).toBeGreaterThan(u('restraint', 'align', 'jp'));
  });

  test('the sweep: restraint at A = 0, align at a large A', () => {
    const rows = table(join(out, 'sweep.csv'));
    const zero = rows.filter((r) => r.access_value === '0');
    expect(zero.length).toBeGreaterThan(0);
    for (const r of zero) expect(r.description).toMatch(/^china:restraint /);
    const large = rows.filter((r) => r.access_value === '5000000000');
    expect(large.length).toBeGreaterThan(0);
    for (const r of large) expect(r.description).toMatch(/jp:align$/);
  });

  test('game.nfg reads back as the payoff table and writes back byte for byte', () => {
    const text = readFileSync(join(out, 'game.nfg'), 'utf8');
    const game = readNfg(text);
    expect(game.players).toEqual(['china', 'jp']);
    expect(game.strategies).toEqual([
      ['restraint', 'targeted'],
      ['align', 'accommodate'],
    ]);
    expect(writeNfg(game)).toBe(text);
    for (const r of table(join(out, 'payoffs.csv'))) {
      const [c, k] = r.profile!.split(' ').map((s) => s.split(':')[1]!);
      const q = profileIndex(game, [game.strategies[0]!.indexOf(c!), game.strategies[1]!.indexOf(k!)]);
      const v = game.payoffs[q * 2 + game.players.indexOf(r.player!)]!;
      expect(Math.abs(v - Number(r.mean)) / Math.abs(v)).toBeLessThan(1e-9);
    }
    // `chokepoint nash` finds the same equilibrium in the written file
    expect(text.startsWith('NFG 1 R "retaliation-game-small: no_vault"')).toBe(true);
  });

  test('the same bytes on a pool of 2 threads as in-process', async () => {
    const two = join(dir, 'two');
    const r = await cli(['game', join(dir, 'small.yaml'), '--out', two, '--threads', '2', '--no-report']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['payoffs.csv', 'payoff_components.csv', 'equilibria.csv', 'epsilon_equilibria.csv', 'stackelberg.csv', 'sweep.csv', 'game.nfg']) {
      expect(readFileSync(join(two, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
    }
  }, 60_000);

  test('with a large access value align dominates (re-solved from the journal: nothing re-simulated)', async () => {
    const cfg = parseYaml(readFileSync(SMALL, 'utf8')) as Record<string, unknown>;
    (cfg.payoffs as Record<string, unknown>).access_value = { jp: 5e9 };
    writeYaml(dir, 'large-a.yaml', stringify(cfg));
    const r = await cli(['game', join(dir, 'large-a.yaml'), '--out', out, '--threads', '0', '--no-report', '--resume']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/8 runs \(0 simulated, 8 from the journal\)/);
    expect([...equilibria(join(out, 'equilibria.csv')).values()].every((e) => e.includes('jp:align'))).toBe(true);
    // align is dominant: better for Japan whatever China does
    const p = new Map(table(join(out, 'payoffs.csv')).map((x) => [`${x.profile}|${x.player}`, Number(x.mean)]));
    for (const c of ['restraint', 'targeted']) expect(p.get(`china:${c} jp:align|jp`)!).toBeGreaterThan(p.get(`china:${c} jp:accommodate|jp`)!);
  });

  test('--resume refuses a game whose simulations differ; a busy folder needs --force', async () => {
    const cfg = parseYaml(readFileSync(SMALL, 'utf8')) as Record<string, unknown>;
    cfg.seed = 9;
    writeYaml(dir, 'other.yaml', stringify(cfg));
    const r = await cli(['game', join(dir, 'other.yaml'), '--out', out, '--threads', '0', '--no-report', '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds the runs of another game/);
    const busy = await cli(['game', SMALL, '--out', out, '--threads', '0', '--no-report']);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/--force/);
  });
});

describe('game configs', () => {
  test('the shipped games validate (--validate runs nothing)', async () => {
    const r = await cli(['game', join(ROOT, 'experiments', 'retaliation-game.yaml'), '--validate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/486 profiles x 3 US postures x 4 replications = 5832 runs of 572 weeks/);
    const s = await cli(['game', SMALL, '--validate']);
    expect(s.code, s.stderr).toBe(0);
  });

  test('a bad game config exits 2 naming every problem: path, value, what is allowed', async () => {
    const dir = tempDir('chokepoint-game-bad-');
    const file = writeYaml(dir, 'bad.yaml', {
      horizon_weeks: 400,
      shock_week: 20,
      players: { china: ['restraint', 'retaliate'], allies: { kr: ['align', 'align'], us: ['align'] } },
      doctrines: { flood: { commodities: ['galium'], depht: 0.2 } },
      us_postures: [{ name: 'vault', events: [{ type: 'vault', start: 900 }] }],
      overrides: { 'population.scale': -1, 'cn_office.adaptive': 1 },
      payoffs: { discount_rate: 0 },
    });
    const r = await cli(['game', file, '--validate']);
    expect(r.code).toBe(2);
    const e = r.stderr;
    expect(e).toMatch(/horizon_weeks: must be an integer from 572/);
    expect(e).toMatch(/shock_week: must be .*52/);
    expect(e).toMatch(/players\.china\[1\]: must be one of restraint, targeted, broad, extraterritorial, flood, on_off; got "retaliate"/);
    expect(e).toMatch(/players\.allies\.kr\[1\]: "align" appears twice/);
    expect(e).toMatch(/players\.allies\.us: not an allied player; allowed here: jp, kr, tw, eu/);
    expect(e).toMatch(/doctrines\.flood\.commodities\[0\]: must be one of .*got "galium" \(did you mean "gallium"\?\)/);
    expect(e).toMatch(/doctrines\.flood\.depht: unknown key \(did you mean "depth"\?\)/);
    expect(e).toMatch(/us_postures\[0\]\.events\[0\]\.start: week 900 is after the end of the run/);
    expect(e).toMatch(/overrides\.population\.scale: must be in \[0\.001, 250\]/);
    expect(e).toMatch(/overrides\.cn_office\.adaptive: must be 0 in a game/);
    expect(e).toMatch(/payoffs\.discount_rate: must be/);
  });
});
