import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { configHash, loadConfig, parseConfigText, validateConfigObject } from '../../src/runner/config.js';
import { ConfigError } from '../../src/runner/errors.js';
import { EXPERIMENTS_DIR } from '../../src/runner/paths.js';
import { loadGameConfig } from '../../src/runner/game/config.js';

/** The issues of a config that must fail. */
function problems(text: string, file = 'exp.yaml'): { path: string; message: string }[] {
  try {
    parseConfigText(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).exitCode).toBe(2);
    return [...(e as ConfigError).issues];
  }
  throw new Error('config was accepted');
}

function one(text: string): { path: string; message: string } {
  const p = problems(text);
  expect(p, JSON.stringify(p)).toHaveLength(1);
  return p[0]!;
}

describe('defaults', () => {
  test('an empty file is one baseline scenario with the documented defaults', () => {
    const { config, hash, warnings } = parseConfigText('', 'experiments/my-test.yaml');
    expect(config).toEqual({
      name: 'my-test',
      description: '',
      seed: 1,
      replications: 1,
      horizon_weeks: 260,
      start_date: '2025-01-06',
      scenarios: [{ name: 'baseline', description: '', overrides: {}, events: [] }],
      reference_scenario: null,
      sweep: null,
      outputs: { timeseries: false, flows: false, events: false, books: false, cost_window_years: null, ci: 't', bootstrap_resamples: 2000 },
    });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(warnings).toEqual([]);
  });

  test('JSON is accepted', () => {
    const { config } = parseConfigText('{"seed": 7, "replications": 3, "scenarios": [{"name": "a"}]}', 'x.json');
    expect(config.seed).toBe(7);
    expect(config.replications).toBe(3);
    expect(config.name).toBe('x');
  });

  test('lhs.seed defaults to the config seed', () => {
    const { config } = parseConfigText('seed: 9\nsweep:\n  lhs: {n: 4, ranges: {buyers.phi: [1, 2]}}\n', 'a.yaml');
    expect(config.sweep?.lhs?.seed).toBe(9);
  });

  test('every shipped experiment validates', () => {
    const files = readdirSync(EXPERIMENTS_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files).toContain('baseline.yaml');
    expect(files).toContain('supply-shock.yaml');
    // game configs (top-level `players`: src/runner/game/config.ts) have their own validator
    const isGame = (f: string): boolean => /^players:/m.test(readFileSync(join(EXPERIMENTS_DIR, f), 'utf8'));
    for (const f of files) expect(() => (isGame(f) ? loadGameConfig(join(EXPERIMENTS_DIR, f)) : loadConfig(join(EXPERIMENTS_DIR, f))), f).not.toThrow();
    expect(files.filter(isGame).sort()).toEqual(['retaliation-game-small.yaml', 'retaliation-game.yaml']);
    const b = loadConfig(join(EXPERIMENTS_DIR, 'baseline.yaml')).config;
    expect([b.seed, b.replications, b.horizon_weeks, b.scenarios.map((s) => s.name)]).toEqual([1, 2, 260, ['baseline']]);
    const s = loadConfig(join(EXPERIMENTS_DIR, 'supply-shock.yaml')).config;
    expect(s.reference_scenario).toBe('baseline');
    expect(s.scenarios[1]!.events).toEqual([{ type: 'supply_outage', commodity: 'gallium', where: 'cn_origin', share: 0.8, start: 60, end: 86 }]);
  });
});

