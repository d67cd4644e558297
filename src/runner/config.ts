/**
 * Experiment configs: YAML (JSON is YAML too) -> a validated, defaults-filled ResolvedConfig and
 * its hash. docs/config.md documents every key with an example.
 *
 * Validation happens in two passes so that every problem is reported at once:
 *   1. structure (zod, strict objects: unknown keys are errors), with parameter paths and values
 *      checked against the model's registry (checkParam) where they appear;
 *   2. cross-field rules on whatever parts of the raw config have the right shape (scenario
 *      names unique, reference_scenario names one, event weeks inside the horizon, sweep kinds),
 *      and, when everything else is sound, the model's own joint rules (resolveParams) for every
 *      scenario x sweep point.
 * Every message names the config path, the value and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import { BLOCS, BUYER_GROUPS, COMMODITIES } from '../agents/ids.js';
import { checkParam, PARAMETERS, PARAM_INDEX, resolveParams } from '../agents/params.js';
import type { ScenarioEvent } from '../agents/model.js';
import { dateWeek, parseIsoDate } from '../core/clock.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { BURN_IN_WEEKS } from './metrics.js';
import { sweepPoints } from './sweep.js';

// ---------------------------------------------------------------------------------------------
// The resolved form (what the runner uses, what the manifest records and the hash covers)

export interface ResolvedScenario {
  name: string;
  description: string;
  /** parameter path -> value, applied over the defaults */
  overrides: Record<string, number>;
  events: ScenarioEvent[];
}

export interface LhsSpec {
  n: number;
  seed: number;
  ranges: Record<string, [number, number]>;
}

/** At most one of lhs and (grid and/or points); grid and points together are a union. */
export interface ResolvedSweep {
  grid: Record<string, number[]> | null;
  points: Record<string, number>[] | null;
  lhs: LhsSpec | null;
}

export interface ResolvedOutputs {
  timeseries: boolean;
  /** flows.csv: run x week x commodity x origin x destination (non-zero rows) */
  flows: boolean;
  /** events.csv: the model's event log (licence decisions, retaliation, alignment changes, ...) */
  events: boolean;
  /** books.csv: the weekly books of the Vault, China's office and the price-floor programme */
  books: boolean;
  /** summary.csv intervals: Student t, or a seeded percentile bootstrap */
  ci: CiMethod;
  /** resamples of the bootstrap (used when ci is bootstrap) */
  bootstrap_resamples: number;
  /** [from, to) in years after the first shock for unit_cost_change; null = the whole period after the baseline window */
  cost_window_years: [number, number] | null;
}

export interface ResolvedConfig {
  name: string;
  description: string;
  seed: number;
  replications: number;
  horizon_weeks: number;
  start_date: string;
  scenarios: ResolvedScenario[];
  reference_scenario: string | null;
  sweep: ResolvedSweep | null;
  outputs: ResolvedOutputs;
}

export interface LoadedConfig {
  config: ResolvedConfig;
  /** sha256 (hex) of the canonical JSON of `config` */
  hash: string;
  /** things that are allowed but probably not meant (printed by validate and run) */
  warnings: string[];
  file: string;
}

/** Values given on the command line that replace the config's (and so enter the hash). */
export interface ConfigOverrides {
  replications?: number | undefined;
  seed?: number | undefined;
}

export const CI_METHODS = ['t', 'bootstrap'] as const;
export type CiMethod = (typeof CI_METHODS)[number];

export const DEFAULTS = {
  seed: 1,
  replications: 1,
  horizon_weeks: 260,
  start_date: '2025-01-06',
  scenario: 'baseline',
  ci: 't' as CiMethod,
  bootstrap_resamples: 2000,
} as const;

export { BURN_IN_WEEKS };
export const MAX_HORIZON_WEEKS = 5200;
export const MAX_REPLICATIONS = 100_000;
export const MAX_LHS_POINTS = 1_000_000;
export const MAX_EVENT_FACTOR = 100;
export const MIN_BOOTSTRAP_RESAMPLES = 100;
export const MAX_BOOTSTRAP_RESAMPLES = 1_000_000;

