/**
 * Game configs (`chokepoint game CONFIG`): YAML -> a validated, defaults-filled ResolvedGame and
 * its hash. docs/game.md documents every key; experiments/retaliation-game.yaml is the example.
 *
 * A game config is its own format (players, doctrines, US postures, payoff weights), not an
 * experiment config. What the two share is checked by the experiment validator itself: the base
 * `overrides` and every US posture (overrides and events) are validated as scenarios of an
 * experiment with the game's horizon and start date, and its messages are re-addressed to the
 * game's paths (`us_postures[1].events[0].start`). Every problem is reported at once, each with
 * its path, the value found and what is allowed (exit 2).
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import { COMMODITIES } from '../../agents/ids.js';
import type { ScenarioEvent } from '../../agents/model.js';
import { canonicalJson, sha256Hex } from '../canonical.js';
import { displayPath, MAX_HORIZON_WEEKS, MAX_REPLICATIONS, nameFromFile, show, suggest, validateConfigObject, type ResolvedScenario } from '../config.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { BURN_IN_WEEKS } from '../metrics.js';
import { DEFAULT_ALLY_BOOKS, type TerminalRule } from './gameRun.js';

/** Strategy ids (DESIGN.md, the contract). */
export const CHINA_STRATEGIES = ['restraint', 'targeted', 'broad', 'extraterritorial', 'flood', 'on_off'] as const;
export type ChinaStrategy = (typeof CHINA_STRATEGIES)[number];
export const ALLY_STRATEGIES = ['align', 'hedge', 'accommodate'] as const;
export type AllyStrategy = (typeof ALLY_STRATEGIES)[number];
export const ALLY_ALIGNMENT: Record<AllyStrategy, number> = { align: 1, hedge: 0.5, accommodate: 0 };

/** Allied blocs that can be players: those with a manufacturing group whose profit is their payoff. */
export const ALLY_PLAYERS = ['jp', 'kr', 'tw', 'eu'] as const;
/** Allied blocs whose posture may be fixed for a game (not players). */
export const FIXABLE_BLOCS = ['jp', 'kr', 'tw', 'eu', 'au', 'in', 'id', 'row'] as const;
export const TERMINAL_RULES: readonly TerminalRule[] = ['perpetuity', 'growing', 'annuity', 'none'];

/** The least horizon after the shock: payoffs are NPVs over at least 10 years (MODEL-NOTES.md). */
export const MIN_GAME_YEARS_WEEKS = 520;

export interface DoctrineSpecs {
  /** licences on the targeted commodities to ex_cn at `approval` */
  targeted: { commodities: string[]; approval: number };
  /** licences refused (approval 0 by default) to ex_cn on a wider list */
  broad: { commodities: string[]; approval: number };
  /** targeted + the extraterritorial (0.1%) rule on `commodities` */
  extraterritorial: { commodities: string[]; threshold: number; approval: number };
  /** a price war on `commodities` for `weeks` weeks */
  flood: { commodities: string[]; depth: number; weeks: number };
  /** controls on the targeted commodities, switched on and off every `period_weeks` */
  on_off: { commodities: string[]; approval: number; period_weeks: number };
}

export interface PayoffSpec {
  discount_rate: number;
  terminal: { rule: TerminalRule; growth: number; years: number };
  /** $ a year China values each unit of an allied player's non-alignment (1 - alignment) */
  omega: number;
  /** $ a year each allied player gets at full alignment (US market access), per player */
  access_value: Record<string, number>;
  /** share of the weekly $ value of new ex-China refining capacity China loses as margin */
  capacity_margin: number;
  /** expected cost of a WTO ruling: probability a year while controls are in force x cost in $ */
  wto: { probability: number; cost: number };
  /** yearly cost of carrying a government's stockpile, share of its value */
  stockpile_carry_rate: number;
}

export interface SolverSpec {
  /** regret threshold (payoff $) for support_stability and the pure equilibria; null = 2 x median SE */
  epsilon: number | null;
  bootstrap_resamples: number;
  replicator_starts: number;
  replicator_iterations: number;
}