describe('the bad configs of issue 4 name the problem', () => {
  test('a wrong type', () => {
    const p = one('horizon_weeks: "long"\n');
    expect(p.path).toBe('horizon_weeks');
    expect(p.message).toContain('"long"');
    expect(p.message).toContain('integer from 53');
  });
  test('an unknown key, with a suggestion and the allowed keys', () => {
    const p = one('replicatoins: 3\n');
    expect(p.path).toBe('replicatoins');
    expect(p.message).toContain('unknown key');
    expect(p.message).toContain('did you mean "replications"');
    expect(p.message).toContain('horizon_weeks');
  });
  test('an unknown key deep inside', () => {
    const p = one('scenarios:\n  - name: a\n    overide: {}\n');
    expect(p.path).toBe('scenarios[0].overide');
    expect(p.message).toContain('overrides');
  });
  test('a negative population', () => {
    const p = one('scenarios:\n  - name: a\n  - name: b\n    overrides:\n      population.scale: -2\n');
    expect(p.path).toBe('scenarios[1].overrides.population.scale');
    expect(p.message).toContain('-2');
    expect(p.message).toMatch(/\[0\.001, 250\]/);
  });
  test('an unknown parameter path', () => {
    const p = one('scenarios:\n  - name: a\n    overrides: {buyers.phy: 1}\n');
    expect(p.path).toBe('scenarios[0].overrides.buyers.phy');
    expect(p.message).toContain('did you mean "buyers.phi"');
  });
  test('an unknown commodity', () => {
    const p = one('scenarios:\n  - name: a\n    events:\n      - {type: supply_outage, commodity: galium, where: cn_origin, share: 0.5, start: 60}\n');
    expect(p.path).toBe('scenarios[0].events[0].commodity');
    expect(p.message).toContain('"galium"');
    expect(p.message).toContain('gallium');
    expect(p.message).toContain('germanium');
  });
  test('malformed YAML gives a line number', () => {
    const p = problems('seed: 1\nscenarios:\n  - name: a\n   bad: [\n');
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]!.path).toMatch(/^line \d+, column \d+$/);
    expect(p[0]!.message).toContain('malformed YAML');
  });
  test('duplicate keys are malformed YAML', () => {
    const p = problems('seed: 1\nseed: 2\n');
    expect(p[0]!.path).toMatch(/^line 2/);
  });
  test('replications: -3', () => {
    const p = one('replications: -3\n');
    expect(p.path).toBe('replications');
    expect(p.message).toContain('-3');
    expect(p.message).toContain('positive integer');
  });
  test('seed: "abc"', () => {
    const p = one('seed: "abc"\n');
    expect(p.path).toBe('seed');
    expect(p.message).toContain('"abc"');
    expect(p.message).toContain('non-negative integer');
  });
  test('a config that is not a mapping', () => {
    const p = one('- 1\n- 2\n');
    expect(p.message).toContain('mapping');
  });
});

describe('every problem at once', () => {
  test('structural and cross-field problems are collected together', () => {
    const p = problems(
      [
        'seed: -1',
        'replications: 0',
        'start_date: 2025-02-30',
        'scenarios:',
        '  - name: a',
        '  - name: a',
        '    events:',
        '      - {type: demand_shock, commodity: ndpr, where: kr_battery, factor: 0.7, start: 400}',
        '      - {type: supply_outage, commodity: ndpr, where: mars, share: 2, start: 60, end: 50}',
        'reference_scenario: b',
        'outputs: {timeseries: yes, cost_window_years: [2, 1]}',
      ].join('\n'),
    );
    const paths = p.map((i) => i.path);
    for (const want of [
      'seed',
      'replications',
      'start_date',
      'scenarios[1].name',
      'scenarios[1].events[0].start',
      'scenarios[1].events[1].where',
      'scenarios[1].events[1].share',
      'scenarios[1].events[1].end',
      'reference_scenario',
      'outputs.timeseries',
      'outputs.cost_window_years',
    ]) {
      expect(paths, JSON.stringify(p, null, 1)).toContain(want);
    }
  });
});