/** Who an event can hit (src/agents/model.ts). */
export const SUPPLY_WHERE = [...BLOCS, 'cn_origin', 'non_cn', 'all'] as const;
export const DEMAND_WHERE = [...BLOCS, ...BUYER_GROUPS, 'all'] as const;
/** Whose licences an export control or FDPR rule applies to (src/agents/model.ts). */
export const CONTROL_TARGETS = ['ex_cn', 'ex_cn_other', 'exports'] as const;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE = 'a name of letters, digits, ".", "_" and "-" starting with a letter or digit';

// ---------------------------------------------------------------------------------------------
// Structure

const eventTime = z.custom<string | number>((v) => typeof v === 'number' || typeof v === 'string', {
  error: (iss) => `must be a week number (integer >= 0) or an ISO date YYYY-MM-DD, got ${show(iss.input)}`,
});

const paramRecord = z.record(z.string(), z.unknown()).superRefine((rec, ctx) => {
  for (const [k, v] of Object.entries(rec)) {
    const err = paramProblem(k, v);
    if (err) ctx.addIssue({ code: 'custom', path: [k], message: err, input: v });
  }
});

/** A commodity id or a non-empty list of them, each checked with a suggestion. */
const commodityField = z
  .custom<string | string[]>((v) => typeof v === 'string' || (Array.isArray(v) && v.length > 0), {
    error: (iss) => `must be a commodity id or a non-empty list of them (${COMMODITIES.join(', ')}), got ${show(iss.input)}`,
  })
  .superRefine((v, ctx) => {
    const list = typeof v === 'string' ? [v] : v;
    list.forEach((c, i) => {
      if (typeof c !== 'string' || !(COMMODITIES as readonly string[]).includes(c)) {
        ctx.addIssue({ code: 'custom', path: typeof v === 'string' ? [] : [i], message: `must be one of ${COMMODITIES.join(', ')}; got ${show(c)}${suggest(String(c), COMMODITIES)}`, input: c });
      }
    });
  });

const share01 = z.number().min(0).max(1);
const weeksNonNeg = z.number().min(0).max(MAX_HORIZON_WEEKS);
const notChina = BLOCS.filter((b) => b !== 'cn');

const SUPPLY_OUTAGE_SHAPE = {
  type: z.literal('supply_outage'),
  commodity: commodityField,
  where: z.enum(SUPPLY_WHERE),
  share: share01,
  start: eventTime,
  end: eventTime.optional(),
};
const DEMAND_SHOCK_SHAPE = {
  type: z.literal('demand_shock'),
  commodity: commodityField,
  where: z.enum(DEMAND_WHERE),
  factor: z.number().min(0).max(MAX_EVENT_FACTOR),
  start: eventTime,
  end: eventTime.optional(),
};
const EXPORT_CONTROL_SHAPE = {
  type: z.literal('export_control'),
  commodity: commodityField,
  target: z.enum(CONTROL_TARGETS),
  approval: share01.optional(),
  delay_weeks: weeksNonNeg.optional(),
  cn_owned: z.boolean().optional(),
  announce: eventTime.optional(),
  start: eventTime,
  end: eventTime.optional(),
};
const FDPR_SHAPE = {
  type: z.literal('fdpr'),
  commodity: commodityField,
  target: z.enum(CONTROL_TARGETS),
  threshold: share01.optional(),
  approval: share01.optional(),
  delay_weeks: weeksNonNeg.optional(),
  announce: eventTime.optional(),
  start: eventTime,
  end: eventTime.optional(),
};
const ALIGNMENT_SHAPE = {
  type: z.literal('alignment'),
  bloc: z.enum(notChina),
  alignment: share01,
  start: eventTime,
};
const CHIP_CONTROLS_SHAPE = {
  type: z.literal('chip_controls'),
  bloc: z.enum(notChina),
  start: eventTime,
};
const VAULT_SHAPE = {
  type: z.literal('vault'),
  start: eventTime,
  end: eventTime.optional(),
};
const PRICE_FLOOR_SHAPE = {
  type: z.literal('price_floor'),
  commodity: commodityField,
  floor: z.number().positive(),
  start: eventTime,
  end: eventTime.optional(),
};
const FLOOD_SHAPE = {
  type: z.literal('flood'),
  commodity: commodityField,
  depth: share01.optional(),
  start: eventTime,
  end: eventTime.optional(),
};
const EVENT_SHAPES = {
  supply_outage: SUPPLY_OUTAGE_SHAPE,
  demand_shock: DEMAND_SHOCK_SHAPE,
  export_control: EXPORT_CONTROL_SHAPE,
  fdpr: FDPR_SHAPE,
  alignment: ALIGNMENT_SHAPE,
  chip_controls: CHIP_CONTROLS_SHAPE,
  vault: VAULT_SHAPE,
  price_floor: PRICE_FLOOR_SHAPE,
  flood: FLOOD_SHAPE,
} as const;
const eventSchema = z.discriminatedUnion('type', [
  z.strictObject(SUPPLY_OUTAGE_SHAPE),
  z.strictObject(DEMAND_SHOCK_SHAPE),
  z.strictObject(EXPORT_CONTROL_SHAPE),
  z.strictObject(FDPR_SHAPE),
  z.strictObject(ALIGNMENT_SHAPE),
  z.strictObject(CHIP_CONTROLS_SHAPE),
  z.strictObject(VAULT_SHAPE),
  z.strictObject(PRICE_FLOOR_SHAPE),
  z.strictObject(FLOOD_SHAPE),
]);

