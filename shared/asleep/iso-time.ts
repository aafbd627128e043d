// A strict, pure ISO 8601 date-time check. `Date.parse` is not used because it is lenient in
// engine-specific ways (it accepts "2024-02-30", offset-less strings as local time, years < 100
// mapped to 19xx, ...); a webhook time without an offset cannot be placed on a night, so it is an error.

// YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z or ±HH:MM / ±HHMM / ±HH.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil),
// so no Date object and no 19xx surprise for small years.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Milliseconds since the Unix epoch for a strict ISO 8601 date-time with an offset, or `null`
 * when the string is not one (wrong shape, impossible date such as Feb 30, no offset, ...).
 */
export function parseIsoDateTime(value: unknown): number | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zulu, sign, ohs, oms] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zulu === undefined) {
    const oh = Number(ohs);
    const om = oms === undefined ? 0 : Number(oms);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

export const isIsoDateTime = (value: unknown): boolean => parseIsoDateTime(value) !== null;