describe('scenarios and events', () => {
  test('reference_scenario must name a scenario', () => {
    const p = one('scenarios: [{name: base}, {name: ban}]\nreference_scenario: baseline\n');
    expect(p.path).toBe('reference_scenario');
    expect(p.message).toContain('"base", "ban"');
  });
  test('dates are converted to weeks and checked against the horizon and start', () => {
    const ev = (start: string, end?: string): string =>
      `start_date: 2025-01-06\nhorizon_weeks: 104\nscenarios:\n  - name: a\n    events:\n      - {type: demand_shock, commodity: lithium, where: all, factor: 0.7, start: ${start}${end ? `, end: ${end}` : ''}}\n`;
    expect(() => parseConfigText(ev('2026-01-05', '2026-03-02'), 'a.yaml')).not.toThrow();
    expect(one(ev('2024-12-30')).message).toContain('before start_date');
    expect(one(ev('2027-06-01')).message).toContain('after the end of the run');
    expect(one(ev('2026-01-05', '2025-12-01')).path).toBe('scenarios[0].events[0].end');
    expect(one(ev('60.5')).message).toContain('integer >= 0');
  });
  test('demand shocks may target buyer groups, supply outages may not', () => {
    const cfg = (type: string, where: string): string =>
      `scenarios:\n  - name: a\n    events:\n      - {type: ${type}, commodity: gallium, where: ${where}, ${type === 'supply_outage' ? 'share: 0.5' : 'factor: 0.5'}, start: 60}\n`;
    expect(() => parseConfigText(cfg('demand_shock', 'tw_chips'), 'a.yaml')).not.toThrow();
    expect(() => parseConfigText(cfg('supply_outage', 'cn_origin'), 'a.yaml')).not.toThrow();
    expect(one(cfg('supply_outage', 'tw_chips')).path).toBe('scenarios[0].events[0].where');
    expect(one(cfg('demand_shock', 'cn_origin')).path).toBe('scenarios[0].events[0].where');
  });
  test('policy events as src/agents/model.ts declares them; commodity lists', () => {
    const ok = parseConfigText(
      [
        'scenarios:',
        '  - name: a',
        '    events:',
        '      - {type: export_control, commodity: [gallium, germanium], target: ex_cn, approval: 0, delay_weeks: 6, cn_owned: true, announce: 55, start: 60, end: 120}',
        '      - {type: fdpr, commodity: ndpr, target: exports, threshold: 0.001, start: 2026-03-02}',
        '      - {type: alignment, bloc: kr, alignment: 0.5, start: 70}',
        '      - {type: chip_controls, bloc: us, start: 70}',
        '      - {type: vault, start: 60}',
        '      - {type: price_floor, commodity: ndpr, floor: 110, start: 60}',
        '      - {type: supply_outage, commodity: [ndpr, dytb], where: cn_origin, share: 0.5, start: 60}',
      ].join('\n'),
      'a.yaml',
    ).config.scenarios[0]!.events;
    expect(ok).toHaveLength(7);
    expect(ok[0]).toEqual({ type: 'export_control', commodity: ['gallium', 'germanium'], target: 'ex_cn', approval: 0, delay_weeks: 6, cn_owned: true, announce: 55, start: 60, end: 120 });
    const ev = (e: string): string => `scenarios:\n  - name: a\n    events:\n      - ${e}\n`;
    expect(one(ev('{type: export_control, commodity: gallium, target: ex_cn, announce: 70, start: 60}')).path).toBe('scenarios[0].events[0].announce');
    expect(one(ev('{type: export_control, commodity: gallium, target: us, start: 60}')).message).toContain('ex_cn_other');
    expect(one(ev('{type: alignment, bloc: cn, alignment: 1, start: 60}')).path).toBe('scenarios[0].events[0].bloc');
    expect(one(ev('{type: vault, start: 60, share: 1}')).message).toContain('allowed here: type, start, end');
    const list = one(ev('{type: supply_outage, commodity: [ndpr, galium], where: all, share: 0.5, start: 60}'));
    expect(list.path).toBe('scenarios[0].events[0].commodity[1]');
    expect(list.message).toContain('did you mean "gallium"');
    expect(one(ev('{type: supply_outage, commodity: [], where: all, share: 0.5, start: 60}')).path).toBe('scenarios[0].events[0].commodity');
  });
  test('a shock inside burn-in is allowed with a warning', () => {
    const { warnings } = parseConfigText('scenarios:\n  - name: a\n    events: [{type: demand_shock, commodity: ndpr, where: all, factor: 2, start: 10}]\n', 'a.yaml');
    expect(warnings.join()).toContain('burn-in');
  });
  test('scenario names become ids: only safe characters', () => {
    expect(one('scenarios: [{name: "a b"}]\n').path).toBe('scenarios[0].name');
  });
});

describe('sweeps', () => {
  test('grid and points combine (a union); lhs stands alone', () => {
    expect(() => parseConfigText('sweep:\n  grid: {buyers.phi: [1, 2]}\n  points: [{buyers.phi: 1.5, producers.theta: 2}]\n', 'a.yaml')).not.toThrow();
    const p = one('sweep:\n  grid: {buyers.phi: [1, 2]}\n  lhs: {n: 3, ranges: {buyers.phi: [1, 2]}}\n');
    expect(p.path).toBe('sweep');
    expect(p.message).toContain('lhs cannot be combined');
  });
  test('sweep values are checked like overrides, with their index', () => {
    const p = one('sweep:\n  grid: {population.scale: [0.1, 1000]}\n');
    expect(p.path).toBe('sweep.grid.population.scale[1]');
    expect(p.message).toContain('1000');
  });
  test('a point given twice is refused', () => {
    const p = one('sweep:\n  grid: {buyers.phi: [1, 2]}\n  points: [{buyers.phi: 2}]\n');
    expect(p.path).toBe('sweep.points[0]');
    expect(p.message).toContain('twice');
  });
  test('the model\'s joint rules are checked for every scenario x point', () => {
    const p = one('scenarios: [{name: a}, {name: b, overrides: {buyers.theta_max: 1.0}}]\nsweep:\n  grid: {buyers.theta_min: [0.5, 1.2]}\n');
    expect(p.path).toContain('scenarios[1] (b) with sweep point 1');
    expect(p.message).toContain('buyers.theta_min');
  });
  test('lhs ranges must be increasing and inside the bounds', () => {
    expect(one('sweep:\n  lhs: {n: 3, ranges: {buyers.phi: [2, 1]}}\n').path).toBe('sweep.lhs.ranges.buyers.phi');
    expect(one('sweep:\n  lhs: {n: 3, ranges: {buyers.phi: [1, 9]}}\n').message).toContain('9');
    expect(one('sweep:\n  lhs: {n: 0, ranges: {buyers.phi: [1, 2]}}\n').path).toBe('sweep.lhs.n');
  });
  test('an empty sweep is an error', () => {
    expect(one('sweep: {}\n').path).toBe('sweep');
  });
});