const SCENARIO_SHAPE = {
  name: z.string().regex(NAME_RE),
  description: z.string().optional(),
  overrides: paramRecord.nullish(),
  events: z.array(eventSchema).nullish(),
};

const gridSchema = z.record(z.string(), z.array(z.unknown()).min(1)).superRefine((rec, ctx) => {
  for (const [k, values] of Object.entries(rec)) {
    values.forEach((v, i) => {
      const err = paramProblem(k, v);
      if (err) ctx.addIssue({ code: 'custom', path: [k, i], message: err, input: v });
    });
    const seen = new Set<unknown>();
    values.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [k, i], message: `${show(v)} appears twice in the list; each value once`, input: v });
      seen.add(v);
    });
  }
});

const rangeRecord = z.record(z.string(), z.tuple([z.number(), z.number()])).superRefine((rec, ctx) => {
  for (const [k, [lo, hi]] of Object.entries(rec)) {
    const a = paramProblem(k, lo);
    const b = a ? null : paramProblem(k, hi);
    if (a || b) ctx.addIssue({ code: 'custom', path: [k], message: (a ?? b)!, input: [lo, hi] });
    else if (!(lo < hi)) ctx.addIssue({ code: 'custom', path: [k], message: `must be [low, high] with low < high, got [${lo}, ${hi}]`, input: [lo, hi] });
  }
});

const LHS_SHAPE = {
  n: z.number().int().min(1).max(MAX_LHS_POINTS),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  ranges: rangeRecord,
};

const SWEEP_SHAPE = {
  grid: gridSchema.nullish(),
  points: z.array(paramRecord).min(1).nullish(),
  lhs: z.strictObject(LHS_SHAPE).nullish(),
};

const OUTPUTS_SHAPE = {
  timeseries: z.boolean().optional(),
  flows: z.boolean().optional(),
  events: z.boolean().optional(),
  books: z.boolean().optional(),
  cost_window_years: z.tuple([z.number().min(0), z.number().positive()]).nullish(),
  ci: z.enum(CI_METHODS).optional(),
  bootstrap_resamples: z.number().int().min(MIN_BOOTSTRAP_RESAMPLES).max(MAX_BOOTSTRAP_RESAMPLES).optional(),
};

const TOP_SHAPE = {
  name: z.string().regex(NAME_RE).optional(),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  replications: z.number().int().min(1).max(MAX_REPLICATIONS).optional(),
  horizon_weeks: z.number().int().min(BURN_IN_WEEKS + 1).max(MAX_HORIZON_WEEKS).optional(),
  start_date: z.string().optional(),
  scenarios: z.array(z.strictObject(SCENARIO_SHAPE)).min(1).optional(),
  reference_scenario: z.string().nullish(),
  sweep: z.strictObject(SWEEP_SHAPE).nullish(),
  outputs: z.strictObject(OUTPUTS_SHAPE).nullish(),
};