export interface ResolvedGame {
  kind: 'game';
  name: string;
  description: string;
  seed: number;
  replications: number;
  start_date: string;
  horizon_weeks: number;
  shock_week: number;
  /** parameter overrides for every run */
  overrides: Record<string, number>;
  players: { china: ChinaStrategy[]; allies: Record<string, AllyStrategy[]> };
  /** alignment from the shock week of allied blocs that are not players */
  fixed_postures: Record<string, number>;
  doctrines: DoctrineSpecs;
  us_postures: ResolvedScenario[];
  payoffs: PayoffSpec;
  solver: SolverSpec;
  sweep: { omega: number[]; access_value: number[] } | null;
  stackelberg: boolean;
}

export interface LoadedGame {
  game: ResolvedGame;
  hash: string;
  /** hash of what the simulations depend on (a resume reuses runs when it matches) */
  simHash: string;
  warnings: string[];
  file: string;
}

export const GAME_DEFAULTS = {
  seed: 1,
  replications: 2,
  start_date: '2025-01-06',
  shock_week: BURN_IN_WEEKS,
  horizon_weeks: BURN_IN_WEEKS + MIN_GAME_YEARS_WEEKS,
} as const;

/** China's doctrines by default (docs/game.md says why these lists). */
export const DEFAULT_DOCTRINES: DoctrineSpecs = {
  // the commodities of the model's own retaliation (cnOffice.ts RETALIATION_COMMODITIES) and of
  // the 2023-25 controls: gallium, germanium, anode graphite, heavy rare earths, magnets
  targeted: { commodities: ['gallium', 'germanium', 'graphite_anode', 'dytb', 'magnet'], approval: 0.35 },
  broad: { commodities: ['ndpr', 'dytb', 'magnet', 'gallium', 'germanium', 'graphite_anode', 'graphite_flake', 'lithium', 'cobalt', 'precursor'], approval: 0 },
  extraterritorial: { commodities: ['magnet'], threshold: 0.001, approval: 0.35 },
  // where non-Chinese capacity competes and a price war keeps projects unbankable
  flood: { commodities: ['ndpr', 'dytb', 'graphite_anode', 'gallium', 'lithium'], depth: 0.3, weeks: 156 },
  on_off: { commodities: ['gallium', 'germanium', 'graphite_anode', 'dytb', 'magnet'], approval: 0, period_weeks: 13 },
};

export const DEFAULT_PAYOFFS: PayoffSpec = {
  discount_rate: 0.05,
  terminal: { rule: 'perpetuity', growth: 0, years: 20 },
  omega: 0,
  access_value: {},
  capacity_margin: 0.2,
  wto: { probability: 0.1, cost: 2e9 },
  stockpile_carry_rate: 0.065,
};

export const DEFAULT_SOLVER: SolverSpec = { epsilon: null, bootstrap_resamples: 500, replicator_starts: 16, replicator_iterations: 2000 };

// ---------------------------------------------------------------------------------------------
// Structure

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const money = z.number().min(0).max(1e15);
const share = z.number().min(0).max(1);
const commodityList = z.array(z.enum(COMMODITIES)).min(1);

const DOCTRINE_SHAPES = {
  targeted: { commodities: commodityList.optional(), approval: share.optional() },
  broad: { commodities: commodityList.optional(), approval: share.optional() },
  extraterritorial: { commodities: commodityList.optional(), threshold: share.optional(), approval: share.optional() },
  flood: { commodities: commodityList.optional(), depth: share.optional(), weeks: z.number().int().min(1).max(MAX_HORIZON_WEEKS).optional() },
  on_off: { commodities: commodityList.optional(), approval: share.optional(), period_weeks: z.number().int().min(1).max(520).optional() },
} as const;