describe('outputs', () => {
  test('flows, events, books, ci and bootstrap_resamples resolve with their defaults', () => {
    const { config, warnings } = parseConfigText('replications: 5\noutputs: {flows: true, events: true, books: true, ci: bootstrap, bootstrap_resamples: 500}\n', 'a.yaml');
    expect(config.outputs).toEqual({ timeseries: false, flows: true, events: true, books: true, cost_window_years: null, ci: 'bootstrap', bootstrap_resamples: 500 });
    expect(warnings).toEqual([]);
  });
  test('bad values name the key, the value and what is allowed', () => {
    const ci = one('outputs: {ci: bca}\n');
    expect(ci.path).toBe('outputs.ci');
    expect(ci.message).toMatch(/t, bootstrap.*"bca"/);
    const b = one('outputs: {ci: bootstrap, bootstrap_resamples: 10}\n');
    expect(b.path).toBe('outputs.bootstrap_resamples');
    expect(b.message).toMatch(/integer from 100 to 1000000.*10/);
    expect(one('outputs: {flows: yes please}\n')).toMatchObject({ path: 'outputs.flows', message: expect.stringMatching(/true or false/) });
    expect(one('outputs: {event: true}\n').message).toMatch(/did you mean "events"/);
  });
  test('resamples without the bootstrap, or a bootstrap of one replicate, are warned about', () => {
    expect(parseConfigText('replications: 3\noutputs: {bootstrap_resamples: 500}\n', 'a.yaml').warnings.join()).toMatch(/used only with ci: bootstrap/);
    expect(parseConfigText('outputs: {ci: bootstrap}\n', 'a.yaml').warnings.join()).toMatch(/1 replication/);
  });
});

describe('hash', () => {
  const base = 'seed: 3\nreplications: 2\nscenarios:\n  - name: a\n    overrides: {buyers.phi: 1.2, producers.theta: 1}\n';
  test('does not depend on key order or on spelling out defaults', () => {
    const a = parseConfigText(base, 'e.yaml').hash;
    const b = parseConfigText('scenarios:\n  - overrides: {producers.theta: 1, buyers.phi: 1.2}\n    name: a\nreplications: 2\nseed: 3\nhorizon_weeks: 260\n', 'e.yaml').hash;
    expect(b).toBe(a);
  });
  test('changes with any value, including command-line overrides', () => {
    const a = parseConfigText(base, 'e.yaml');
    expect(parseConfigText(base.replace('seed: 3', 'seed: 4'), 'e.yaml').hash).not.toBe(a.hash);
    const o = parseConfigText(base, 'e.yaml', { replications: 5, seed: 11 });
    expect([o.config.replications, o.config.seed]).toEqual([5, 11]);
    expect(o.hash).not.toBe(a.hash);
  });
  test('resolving a resolved config is the identity (replay relies on it)', () => {
    const { config, hash } = parseConfigText(
      'scenarios: [{name: a, events: [{type: supply_outage, commodity: gallium, where: cn_origin, share: 0.8, start: 60, end: 86}]}]\nsweep:\n  grid: {buyers.phi: [1, 2]}\n  points: [{producers.theta: 2}]\noutputs: {cost_window_years: [0, 1]}\n',
      'e.yaml',
    );
    const again = validateConfigObject(JSON.parse(JSON.stringify(config)), 'manifest.json');
    expect(again.config).toEqual(config);
    expect(again.hash).toBe(hash);
    expect(configHash(again.config)).toBe(hash);
  });
});

describe('docs/config.md', () => {
  test('every example that is a whole config (or a top-level key of one) validates', () => {
    const text = readFileSync(join(EXPERIMENTS_DIR, '..', 'docs', 'config.md'), 'utf8');
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const top = /^(name|description|seed|replications|horizon_weeks|start_date|scenarios|reference_scenario|sweep|outputs):/;
    const whole = blocks.filter((b) => top.test(b));
    expect(whole.length).toBeGreaterThanOrEqual(10);
    for (const b of whole) expect(() => parseConfigText(b, 'doc.yaml'), b).not.toThrow();
  });
});
