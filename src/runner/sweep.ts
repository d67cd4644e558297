/**
 * Sweep points: the parameter values a sweep asks for, each with a content-derived id.
 *
 * Order: the grid's cartesian product (keys in config order, the last key varying fastest, like
 * nested loops), then the explicit points, or the Latin-hypercube sample. A point's id is a hash
 * of its values, not its position, so appending a value to a grid list or a point to the list
 * leaves every existing point's id (and so its runs' ids and results) unchanged.
 */
import { PARAM_INDEX } from '../agents/params.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import type { LhsSpec, ResolvedSweep } from './config.js';
import { latinHypercube, streamOf } from './lhs.js';

export interface SweepPoint {
  /** 12 hex digits of sha256 of the canonical values; '' for the single point of "no sweep" */
  id: string;
  /** parameter path -> value (only the swept ones) */
  values: Record<string, number>;
}

/** 48 bits: a collision among 10^6 points has probability ~2e-3 and is refused by validation. */
export const POINT_ID_HEX = 12;

export function pointId(values: Record<string, number>): string {
  return sha256Hex(canonicalJson(values)).slice(0, POINT_ID_HEX);
}

/** Every point of a sweep, in run-list order. No sweep -> one point with no values. */
export function sweepPoints(sweep: ResolvedSweep | null): SweepPoint[] {
  if (sweep === null) return [{ id: '', values: {} }];
  const out: Record<string, number>[] = [];
  if (sweep.lhs) out.push(...lhsPoints(sweep.lhs));
  if (sweep.grid) out.push(...gridPoints(sweep.grid));
  if (sweep.points) out.push(...sweep.points.map((p) => ({ ...p })));
  return out.map((values) => ({ id: pointId(values), values }));
}

/** Cartesian product, keys in the given order, the last key fastest. O(product). */
export function gridPoints(grid: Readonly<Record<string, readonly number[]>>): Record<string, number>[] {
  let acc: Record<string, number>[] = [{}];
  for (const [path, values] of Object.entries(grid)) {
    const next: Record<string, number>[] = [];
    for (const p of acc) for (const v of values) next.push({ ...p, [path]: v });
    acc = next;
  }
  return acc;
}

/** Latin-hypercube points scaled to the ranges; integer parameters are rounded. */
export function lhsPoints(spec: LhsSpec): Record<string, number>[] {
  const paths = Object.keys(spec.ranges);
  const unit = latinHypercube(spec.n, paths.map(streamOf), spec.seed);
  return unit.map((u) => {
    const p: Record<string, number> = {};
    paths.forEach((path, d) => {
      const [lo, hi] = spec.ranges[path]!;
      let v = lo + (hi - lo) * u[d]!;
      if (PARAM_INDEX.get(path)?.integer) v = Math.min(hi, Math.max(lo, Math.round(v)));
      p[path] = v;
    });
    return p;
  });
}

/** The swept parameter paths (one CSV column each), in order of first appearance. */
export function sweptPaths(sweep: ResolvedSweep | null): string[] {
  if (sweep === null) return [];
  const seen = new Set<string>();
  if (sweep.lhs) for (const k of Object.keys(sweep.lhs.ranges)) seen.add(k);
  if (sweep.grid) for (const k of Object.keys(sweep.grid)) seen.add(k);
  if (sweep.points) for (const p of sweep.points) for (const k of Object.keys(p)) seen.add(k);
  return [...seen];
}
