// Complementarity (MODEL-NOTES.md, the retaliation game): a larger buyers' club signs more offtake
// and makes non-Chinese projects more bankable. The term is zero at the calibration's postures.
import { describe, expect, it } from 'vitest';
import { COMMODITIES, SEG_EX, SEG_OTHER } from '../../src/agents/ids.js';
import { resolveParams } from '../../src/agents/params.js';
import { clubShare, refinersInvest } from '../../src/agents/refiner.js';
import { ORIGIN_NON, SELLER_REFINER } from '../../src/agents/state.js';
import { buildWorld } from '../../src/agents/world.js';

/** Does a non-Chinese ndpr refiner start a project at an expected price 3% under the hurdle without the club term, when all ex-China demand is in the club? */
function invests(clubOfftake: number, everyoneAligned: boolean): boolean {
  const w = buildWorld({ params: resolveParams({ 'population.scale': 0.05, 'investment.club_offtake': clubOfftake }), seed: 3, horizonWeeks: 520, startDate: '2025-01-06', events: [] });
  const S = w.sellers.cols;
  const c = COMMODITIES.indexOf('ndpr');
  let i = 0;
  while (!(S.commodity[i] === c && S.kind[i] === SELLER_REFINER && S.origin[i] === ORIGIN_NON && !S.cnOwned[i])) i++;
  const m = c * 3 + SEG_EX;
  w.tick = 52 + S.phase[i]!;
  w.vol[m] = 0;
  const k = w.k;
  const hurdle = S.mc[i]! * (1 + k.capexCharge) * k.realOption;
  w.ema52[m] = (0.97 * hurdle) / (1 - k.hazard * k.loss);
  if (everyoneAligned) {
    w.segShare[c * 3 + SEG_EX]! += w.segShare[c * 3 + SEG_OTHER]!;
    w.segShare[c * 3 + SEG_OTHER] = 0;
  }
  refinersInvest(w, i, i + 1);
  return S.projOnline[i]! >= 0;
}

describe('club offtake (investment.club_offtake)', () => {
  it('is zero at the calibration\'s postures: the club share starts where the term is zero', () => {
    const w = buildWorld({ params: resolveParams({ 'population.scale': 0.05 }), seed: 3, horizonWeeks: 52, startDate: '2025-01-06', events: [] });
    for (let c = 0; c < w.C; c++) expect(clubShare(w.segShare, c)).toBeCloseTo(w.clubShare0[c]!, 12);
    expect(invests(0.3, false)).toBe(false);
  });

  it('tips a marginal project when the whole of ex-China demand is in the club, and only then', () => {
    expect(invests(0.3, true)).toBe(true);
    expect(invests(0, true)).toBe(false);
  });
});