const PAYOFF_SHAPE = {
  discount_rate: z.number().gt(0).max(1).optional(),
  terminal: z.strictObject({ rule: z.enum(TERMINAL_RULES as [TerminalRule, ...TerminalRule[]]), growth: z.number().min(-0.5).max(0.5).optional(), years: z.number().min(0).max(1000).optional() }).optional(),
  omega: money.optional(),
  access_value: z.partialRecord(z.enum(ALLY_PLAYERS), money).optional(),
  capacity_margin: z.number().min(0).max(5).optional(),
  wto: z.strictObject({ probability: share, cost: money }).optional(),
  stockpile_carry_rate: share.optional(),
};

const SOLVER_SHAPE = {
  epsilon: money.nullish(),
  bootstrap_resamples: z.number().int().min(1).max(100_000).optional(),
  replicator_starts: z.number().int().min(1).max(1000).optional(),
  replicator_iterations: z.number().int().min(10).max(1_000_000).optional(),
};

const TOP_SHAPE = {
  name: z.string().regex(NAME_RE).optional(),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  replications: z.number().int().min(1).max(MAX_REPLICATIONS).optional(),
  start_date: z.string().optional(),
  horizon_weeks: z.number().int().min(BURN_IN_WEEKS + MIN_GAME_YEARS_WEEKS).max(MAX_HORIZON_WEEKS).optional(),
  shock_week: z.number().int().min(BURN_IN_WEEKS).max(MAX_HORIZON_WEEKS).optional(),
  overrides: z.record(z.string(), z.unknown()).nullish(),
  players: z
    .strictObject({
      china: z.array(z.enum(CHINA_STRATEGIES)).min(1).optional(),
      allies: z.partialRecord(z.enum(ALLY_PLAYERS), z.array(z.enum(ALLY_STRATEGIES)).min(1)).optional(),
    })
    .optional(),
  fixed_postures: z.partialRecord(z.enum(FIXABLE_BLOCS), share).nullish(),
  doctrines: z
    .strictObject(Object.fromEntries(Object.entries(DOCTRINE_SHAPES).map(([k, s]) => [k, z.strictObject(s).optional()])) as { [K in keyof typeof DOCTRINE_SHAPES]: z.ZodOptional<z.ZodObject<(typeof DOCTRINE_SHAPES)[K]>> })
    .optional(),
  us_postures: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
  payoffs: z.strictObject(PAYOFF_SHAPE).optional(),
  solver: z.strictObject(SOLVER_SHAPE).optional(),
  sweep: z.strictObject({ omega: z.array(money).min(1).optional(), access_value: z.array(money).min(1).optional() }).nullish(),
  stackelberg: z.boolean().optional(),
};

const gameSchema = z.strictObject(TOP_SHAPE);
type ParsedGame = z.infer<typeof gameSchema>;

const ALLOWED_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(TOP_SHAPE),
  players: ['china', 'allies'],
  doctrines: Object.keys(DOCTRINE_SHAPES),
  ...Object.fromEntries(Object.entries(DOCTRINE_SHAPES).map(([k, s]) => [`doctrines.${k}`, Object.keys(s)])),
  payoffs: Object.keys(PAYOFF_SHAPE),
  'payoffs.terminal': ['rule', 'growth', 'years'],
  'payoffs.wto': ['probability', 'cost'],
  solver: Object.keys(SOLVER_SHAPE),
  sweep: ['omega', 'access_value'],
  'players.allies': ALLY_PLAYERS,
  'payoffs.access_value': ALLY_PLAYERS,
  fixed_postures: FIXABLE_BLOCS,
};

