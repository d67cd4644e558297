import { describe, expect, test } from 'vitest';
import { DEFAULT_PAYOFFS } from '../../src/runner/game/config.js';
import { discountFactors, npvOf, terminalMultiple, type DiscountSpec } from '../../src/runner/game/gameRun.js';
import { meanSe, median, payoffComponents, payoffOf } from '../../src/runner/game/payoffs.js';

const spec = (rule: DiscountSpec['terminal']['rule'], rate = 0.05, growth = 0, years = 20): DiscountSpec => ({ rate, terminal: { rule, growth, years } });

describe('discounting', () => {
  test('a constant weekly flow over 10 years is the annuity of its yearly sum (weekly compounding)', () => {
    const f = discountFactors(52, 52 + 520, spec('none'));
    const flow = new Float64Array(572).fill(1);
    const g = Math.pow(1.05, -1 / 52);
    expect(npvOf(flow, 52, f)).toBeCloseTo((1 - Math.pow(g, 520)) / (1 - g), 9);
    // about 52 x the yearly annuity factor at 5%
    expect(npvOf(flow, 52, f) / 52).toBeCloseTo((1 - Math.pow(1.05, -10)) / 0.05, 0);
  });

  test('terminal values: perpetuity F/r, growing F(1+g)/(r-g), annuity, none; discounted from the horizon', () => {
    expect(terminalMultiple(spec('perpetuity'))).toBeCloseTo(20, 12);
    expect(terminalMultiple(spec('growing', 0.05, 0.02))).toBeCloseTo(1.02 / 0.03, 12);
    expect(terminalMultiple(spec('annuity', 0.05, 0, 20))).toBeCloseTo((1 - Math.pow(1.05, -20)) / 0.05, 12);
    expect(terminalMultiple(spec('none'))).toBe(0);
    const f = discountFactors(52, 572, spec('perpetuity'));
    expect(f.terminal).toBeCloseTo(20 * Math.pow(1.05, -10), 9);
    // the terminal value sits on the last year's flow: a flow that starts only in the last year
    const flow = new Float64Array(572);
    for (let t = 520; t < 572; t++) flow[t] = 1;
    const none = npvOf(flow, 52, discountFactors(52, 572, spec('none')));
    expect(npvOf(flow, 52, f) - none).toBeCloseTo(52 * f.terminal, 9);
  });

  test('the horizon must end after the shock', () => {
    expect(() => discountFactors(52, 52, spec('none'))).toThrow(/after the shock/);
  });
});

describe('payoffs from the streams', () => {
  const npv = {
    years: 18,
    'cn.export_rent': 100,
    'cn.downstream': 1000,
    'cn.capacity_growth': 50,
    'cn.controls_years': 4,
    'kr.revenue': 500,
    'kr.input_cost': 200,
    'kr.other_cost': 250,
    'kr.stock_value': 10,
  };
  const spec = { ...DEFAULT_PAYOFFS, capacity_margin: 0.2, wto: { probability: 0.1, cost: 30 }, stockpile_carry_rate: 0.1 };

  test('China: rent + downstream - capacity margin - expected WTO cost + omega x non-alignment x K', () => {
    const [china] = payoffComponents(npv, ['kr'], [0.5], spec, { omega: 2, access: [0] });
    expect(payoffOf(china!)).toBeCloseTo(100 + 1000 - 0.2 * 50 - 0.1 * 30 * 4 + 2 * 0.5 * 18, 12);
  });

  test('an ally: operating profit - stockpile carry + A x alignment x K; details do not add twice', () => {
    const [, kr] = payoffComponents(npv, ['kr'], [1], spec, { omega: 0, access: [3] });
    expect(payoffOf(kr!)).toBeCloseTo(500 - 200 - 250 - 0.1 * 10 + 3 * 1 * 18, 12);
    expect(kr!.filter((c) => c.part === 'detail').map((c) => c.name)).toEqual(['revenue', 'input_cost', 'other_cost']);
  });

  test('a missing stream is an error, not a zero', () => {
    const { 'kr.revenue': _, ...rest } = npv;
    expect(() => payoffComponents(rest, ['kr'], [1], spec, { omega: 0, access: [0] })).toThrow(/kr.revenue/);
  });

  test('mean, standard error and median', () => {
    expect(meanSe([1, 3])).toEqual({ mean: 2, se: 1, n: 2 });
    expect(meanSe([5]).se).toBeNaN();
    expect(median([3, NaN, 1, 2])).toBe(2);
  });
});
