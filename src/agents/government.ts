/**
 * Allied governments (jp, kr, tw, eu, au, in): a posture (align 1 / hedge 0.5 / accommodate 0)
 * that moves their buyers between `ex_cn` and `ex_cn_other`; their own stockpiles (stockpile.ts:
 * Japan's JOGMEC ~60 days, Korea's KOMIR ~100 days, a joint EU reserve when the EU buys as one);
 * and the EU buying as a united front (`eu.united` = 1: one reserve, every EU buyer in the Vault
 * club) or through bilateral MOUs with the US (0: no joint reserve, only the `eu.mou_share` of EU
 * buyers covered by an MOU get Vault access).
 *
 * Adaptive postures (`governments.adaptive` = 1): every quarter a government compares what
 * alignment costs its buyers (the premium of ex_cn over ex_cn_other prices on their purchases,
 * as a share of their input bill) with the value of US market access (`governments.access_value`):
 * it steps toward accommodation when the cost exceeds the value by more than the hysteresis,
 * toward alignment when it falls below by as much.
 */
import { noteProvocation } from './cnOffice.js';
import { BLOCS, SEG_EX, SEG_OTHER } from './ids.js';
import type { World } from './state.js';

export const ALLIES = ['jp', 'kr', 'tw', 'eu', 'au', 'in'] as const;

export function governmentsWeek(w: World): void {
  if (!(w.p['governments.adaptive']! > 0) || w.tick % 13 !== 6 || w.tick < 52) return;
  const C = w.C;
  const value = w.p['governments.access_value']!;
  const h = w.p['governments.hysteresis']!;
  for (let i15 = 0; i15 < ALLIES.length; i15++) {
    const name = ALLIES[i15]!;
    const b = BLOCS.indexOf(name);
    let bill = 0;
    let premium = 0;
    for (let c = 0; c < C; c++) {
      const need = w.blocNeed[b * C + c]!;
      if (!(need > 0)) continue;
      const pe = w.price[c * 3 + SEG_EX]!;
      const po = w.price[c * 3 + SEG_OTHER]!;
      bill += need * w.p0[c * 3 + SEG_EX]!;
      premium += need * Math.max(0, pe - po);
    }
    if (!(bill > 0)) continue;
    const cost = premium / bill;
    const a = w.alignment[b]!;
    let next = a;
    if (cost > value + h && a > 0) next = Math.max(0, a - 0.5);
    else if (cost < value - h && a < 1) next = Math.min(1, a + 0.5);
    if (next === a) continue;
    w.alignment[b] = next;
    w.eventLog.push({ week: w.tick, actor: `gov_${name}`, type: 'alignment', commodity: '', target: name, value: next, detail: `adaptive: cost of alignment ${cost.toFixed(4)} vs access value ${value}` });
    if (next >= 1) noteProvocation(w, b, 'aligned with the US club');
  }
}