const RULES: Record<string, string> = {
  name: 'a name of letters, digits, ".", "_" and "-" starting with a letter or digit',
  seed: 'a non-negative integer up to 2^53 - 1',
  replications: `a positive integer (at most ${MAX_REPLICATIONS})`,
  horizon_weeks: `an integer from ${BURN_IN_WEEKS + MIN_GAME_YEARS_WEEKS} to ${MAX_HORIZON_WEEKS} (weeks; payoffs need at least ${MIN_GAME_YEARS_WEEKS} weeks after the shock)`,
  shock_week: `an integer from ${BURN_IN_WEEKS} (the end of the burn-in) up`,
  overrides: 'a mapping of parameter path to number',
  'players.china': `a non-empty list of China's strategies (${CHINA_STRATEGIES.join(', ')})`,
  'players.allies': `a mapping of allied player (${ALLY_PLAYERS.join(', ')}) to a non-empty list of postures (${ALLY_STRATEGIES.join(', ')})`,
  fixed_postures: `a mapping of bloc (${FIXABLE_BLOCS.join(', ')}) to an alignment from 0 to 1`,
  us_postures: 'a non-empty list of US postures, each {name, description?, overrides?, events?}',
  'payoffs.discount_rate': 'a yearly rate above 0, at most 1',
  'payoffs.omega': 'a non-negative number of $ a year',
  'payoffs.access_value': `a mapping of allied player (${ALLY_PLAYERS.join(', ')}) to $ a year`,
  'payoffs.capacity_margin': 'a share from 0 to 5 of the weekly value of new ex-China capacity',
  'payoffs.stockpile_carry_rate': 'a yearly share from 0 to 1',
  'solver.epsilon': 'a non-negative number of $ (or null: 2 x the median standard error)',
  sweep: 'a mapping {omega?, access_value?} of lists of $ a year',
  stackelberg: 'true or false',
};

// ---------------------------------------------------------------------------------------------
// Entry points

