/**
 * Weekly clock: tick t (from 0) is the week starting start_date + 7t days.
 * Pure calendar arithmetic (Hinnant's days-from-civil), so the model never touches the
 * system clock or the Date object.
 */

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Days since 1970-01-01 of an ISO date; throws on anything that is not a real calendar date. */
export function parseIsoDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(s)}`);
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const days = daysFromCivil(y, mo, d);
  const [y2, m2, d2] = civilFromDays(days);
  if (y2 !== y || m2 !== mo || d2 !== d) throw new RangeError(`not a calendar date: ${s}`);
  return days;
}

export function formatDays(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function weekDate(startIso: string, week: number): string {
  return formatDays(parseIsoDate(startIso) + week * 7);
}

/** Week index (from 0) containing the date; dates before the start give negative weeks. */
export function dateWeek(startIso: string, iso: string): number {
  return Math.floor((parseIsoDate(iso) - parseIsoDate(startIso)) / 7);
}