const configSchema = z.strictObject(TOP_SHAPE);
type ParsedConfig = z.infer<typeof configSchema>;

/** The keys each kind of object allows (for "unknown key" messages), by rule path. */
const ALLOWED_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(TOP_SHAPE),
  'scenarios[]': Object.keys(SCENARIO_SHAPE),
  'sweep': Object.keys(SWEEP_SHAPE),
  'sweep.lhs': Object.keys(LHS_SHAPE),
  'outputs': Object.keys(OUTPUTS_SHAPE),
  ...Object.fromEntries(Object.entries(EVENT_SHAPES).map(([type, shape]) => [`scenarios[].events[]/${type}`, Object.keys(shape)])),
};

/** What each key allows, in words, by rule path (array indices -> [], map keys -> *). */
const RULES: Record<string, string> = {
  '': `a mapping of config keys (${Object.keys(TOP_SHAPE).join(', ')})`,
  name: NAME_RULE + ' (it names the output folder)',
  description: 'a string',
  seed: 'a non-negative integer up to 9007199254740991 (2^53 - 1)',
  replications: `a positive integer (at most ${MAX_REPLICATIONS})`,
  horizon_weeks: `an integer from ${BURN_IN_WEEKS + 1} to ${MAX_HORIZON_WEEKS} (weeks; the first ${BURN_IN_WEEKS} are burn-in)`,
  start_date: 'an ISO date YYYY-MM-DD',
  scenarios: 'a non-empty list of scenarios, each a mapping with a name',
  'scenarios[]': 'a mapping {name, description?, overrides?, events?}',
  'scenarios[].name': NAME_RULE,
  'scenarios[].description': 'a string',
  'scenarios[].overrides': 'a mapping of parameter path to number',
  'scenarios[].events': 'a list of events',
  'scenarios[].events[]': `a mapping with a type (${Object.keys(EVENT_SHAPES).join(', ')})`,
  'scenarios[].events[].share': 'a number from 0 to 1 (share of capacity lost)',
  'scenarios[].events[].factor': `a number from 0 to ${MAX_EVENT_FACTOR} (multiplier on planned use)`,
  'scenarios[].events[].approval': 'a number from 0 to 1 (share of licence applications approved)',
  'scenarios[].events[].delay_weeks': `a number of weeks from 0 to ${MAX_HORIZON_WEEKS}`,
  'scenarios[].events[].cn_owned': 'true or false',
  'scenarios[].events[].threshold': 'a number from 0 to 1 (Chinese content share)',
  'scenarios[].events[].alignment': 'a number from 0 (accommodate) to 1 (align); 0.5 is hedge',
  'scenarios[].events[].floor': "a positive price in the commodity's unit",
  'scenarios[].events[].depth': 'a number from 0 to 1 (how far below the expected price Chinese supply is offered)',
  reference_scenario: 'the name of one of the scenarios',
  sweep: 'a mapping with grid and/or points, or lhs',
  'sweep.grid': 'a mapping of parameter path to a list of values',
  'sweep.grid.*': 'a non-empty list of distinct numbers',
  'sweep.points': 'a non-empty list of mappings of parameter path to value',
  'sweep.points[]': 'a mapping of parameter path to value',
  'sweep.lhs': 'a mapping {n, seed?, ranges}',
  'sweep.lhs.n': `a positive integer (number of points, at most ${MAX_LHS_POINTS})`,
  'sweep.lhs.seed': 'a non-negative integer up to 2^53 - 1',
  'sweep.lhs.ranges': 'a mapping of parameter path to [low, high]',
  'sweep.lhs.ranges.*': '[low, high], two numbers',
  outputs: `a mapping {${Object.keys(OUTPUTS_SHAPE).map((k) => k + '?').join(', ')}}`,
  'outputs.timeseries': 'true or false',
  'outputs.flows': 'true or false',
  'outputs.events': 'true or false',
  'outputs.books': 'true or false',
  'outputs.ci': `one of ${CI_METHODS.join(', ')}`,
  'outputs.bootstrap_resamples': `an integer from ${MIN_BOOTSTRAP_RESAMPLES} to ${MAX_BOOTSTRAP_RESAMPLES}`,
  'outputs.cost_window_years': '[from, to]: years after the first shock, 0 <= from < to',
};

