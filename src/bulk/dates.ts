// Dates as spreadsheets write them in a CSV. Forms that say which part is the month are read
// as they are (1988-03-14, 14 March 1988, March 14, 1988, 14-Mar-88); numbers only (03/14/88,
// 14/03/1988) need the order, from --date-format, because 03/04/88 is two different days.
// A two-digit year is in this century unless that puts the date after today; then it is in the
// last (so a birth date is never in the future: 25 -> 2025, 88 -> 1988 in 2026).

export const DATE_ORDERS = ['mdy', 'dmy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

export const ORDER_NAMES: Record<DateOrder, string> = {
  mdy: 'month/day/year',
  dmy: 'day/month/year',
  ymd: 'year/month/day',
};

const MONTHS = new Map<string, number>();
[
  ['january', 'jan', 'janvier', 'janv'],
  ['february', 'feb', 'février', 'fevrier', 'févr', 'fevr'],
  ['march', 'mar', 'mars'],
  ['april', 'apr', 'avril', 'avr'],
  ['may', 'mai'],
  ['june', 'jun', 'juin'],
  ['july', 'jul', 'juillet', 'juil'],
  ['august', 'aug', 'août', 'aout'],
  ['september', 'sep', 'sept', 'septembre'],
  ['october', 'oct', 'octobre'],
  ['november', 'nov', 'novembre'],
  ['december', 'dec', 'décembre', 'decembre', 'déc'],
].forEach((names, index) => {
  for (const name of names) MONTHS.set(name, index + 1);
});

export type DateRead =
  | { ok: true; iso: string }
  /** Numbers only, and no --date-format: which order they are in is not known. */
  | { ok: false; ambiguous: true; shape: string; evidence: 'day-first' | 'month-first' | 'none' }
  | { ok: false; ambiguous: false; reason: string };

const pad = (n: number) => String(n).padStart(2, '0');

function fullYear(year: string, month: number, day: number, today: Date): number {
  if (year.length !== 2) return Number(year);
  const thisCentury = 2000 + Number(year);
  const candidate = Date.UTC(thisCentury, month - 1, day);
  return candidate > today.getTime() ? thisCentury - 100 : thisCentury;
}

function build(year: number, month: number, day: number): DateRead {
  if (month < 1 || month > 12) return { ok: false, ambiguous: false, reason: `has no month ${month}` };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, ambiguous: false, reason: 'is not a day of the calendar' };
  }
  return { ok: true, iso: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}` };
}

/** The shape of a date made of numbers, without its digits (errors never quote personal data). */
function shapeOf(raw: string): string {
  return raw.replace(/\d/g, '#');
}

/**
 * Reads one date cell as an ISO date. `order` is --date-format; `today` bounds two-digit years.
 * Anything else than a date (text, 1988-13-45) is a reason, said without the value.
 */
export function readDate(raw: string, order: DateOrder | undefined, today: Date): DateRead {
  const value = raw.trim();
  // ISO, with a time of day as some exports add (1988-03-14 00:00:00, 1988-03-14T00:00:00Z).
  let m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      value,
    );
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  // 14 March 1988, 14-Mar-88, 14. März… (English and French month names)
  m = /^(\d{1,2})(?:st|nd|rd|th|er)?[\s\-./]+([^\d\s,.\-/]+)\.?[\s\-./,]+(\d{4}|\d{2})$/i.exec(value);
  if (m) {
    const month = MONTHS.get(m[2]!.toLowerCase());
    if (month) return build(fullYear(m[3]!, month, Number(m[1]), today), month, Number(m[1]));
  }
  // March 14, 1988 / Mar 14 1988
  m = /^([^\d\s,.\-/]+)\.?[\s\-./]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-./]+(\d{4}|\d{2})$/i.exec(value);
  if (m) {
    const month = MONTHS.get(m[1]!.toLowerCase());
    if (month) return build(fullYear(m[3]!, month, Number(m[2]), today), month, Number(m[2]));
  }
  // Numbers only: 03/14/88, 14.03.1988, 88-03-14.
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(value) ?? /^(\d{2})([/.-])(\d{1,2})\2(\d{1,2})$/.exec(value);
  if (m) return readNumericDate(m[1]!, m[3]!, m[4]!, value, order, today);
  return {
    ok: false,
    ambiguous: false,
    reason: 'is not a date: write it as YYYY-MM-DD (e.g. 1988-03-14), or pass --date-format for dates like 03/14/88',
  };
}

/** A date written with numbers only (03/14/88, 14.03.1988, 88-03-14): its order comes from --date-format. */
function readNumericDate(
  a: string,
  b: string,
  c: string,
  value: string,
  order: DateOrder | undefined,
  today: Date,
): DateRead {
  if (!order) {
    const first = Number(a);
    const second = Number(b);
    const evidence = first > 12 && second <= 12 ? 'day-first' : second > 12 && first <= 12 ? 'month-first' : 'none';
    return { ok: false, ambiguous: true, shape: shapeOf(value), evidence };
  }
  if (order === 'ymd') {
    const month = Number(b);
    const day = Number(c);
    return build(fullYear(a, month, day, today), month, day);
  }
  const [month, day] = order === 'mdy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
  const read = build(fullYear(c, month, day, today), month, day);
  if (!read.ok && month > 12 && day <= 12) {
    return {
      ok: false,
      ambiguous: false,
      reason: `is not a ${ORDER_NAMES[order]} date (the second number is over 12): is the column written the other way round?`,
    };
  }
  return read;
}
