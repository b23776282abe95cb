// Dates as spreadsheets write them: the forms that say which part is the month are read as they
// are; numbers only need --date-format, and two-digit years never make a birth date the future.
import { describe, expect, it } from 'vitest';
import { readDate } from '../../../src/bulk/dates.js';

const TODAY = new Date('2026-12-03T12:00:00Z');
const read = (raw: string, order?: 'mdy' | 'dmy' | 'ymd') => readDate(raw, order, TODAY);
const iso = (raw: string, order?: 'mdy' | 'dmy' | 'ymd') => {
  const result = read(raw, order);
  return result.ok ? result.iso : result;
};

describe('readDate', () => {
  it('reads forms that are not ambiguous without asking', () => {
    for (const raw of [
      '1988-03-14',
      '1988-3-14',
      '1988/03/14',
      '1988-03-14 00:00:00',
      '1988-03-14T00:00:00Z',
      '14 March 1988',
      '14 Mar 1988',
      '14-Mar-1988',
      '14-Mar-88',
      'March 14, 1988',
      'Mar 14 1988',
      '14 mars 1988',
    ]) {
      expect(iso(raw), raw).toBe('1988-03-14');
    }
  });

  it('reads numbers-only dates in the order --date-format gives', () => {
    expect(iso('03/14/88', 'mdy')).toBe('1988-03-14');
    expect(iso('3/14/1988', 'mdy')).toBe('1988-03-14');
    expect(iso('14/03/1988', 'dmy')).toBe('1988-03-14');
    expect(iso('14.03.88', 'dmy')).toBe('1988-03-14');
    expect(iso('88-03-14', 'ymd')).toBe('1988-03-14');
  });

  it('puts a two-digit year in this century unless that is after today', () => {
    expect(iso('01/02/25', 'mdy')).toBe('2025-01-02');
    expect(iso('11/30/26', 'mdy')).toBe('2026-11-30');
    expect(iso('12/04/26', 'mdy')).toBe('1926-12-04');
    expect(iso('07/09/01', 'mdy')).toBe('2001-07-09');
    expect(iso('14-Mar-27')).toBe('1927-03-14');
  });

  it('says a numbers-only date without --date-format is ambiguous, with what the numbers prove', () => {
    expect(read('03/14/88')).toEqual({ ok: false, ambiguous: true, shape: '##/##/##', evidence: 'month-first' });
    expect(read('14/03/1988')).toEqual({ ok: false, ambiguous: true, shape: '##/##/####', evidence: 'day-first' });
    expect(read('03/04/88')).toEqual({ ok: false, ambiguous: true, shape: '##/##/##', evidence: 'none' });
  });

  it('refuses what is no date, without quoting it', () => {
    expect(read('14/03/1988', 'mdy')).toMatchObject({
      ok: false,
      ambiguous: false,
      reason: expect.stringMatching(/other way round/),
    });
    expect(read('1988-02-30')).toMatchObject({ ok: false, reason: 'is not a day of the calendar' });
    expect(read('1988-13-01')).toMatchObject({ ok: false, reason: 'has no month 13' });
    expect(read('soon')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^is not a date: write it as YYYY-MM-DD/),
    });
  });
});