// ---------------------------------------------------------------------------------------------
// Entry points

/** Read, parse and validate a config file. Throws ConfigError (exit 2) listing every problem. */
export function loadConfig(path: string, overrides: ConfigOverrides = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [{ path: '', message: `cannot read the config file: ${(e as Error).message}` }]);
  }
  return parseConfigText(text, path, overrides);
}

/** Parse YAML (or JSON) text and validate it. `file` names the source in messages and gives the default name. */
export function parseConfigText(text: string, file: string, overrides: ConfigOverrides = {}): LoadedConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : 'YAML';
      // the library's message already quotes the offending line; keep its first line only
      const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return { path: where, message: `malformed YAML: ${first}` };
    });
    throw new ConfigError(file, issues);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new ConfigError(file, [{ path: '', message: `malformed YAML: ${(e as Error).message}` }]);
  }
  if (raw === null || raw === undefined) raw = {};
  return validateConfigObject(raw, file, overrides);
}

/** Validate an already-parsed config (also accepts a ResolvedConfig: resolving is idempotent). */
export function validateConfigObject(input: unknown, file: string, overrides: ConfigOverrides = {}): LoadedConfig {
  let raw = input;
  if (isRecord(raw) && (overrides.replications !== undefined || overrides.seed !== undefined)) {
    raw = { ...raw };
    if (overrides.replications !== undefined) (raw as Record<string, unknown>).replications = overrides.replications;
    if (overrides.seed !== undefined) (raw as Record<string, unknown>).seed = overrides.seed;
  }
  const issues: ConfigIssue[] = [];
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) for (const iss of parsed.error.issues) issues.push(...formatZodIssue(iss));
  const warnings: string[] = [];
  crossChecks(raw, issues, warnings);
  if (issues.length > 0 || !parsed.success) throw new ConfigError(file, dedupe(issues));

  const config = resolve(parsed.data, file);
  const jointIssues = jointParamChecks(config);
  if (jointIssues.length > 0) throw new ConfigError(file, jointIssues);
  return { config, hash: configHash(config), warnings, file };
}

/** sha256 (hex) of the canonical JSON of a resolved config. */
export function configHash(config: ResolvedConfig): string {
  return sha256Hex(canonicalJson(config));
}