export function loadGameConfig(path: string, overrides: { replications?: number | undefined; seed?: number | undefined } = {}): LoadedGame {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [{ path: '', message: `cannot read the config file: ${(e as Error).message}` }]);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      path,
      doc.errors.map((e) => ({ path: e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'YAML', message: `malformed YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  let raw: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (raw === null || raw === undefined) raw = {};
  return validateGameObject(raw, path, overrides);
}

/** Validate a parsed game config (a ResolvedGame validates to itself). */
export function validateGameObject(input: unknown, file: string, overrides: { replications?: number | undefined; seed?: number | undefined } = {}): LoadedGame {
  let raw = input;
  if (isRecord(raw)) {
    raw = { ...raw };
    delete (raw as Record<string, unknown>).kind; // present in a resolved game (manifest.json)
    if (overrides.replications !== undefined) (raw as Record<string, unknown>).replications = overrides.replications;
    if (overrides.seed !== undefined) (raw as Record<string, unknown>).seed = overrides.seed;
  }
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const parsed = gameSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) for (const iss of parsed.error.issues) issues.push(...formatIssue(iss));
  if (!isRecord(raw)) throw new ConfigError(file, issues.length ? issues : [{ path: '', message: `must be a mapping of game config keys (${Object.keys(TOP_SHAPE).join(', ')})` }]);

  // horizon after the shock
  const horizon = isInt(raw.horizon_weeks) ? raw.horizon_weeks : raw.horizon_weeks === undefined ? GAME_DEFAULTS.horizon_weeks : null;
  const shock = isInt(raw.shock_week) ? raw.shock_week : raw.shock_week === undefined ? GAME_DEFAULTS.shock_week : null;
  if (horizon !== null && shock !== null && horizon >= BURN_IN_WEEKS + MIN_GAME_YEARS_WEEKS && horizon - shock < MIN_GAME_YEARS_WEEKS) {
    issues.push({ path: 'horizon_weeks', message: `must be at least shock_week + ${MIN_GAME_YEARS_WEEKS} = ${shock + MIN_GAME_YEARS_WEEKS} (payoffs are NPVs over at least 10 years after the shock), got ${horizon}` });
  }
  // strategies listed once
  if (isRecord(raw.players)) {
    const dup = (list: unknown, path: string): void => {
      if (!Array.isArray(list)) return;
      list.forEach((s, i) => {
        if (list.indexOf(s) !== i) issues.push({ path: `${path}[${i}]`, message: `${show(s)} appears twice; each strategy once` });
      });
    };
    dup(raw.players.china, 'players.china');
    if (isRecord(raw.players.allies)) {
      for (const [a, list] of Object.entries(raw.players.allies)) dup(list, `players.allies.${a}`);
      if (Object.keys(raw.players.allies).length === 0) issues.push({ path: 'players.allies', message: `needs at least one allied player (${ALLY_PLAYERS.join(', ')})` });
    }
  }
  if (isRecord(raw.fixed_postures) && isRecord(raw.players) && isRecord(raw.players.allies)) {
    for (const b of Object.keys(raw.fixed_postures)) {
      if (b in raw.players.allies) issues.push({ path: `fixed_postures.${b}`, message: `${b} is a player (players.allies.${b}); its posture is its strategy, not fixed` });
    }
  }
  const term = isRecord(raw.payoffs) && isRecord(raw.payoffs.terminal) ? raw.payoffs.terminal : null;
  const rate = isRecord(raw.payoffs) && typeof raw.payoffs.discount_rate === 'number' ? raw.payoffs.discount_rate : DEFAULT_PAYOFFS.discount_rate;
  if (term && term.rule === 'growing' && typeof term.growth === 'number' && !(term.growth < rate)) {
    issues.push({ path: 'payoffs.terminal.growth', message: `must be below payoffs.discount_rate (${rate}) for a growing perpetuity, got ${term.growth}` });
  }

  // overrides and US postures: the experiment validator, re-addressed
  const start = typeof raw.start_date === 'string' ? raw.start_date : GAME_DEFAULTS.start_date;
  const expBase = { seed: 0, replications: 1, horizon_weeks: horizon ?? GAME_DEFAULTS.horizon_weeks, start_date: start };
  let postures: ResolvedScenario[] = [];
  let baseOverrides: Record<string, number> = {};
  const adopt = (obj: Record<string, unknown>, rename: (p: string) => string): ResolvedScenario[] | null => {
    try {
      return validateConfigObject(obj, file).config.scenarios;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const i of e.issues) issues.push({ path: rename(i.path), message: i.message });
      return null;
    }
  };
  if (raw.overrides !== undefined && raw.overrides !== null && isRecord(raw.overrides)) {
    const s = adopt({ ...expBase, scenarios: [{ name: 'base', overrides: raw.overrides }] }, (p) => p.replace(/^scenarios\[0\]\.overrides/, 'overrides').replace(/^scenarios\[0\] \(base\)/, 'overrides'));
    if (s) baseOverrides = s[0]!.overrides;
    for (const k of ['cn_office.adaptive', 'governments.adaptive']) {
      if (typeof raw.overrides[k] === 'number' && raw.overrides[k] !== 0) issues.push({ path: `overrides.${k}`, message: `must be 0 in a game (players choose the postures and doctrines; an adaptive agent would overrule them), got ${show(raw.overrides[k])}; docs/game.md shows how to run the adaptive model` });
    }
  }
  if (Array.isArray(raw.us_postures)) {
    const list = raw.us_postures.map((p) => (isRecord(p) ? { ...p, overrides: { ...(isRecord(raw.overrides) ? raw.overrides : {}), ...(isRecord(p.overrides) ? p.overrides : {}) } } : p));
    const baseKeys = new Set(isRecord(raw.overrides) ? Object.keys(raw.overrides) : []);
    const before = issues.length;
    const s = adopt({ ...expBase, scenarios: list }, (p) => p.replace(/^scenarios/, 'us_postures'));
    // a problem of a base override shows once, at overrides.*, not again in every posture
    const own = (i: number): Set<string> => new Set(isRecord(raw.us_postures) ? [] : Array.isArray(raw.us_postures) && isRecord(raw.us_postures[i]) && isRecord((raw.us_postures[i] as Record<string, unknown>).overrides) ? Object.keys((raw.us_postures[i] as { overrides: Record<string, unknown> }).overrides) : []);
    const kept = issues.splice(before).filter((iss) => {
      const m = /^us_postures\[(\d+)\]\.overrides\.(.+)$/.exec(iss.path);
      return !(m && baseKeys.has(m[2]!) && !own(Number(m[1])).has(m[2]!));
    });
    issues.push(...kept);
    if (s) {
      postures = s;
      s.forEach((p, i) => {
        for (const k of ['cn_office.adaptive', 'governments.adaptive']) {
          if ((p.overrides[k] ?? 0) !== 0) issues.push({ path: `us_postures[${i}].overrides.${k}`, message: `must be 0 in a game (players choose the postures), got ${p.overrides[k]}` });
        }
        if (p.events.some((e) => e.type === 'alignment' && (ALLY_PLAYERS as readonly string[]).includes((e as { bloc: string }).bloc))) {
          issues.push({ path: `us_postures[${i}].events`, message: 'an alignment event for an allied player: players choose their own posture (strategy); fix non-players with fixed_postures' });
        }
      });
    }
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(file, dedupe(issues));
  const game = resolve(parsed.data, file, baseOverrides, postures);
  for (const p of Object.keys(game.payoffs.access_value)) {
    if (!(p in game.players.allies)) warnings.push(`payoffs.access_value.${p}: ${p} is not a player; its access value is not used`);
  }
  return { game, hash: sha256Hex(canonicalJson(game)), simHash: simulationHash(game), warnings, file };
}

/** Hash of what the simulated NPV streams depend on (not the weights, the solver or the sweep). */
export function simulationHash(g: ResolvedGame): string {
  return sha256Hex(
    canonicalJson({
      seed: g.seed,
      replications: g.replications,
      start_date: g.start_date,
      horizon_weeks: g.horizon_weeks,
      shock_week: g.shock_week,
      overrides: g.overrides,
      players: g.players,
      fixed_postures: g.fixed_postures,
      doctrines: g.doctrines,
      us_postures: g.us_postures,
      discount: { rate: g.payoffs.discount_rate, terminal: g.payoffs.terminal },
    }),
  );
}

function resolve(p: ParsedGame, file: string, overrides: Record<string, number>, postures: ResolvedScenario[]): ResolvedGame {
  const d = p.doctrines ?? {};
  const doctrines: DoctrineSpecs = {
    targeted: { ...DEFAULT_DOCTRINES.targeted, ...defined(d.targeted) },
    broad: { ...DEFAULT_DOCTRINES.broad, ...defined(d.broad) },
    extraterritorial: { ...DEFAULT_DOCTRINES.extraterritorial, ...defined(d.extraterritorial) },
    flood: { ...DEFAULT_DOCTRINES.flood, ...defined(d.flood) },
    on_off: { ...DEFAULT_DOCTRINES.on_off, ...defined(d.on_off) },
  } as DoctrineSpecs;
  const allies = (p.players?.allies as Record<string, AllyStrategy[]> | undefined) ?? Object.fromEntries(ALLY_PLAYERS.map((a) => [a, [...ALLY_STRATEGIES]]));
  // players in the order of ALLY_PLAYERS (the order of the game's players and of profiles)
  const orderedAllies = Object.fromEntries(ALLY_PLAYERS.filter((a) => a in allies).map((a) => [a, allies[a]!]));
  const pay = p.payoffs ?? {};
  const access: Record<string, number> = {};
  for (const a of Object.keys(orderedAllies)) access[a] = (pay.access_value as Record<string, number> | undefined)?.[a] ?? 0;
  const sweep = p.sweep && (p.sweep.omega || p.sweep.access_value) ? { omega: p.sweep.omega ?? [pay.omega ?? DEFAULT_PAYOFFS.omega], access_value: p.sweep.access_value ?? [] } : null;
  return {
    kind: 'game',
    name: p.name ?? nameFromFile(file),
    description: p.description ?? '',
    seed: p.seed ?? GAME_DEFAULTS.seed,
    replications: p.replications ?? GAME_DEFAULTS.replications,
    start_date: p.start_date ?? GAME_DEFAULTS.start_date,
    horizon_weeks: p.horizon_weeks ?? GAME_DEFAULTS.horizon_weeks,
    shock_week: p.shock_week ?? GAME_DEFAULTS.shock_week,
    overrides,
    players: { china: p.players?.china ?? [...CHINA_STRATEGIES], allies: orderedAllies },
    fixed_postures: (p.fixed_postures as Record<string, number> | null | undefined) ?? {},
    doctrines,
    us_postures: postures.length > 0 ? postures.map((s) => ({ ...s, overrides: withoutBase(s.overrides, overrides) })) : [{ name: 'default', description: 'the model as it is: no US policy events', overrides: {}, events: [] }],
    payoffs: {
      discount_rate: pay.discount_rate ?? DEFAULT_PAYOFFS.discount_rate,
      terminal: { ...DEFAULT_PAYOFFS.terminal, ...defined(pay.terminal) },
      omega: pay.omega ?? DEFAULT_PAYOFFS.omega,
      access_value: access,
      capacity_margin: pay.capacity_margin ?? DEFAULT_PAYOFFS.capacity_margin,
      wto: pay.wto ?? DEFAULT_PAYOFFS.wto,
      stockpile_carry_rate: pay.stockpile_carry_rate ?? DEFAULT_PAYOFFS.stockpile_carry_rate,
    },
    solver: { ...DEFAULT_SOLVER, ...defined(p.solver) } as SolverSpec,
    sweep,
    stackelberg: p.stackelberg ?? false,
  };
}

/** A posture's own overrides (the base ones were merged in only to validate them together). */
function withoutBase(merged: Record<string, number>, base: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(merged).filter(([k, v]) => !(k in base) || base[k] !== v));
}

function defined<T extends object>(o: T | null | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

// ---------------------------------------------------------------------------------------------
// Messages

function formatIssue(iss: z.core.$ZodIssue): ConfigIssue[] {
  const path = displayPath(iss.path);
  const rulePath = iss.path.map((s) => (typeof s === 'number' ? '[]' : String(s))).join('.').replace(/\.\[\]/g, '[]');
  const rule = RULES[rulePath] ?? RULES[rulePath.replace(/\[\]$/, '')];
  const input = (iss as { input?: unknown }).input;
  switch (iss.code) {
    case 'unrecognized_keys': {
      const allowed = ALLOWED_KEYS[rulePath] ?? [];
      const what = rulePath === 'players.allies' || rulePath === 'payoffs.access_value' ? 'not an allied player' : rulePath === 'fixed_postures' ? 'not a bloc whose posture can be fixed' : 'unknown key';
      return iss.keys.map((k) => ({ path: displayPath([...iss.path, k]), message: `${what}${what === 'unknown key' ? suggest(k, allowed) : ''}; allowed here: ${allowed.join(', ')}` }));
    }
    case 'invalid_type':
      if (input === undefined) return [{ path, message: `is required: ${rule ?? iss.expected}` }];
      return [{ path, message: `must be ${rule ?? iss.expected}, got ${show(input)}` }];
    case 'invalid_value':
      return [{ path, message: `must be one of ${iss.values.map(String).join(', ')}; got ${show(input)}${suggest(String(input), iss.values.map(String))}` }];
    case 'invalid_key': {
      const key = (iss as { input?: unknown }).input;
      return [{ path, message: `${show(key)} is not allowed here: ${rule ?? 'see docs/game.md'}` }];
    }
    case 'too_small':
    case 'too_big': {
      if (rule) return [{ path, message: `must be ${rule}, got ${show(input)}` }];
      const b = iss as unknown as { minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean };
      const bound = iss.code === 'too_small' ? `${Array.isArray(input) ? 'at least' : b.inclusive === false ? 'above' : 'at least'} ${String(b.minimum)}` : `${b.inclusive === false ? 'below' : 'at most'} ${String(b.maximum)}`;
      return [{ path, message: `must be ${Array.isArray(input) ? `a list of ${bound} items` : bound}, got ${show(input)}` }];
    }
    default:
      return [{ path, message: `must be ${rule ?? iss.message}, got ${show(input)}` }];
  }
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Default books of the allied players. */
export function allyBooks(player: string): { group: string; stockpile: string | null } {
  const b = DEFAULT_ALLY_BOOKS[player];
  if (!b) throw new RangeError(`no books for allied player ${JSON.stringify(player)}`);
  return b;
}

export type { ScenarioEvent };
