/**
 * Encodings several figures share: the time axis (ISO dates on a UTC scale, so the axis labels
 * do not depend on the machine's time zone), the scenario colour, the commodity's price unit,
 * and rounding of plotted values (the SVG carries 3 decimals of pixels; 6 significant digits of
 * data are plenty and keep the written specs small).
 */
import { COMMODITY_CALIBRATION } from '../../agents/calibration.js';
import { paletteFor } from './theme.js';

/** x channel for a weekly series: the `date` field when the file had dates, else `week`. */
export function timeX(hasDates: boolean): Record<string, unknown> {
  return hasDates
    ? { field: 'date', type: 'temporal', scale: { type: 'utc' }, axis: { title: null, format: '%Y', tickCount: { interval: 'year', step: 1 }, labelAngle: 0 } }
    : { field: 'week', type: 'quantitative', axis: { title: 'week' } };
}

/**
 * Colour by scenario, in config order, a fixed palette. Bands use it on the `fill` channel with
 * no legend (a second scale with the same domain and range), so the legend shows the lines only;
 * a `color` legend switched off in one layer and on in another would switch it off for both.
 */
export function scenarioFill(scenarios: readonly string[]): Record<string, unknown> {
  return { field: 'scenario', type: 'nominal', scale: { domain: [...scenarios], range: paletteFor(scenarios) }, legend: { title: 'scenario', symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2 } };
}

/** colour by scenario, in config order, a fixed palette */
export function scenarioColor(scenarios: readonly string[], legend: Record<string, unknown> = {}): Record<string, unknown> {
  return { field: 'scenario', type: 'nominal', scale: { domain: [...scenarios], range: paletteFor(scenarios) }, legend: { title: 'scenario', symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2, ...legend } };
}

/** "$/kg" or "$/t" for a model commodity, null for others */
export function priceUnit(commodity: string): string | null {
  const c = (COMMODITY_CALIBRATION as Record<string, { unit: string } | undefined>)[commodity];
  return c ? c.unit : null;
}

/** "ndpr ($/kg)" */
export function commodityLabel(commodity: string): string {
  const u = priceUnit(commodity);
  return u ? `${commodity} (${u})` : commodity;
}

/** round to 6 significant digits; an undefined value (NaN) becomes null, which Vega leaves out */
export function sig(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : null;
}