/** Default config name from a file path: the base name without extension, made folder-safe. */
export function nameFromFile(file: string): string {
  const base = basename(file, extname(file)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return base || 'experiment';
}

// ---------------------------------------------------------------------------------------------
// Resolution (defaults)

function resolve(p: ParsedConfig, file: string): ResolvedConfig {
  const seed = p.seed ?? DEFAULTS.seed;
  const scenarios: ResolvedScenario[] = (p.scenarios ?? [{ name: DEFAULTS.scenario }]).map((s) => ({
    name: s.name,
    description: s.description ?? '',
    overrides: (s.overrides ?? {}) as Record<string, number>,
    events: (s.events ?? []).map((e) => {
      // drop keys left undefined (they would vanish from the manifest's JSON anyway)
      const out = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
      return out as unknown as ScenarioEvent;
    }),
  }));
  let sweep: ResolvedSweep | null = null;
  if (p.sweep && (p.sweep.grid || p.sweep.points || p.sweep.lhs)) {
    sweep = {
      grid: (p.sweep.grid as Record<string, number[]> | undefined) ?? null,
      points: (p.sweep.points as Record<string, number>[] | undefined) ?? null,
      lhs: p.sweep.lhs ? { n: p.sweep.lhs.n, seed: p.sweep.lhs.seed ?? seed, ranges: p.sweep.lhs.ranges as Record<string, [number, number]> } : null,
    };
  }
  return {
    name: p.name ?? nameFromFile(file),
    description: p.description ?? '',
    seed,
    replications: p.replications ?? DEFAULTS.replications,
    horizon_weeks: p.horizon_weeks ?? DEFAULTS.horizon_weeks,
    start_date: p.start_date ?? DEFAULTS.start_date,
    scenarios,
    reference_scenario: p.reference_scenario ?? null,
    sweep,
    outputs: {
      timeseries: p.outputs?.timeseries ?? false,
      flows: p.outputs?.flows ?? false,
      events: p.outputs?.events ?? false,
      books: p.outputs?.books ?? false,
      cost_window_years: (p.outputs?.cost_window_years as [number, number] | null | undefined) ?? null,
      ci: p.outputs?.ci ?? DEFAULTS.ci,
      bootstrap_resamples: p.outputs?.bootstrap_resamples ?? DEFAULTS.bootstrap_resamples,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules, on the raw config (defensively: any part may have the wrong shape)

function crossChecks(raw: unknown, issues: ConfigIssue[], warnings: string[]): void {
  if (!isRecord(raw)) return;
  const horizon = isInt(raw.horizon_weeks) ? raw.horizon_weeks : raw.horizon_weeks === undefined ? DEFAULTS.horizon_weeks : null;
  let start: string | null = DEFAULTS.start_date;
  if (raw.start_date !== undefined) {
    start = null;
    if (typeof raw.start_date === 'string') {
      try {
        parseIsoDate(raw.start_date);
        start = raw.start_date;
      } catch {
        issues.push({ path: 'start_date', message: `must be ${RULES.start_date} (a real calendar date), got ${show(raw.start_date)}` });
      }
    }
  }

  // scenarios: unique names, event timing
  const names: string[] = [];
  if (Array.isArray(raw.scenarios)) {
    raw.scenarios.forEach((s, i) => {
      if (!isRecord(s)) return;
      if (typeof s.name === 'string') {
        if (names.includes(s.name)) issues.push({ path: `scenarios[${i}].name`, message: `scenario name ${show(s.name)} is used twice; names must be unique` });
        names.push(s.name);
      }
      if (Array.isArray(s.events)) {
        s.events.forEach((e, j) => {
          if (!isRecord(e)) return;
          const base = `scenarios[${i}].events[${j}]`;
          const sw = eventWeek(e.start, `${base}.start`, start, horizon, issues);
          const ew = e.end === undefined || e.end === null ? null : eventWeek(e.end, `${base}.end`, start, null, issues);
          if (sw !== null && ew !== null && ew <= sw) issues.push({ path: `${base}.end`, message: `must come after start (week ${sw}), got ${show(e.end)} (week ${ew})` });
          const aw = e.announce === undefined || e.announce === null ? null : eventWeek(e.announce, `${base}.announce`, start, horizon, issues);
          if (sw !== null && aw !== null && aw > sw) issues.push({ path: `${base}.announce`, message: `must not come after start (week ${sw}), got ${show(e.announce)} (week ${aw})` });
          const first = aw !== null && sw !== null ? Math.min(aw, sw) : sw;
          if (first !== null && first < BURN_IN_WEEKS) {
            warnings.push(`${base}: ${aw !== null && aw < (sw ?? Infinity) ? 'announced' : 'starts'} in week ${first}, inside the ${BURN_IN_WEEKS}-week burn-in; the baseline window before the first shock is shorter than ${BURN_IN_WEEKS} weeks`);
          }
        });
      }
    });
  } else if (raw.scenarios === undefined) {
    names.push(DEFAULTS.scenario);
  }

  const ref = raw.reference_scenario;
  if (typeof ref === 'string' && (Array.isArray(raw.scenarios) || raw.scenarios === undefined) && !names.includes(ref)) {
    const known = names.length > 0 ? names.map((n) => JSON.stringify(n)).join(', ') : '(none)';
    issues.push({ path: 'reference_scenario', message: `must name one of the scenarios (${known}), got ${show(ref)}${suggest(ref, names)}` });
  }

  // sweep kinds
  const sw = raw.sweep;
  if (isRecord(sw)) {
    const kinds = ['grid', 'points', 'lhs'].filter((k) => sw[k] !== undefined && sw[k] !== null);
    if (kinds.length === 0) issues.push({ path: 'sweep', message: 'needs grid, points or lhs (or remove sweep)' });
    if (kinds.includes('lhs') && kinds.length > 1) issues.push({ path: 'sweep', message: `lhs cannot be combined with ${kinds.filter((k) => k !== 'lhs').join(' or ')}: use either grid and/or points, or lhs alone` });
    if (Array.isArray(sw.points)) {
      sw.points.forEach((p, i) => {
        if (isRecord(p) && Object.keys(p).length === 0) issues.push({ path: `sweep.points[${i}]`, message: 'an empty point: give at least one parameter path and value' });
      });
    }
    if (isRecord(sw.lhs) && isRecord(sw.lhs.ranges) && Object.keys(sw.lhs.ranges).length === 0) issues.push({ path: 'sweep.lhs.ranges', message: 'needs at least one parameter path with [low, high]' });
    if (isRecord(sw.grid) && Object.keys(sw.grid).length === 0) issues.push({ path: 'sweep.grid', message: 'needs at least one parameter path with a list of values' });
  }

  if (isRecord(raw.outputs) && raw.outputs.bootstrap_resamples !== undefined && raw.outputs.ci !== 'bootstrap') {
    warnings.push(`outputs.bootstrap_resamples is set but outputs.ci is ${raw.outputs.ci === undefined ? 'not set (default t)' : show(raw.outputs.ci)}: the resamples are used only with ci: bootstrap`);
  }
  if (isRecord(raw.outputs) && raw.outputs.ci === 'bootstrap' && (raw.replications === undefined || (isInt(raw.replications) && raw.replications < 2))) {
    warnings.push('outputs.ci is bootstrap with 1 replication: summary.csv has no intervals (sd and CIs need n >= 2)');
  }
  const cw = isRecord(raw.outputs) ? raw.outputs.cost_window_years : undefined;
  if (Array.isArray(cw) && cw.length === 2 && typeof cw[0] === 'number' && typeof cw[1] === 'number' && !(cw[0] < cw[1])) {
    issues.push({ path: 'outputs.cost_window_years', message: `must be [from, to] with from < to, got [${cw[0]}, ${cw[1]}]` });
  }
}

/** Week index of an event time, or null (with an issue pushed) when it is not usable. */
function eventWeek(v: unknown, path: string, start: string | null, horizon: number | null, issues: ConfigIssue[]): number | null {
  let w: number;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) {
      issues.push({ path, message: `must be a week number (integer >= 0) or an ISO date YYYY-MM-DD, got ${show(v)}` });
      return null;
    }
    w = v;
  } else if (typeof v === 'string') {
    try {
      parseIsoDate(v);
    } catch {
      issues.push({ path, message: `must be a week number (integer >= 0) or an ISO date YYYY-MM-DD (a real calendar date), got ${show(v)}` });
      return null;
    }
    if (start === null) return null;
    w = dateWeek(start, v);
    if (w < 0) {
      issues.push({ path, message: `${v} is before start_date ${start}` });
      return null;
    }
  } else {
    return null; // structural pass reports it
  }
  if (horizon !== null && w >= horizon) {
    issues.push({ path, message: `week ${w} is after the end of the run (horizon_weeks ${horizon}: weeks 0 to ${horizon - 1}), got ${show(v)}` });
    return null;
  }
  return w;
}

/** The model's joint rules (min <= max pairs, shares summing to at most 1) for every scenario x point. */
function jointParamChecks(config: ResolvedConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const points = sweepPoints(config.sweep);
  const firstAt = new Map<string, number>();
  const nGrid = config.sweep?.grid ? points.length - (config.sweep.points?.length ?? 0) : 0;
  const where = (i: number): string => (config.sweep?.lhs ? 'sweep.lhs' : i < nGrid ? 'sweep.grid' : `sweep.points[${i - nGrid}]`);
  points.forEach((p, i) => {
    const j = firstAt.get(p.id);
    if (j === undefined) firstAt.set(p.id, i);
    else if (issues.length < 20) {
      const why = config.sweep?.lhs ? ' (rounding of integer parameters: lower n or widen their ranges)' : '';
      issues.push({ path: where(i), message: `sweep point ${describePoint(p.values)} appears twice (also at ${where(j)})${why}; each point once` });
    }
  });
  if (issues.length > 0) return issues;
  const LIMIT = 20;
  let more = 0;
  config.scenarios.forEach((s, i) => {
    for (let pi = 0; pi < points.length; pi++) {
      const point = points[pi]!;
      try {
        resolveParams({ ...s.overrides, ...point.values });
      } catch (e) {
        if (issues.length >= LIMIT) {
          more++;
          continue;
        }
        const where = config.sweep ? `scenarios[${i}] (${s.name}) with sweep point ${pi} ${describePoint(point.values)}` : `scenarios[${i}].overrides (${s.name})`;
        issues.push({ path: where, message: (e as Error).message });
      }
    }
  });
  if (more > 0) issues.push({ path: 'sweep', message: `... and ${more} more scenario x point combinations break the same kind of rule` });
  return issues;
}

function describePoint(values: Record<string, number>): string {
  return '{' + Object.entries(values).map(([k, v]) => `${k}: ${v}`).join(', ') + '}';
}

// ---------------------------------------------------------------------------------------------
// Messages

/** Why a parameter path/value is not allowed (checkParam, reworded to follow the path), or null. */
function paramProblem(path: string, value: unknown): string | null {
  if (!PARAM_INDEX.has(path)) {
    return `unknown parameter path${suggest(path, PARAMETERS.map((p) => p.path))}; the parameters and their ranges are listed in docs/ODD.md`;
  }
  const err = checkParam(path, value);
  if (err === null) return null;
  return err.startsWith(path + ' ') ? err.slice(path.length + 1) : err;
}

function formatZodIssue(iss: z.core.$ZodIssue): ConfigIssue[] {
  const path = iss.path;
  const display = displayPath(path);
  const rule = RULES[rulePath(path)];
  const input = (iss as { input?: unknown }).input;
  switch (iss.code) {
    case 'unrecognized_keys': {
      const parentRule = rulePath(path);
      const type = isRecord(input) ? input.type : undefined;
      const allowed = ALLOWED_KEYS[`${parentRule}/${String(type)}`] ?? ALLOWED_KEYS[parentRule] ?? [];
      return iss.keys.map((k) => ({
        path: displayPath([...path, k]),
        message: `unknown key${suggest(k, allowed)}; allowed here: ${allowed.join(', ')}`,
      }));
    }
    case 'invalid_type':
      if (input === undefined) return [{ path: display, message: `is required: ${rule ?? iss.expected}` }];
      return [{ path: display, message: `must be ${rule ?? iss.expected}, got ${show(input)}` }];
    case 'invalid_value':
      return [{ path: display, message: `must be one of ${iss.values.map((v) => String(v)).join(', ')}; got ${show(input)}${suggest(String(input), iss.values.map(String))}` }];
    case 'invalid_union': {
      const u = iss as unknown as { discriminator?: string; options?: unknown[] };
      if (u.discriminator) {
        const got = isRecord(input) ? input[u.discriminator] : input;
        const opts = (u.options ?? []).map(String);
        return [{ path: display, message: `must be one of ${opts.join(', ')}; got ${show(got)}${suggest(String(got), opts)}` }];
      }
      return [{ path: display, message: `must be ${rule ?? 'one of the allowed forms'}, got ${show(input)}` }];
    }
    case 'custom':
      return [{ path: display, message: iss.message }];
    case 'invalid_format':
      return [{ path: display, message: `must be ${rule ?? 'in the right format'}, got ${show(input)}` }];
    default:
      return [{ path: display, message: `must be ${rule ?? iss.message}, got ${show(input)}` }];
  }
}

/** `scenarios[1].overrides.population.scale` */
export function displayPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += (out ? '.' : '') + String(seg);
  }
  return out;
}

/** Path with indices as [] and free map keys (parameter paths) as *, to look up RULES. */
function rulePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number') {
      out += '[]';
      continue;
    }
    const prev = path[i - 1];
    const isKey = prev === 'overrides' || prev === 'grid' || prev === 'ranges' || (typeof prev === 'number' && path[i - 2] === 'points');
    out += (out ? '.' : '') + (isKey ? '*' : String(seg));
  }
  return out;
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

/** A value as it appears in a message: strings quoted, long values cut. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

/** ` (did you mean "x"?)` when a known word is close, else ''. */
export function suggest(word: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best === null || best === word) return '';
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestD <= limit ? ` (did you mean ${JSON.stringify(best)}?)` : '';
}

/** Levenshtein distance, O(|a| x |b|). */
function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  const cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j]!;
  }
  return prev[b.length]!;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
