// Values as spreadsheets export them: grouped and .0 numbers are display only, scientific notation
// and lost leading zeros are refused with the reason; identifiers are checked for their shape;
// dates in other forms are read; a ? in a name and commas in a list cell are noted for the file.
import { describe, expect, it } from 'vitest';
import { looksLikeHeader, mapColumns, parseMapOptions } from '../../../src/bulk/columns.js';
import { buildRecord } from '../../../src/bulk/plan.js';
import { buildRow, plainDigits, type RowContext } from '../../../src/bulk/rows.js';

const TODAY = new Date('2026-12-03T12:00:00Z');

function context(headers: string[], extra: Partial<RowContext> = {}): RowContext {
  return { headers, mapping: mapColumns(headers, new Map()), sendInvite: true, today: TODAY, ...extra };
}

const CAMS = context(['CaMS Client Reference Number', 'Email', 'Phone']);
const cams = (ref: string, phone = '') => buildRow([ref, 'x@example.org', phone], CAMS);

describe('numbers', () => {
  it('drops grouping and a trailing .0, and refuses scientific notation', () => {
    expect(plainDigits('210,104,729')).toEqual({ ok: true, value: '210104729' });
    expect(plainDigits('210 104 729')).toEqual({ ok: true, value: '210104729' });
    expect(plainDigits('210418916.0')).toEqual({ ok: true, value: '210418916' });
    expect(plainDigits('2.10E+08')).toMatchObject({ ok: false, reason: expect.stringMatching(/scientific notation/) });
    expect(plainDigits('416-555-0199')).toEqual({ ok: true, value: '416-555-0199' });
    expect(plainDigits('21,0104,729')).toEqual({ ok: true, value: '21,0104,729' });
  });

  it('reads a CaMS Client Reference Number as its 9 digits, and says why any other is refused', () => {
    for (const raw of ['210104729', '210,104,729', '210104729.0']) {
      const row = cams(raw);
      expect(row.ok && row.body.link).toEqual({ camsClientReferenceNumber: '210104729' });
    }
    const reasons = (raw: string) => {
      const row = cams(raw);
      return row.ok ? [] : row.errors.map((e) => `${e.column}: ${e.message}`);
    };
    expect(reasons('2.10E+08')).toEqual([
      'CaMS Client Reference Number: the spreadsheet shows this number in scientific notation, which has lost its last digits: format the column as text and export again',
    ]);
    expect(reasons('12345678')).toEqual([
      'CaMS Client Reference Number: has 8 digits, and a CaMS Client Reference Number has 9: the spreadsheet may have dropped a leading zero; format the column as text and export again',
    ]);
    expect(reasons('C-10000001')[0]).toMatch(/Case Reference Number/);
    expect(reasons('2101047299')[0]).toMatch(/9 digits/);
  });

  it('checks a CA number for its shape', () => {
    const ctx = context(['CA Number']);
    const ok = buildRow(['ca-3005001'], ctx);
    expect(ok.ok && ok.body.link).toEqual({ caNumber: 'CA-3005001' });
    const bad = buildRow(['3005001'], ctx);
    expect(!bad.ok && bad.errors[0]!.message).toBe('must be a CA number: CA- and 7 digits, e.g. CA-3005001');
  });

  it('normalises a phone number a spreadsheet formatted as a number, and refuses one in scientific notation', () => {
    const row = cams('210104729', '4,165,550,101');
    expect(row.ok && row.body.phone).toBe('4165550101');
    expect(cams('210104729', '4165550102.0')).toMatchObject({ ok: true, body: { phone: '4165550102' } });
    const sci = cams('210104729', '4.17E+09');
    expect(!sci.ok && sci.errors.map((e) => e.column)).toEqual(['Phone']);
  });
});

describe('dates', () => {
  const ctx = (extra: Partial<RowContext> = {}) => context(['First Name', 'Last Name', 'Email', 'DOB'], extra);
  const row = (dob: string, extra: Partial<RowContext> = {}) =>
    buildRow(['Ada', 'Okafor', 'a@example.org', dob], ctx(extra));

  it('reads unambiguous forms, and numbers only with --date-format', () => {
    expect(row('14 March 1988')).toMatchObject({ ok: true, body: { dateOfBirth: '1988-03-14' } });
    expect(row('March 14, 1988')).toMatchObject({ ok: true, body: { dateOfBirth: '1988-03-14' } });
    expect(row('03/14/88', { dateFormat: 'mdy' })).toMatchObject({ ok: true, body: { dateOfBirth: '1988-03-14' } });
    expect(row('14/03/1988', { dateFormat: 'dmy' })).toMatchObject({ ok: true, body: { dateOfBirth: '1988-03-14' } });
  });

  it('marks a numbers-only date without --date-format, to be said once for the column', () => {
    const result = row('03/14/88');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({
      column: 'DOB',
      ambiguousDate: { shape: '##/##/##', evidence: 'month-first' },
    });
  });
});

describe('notes on rows', () => {
  const ctx = context(['First Name', 'Last Name', 'Email', 'Target Occupations']);

  it('notes a ? inside a name (letters lost by a Windows-1252 save); --strict makes it an error', () => {
    const fields = ['H??ng', 'Nguy?n', 'h@example.org', ''];
    expect(buildRow(fields, ctx)).toMatchObject({
      ok: true,
      notes: [
        { column: 'First Name', code: 'lost-letters' },
        { column: 'Last Name', code: 'lost-letters' },
      ],
    });
    const strict = buildRecord(fields, ctx, true);
    expect(!strict.ok && strict.errors.map((e) => e.column)).toEqual(['First Name', 'Last Name']);
    expect(buildRow(['Who?', 'Okafor', 'a@example.org', ''], ctx)).toMatchObject({
      ok: true,
      notes: [{ code: 'lost-letters' }],
    });
    expect(buildRow(['Ada', 'Okafor', 'a@example.org', ''], ctx).notes).toBeUndefined();
  });

  it('notes list cells with commas and no separator, and those using it', () => {
    expect(buildRow(['Ada', 'Okafor', 'a@example.org', 'Retail, Warehouse'], ctx).notes).toEqual([
      { column: 'Target Occupations', code: 'list-commas' },
    ]);
    expect(buildRow(['Ada', 'Okafor', 'a@example.org', 'Retail|Warehouse'], ctx).notes).toEqual([
      { column: 'Target Occupations', code: 'list-separated' },
    ]);
  });
});

describe('header rows', () => {
  it('reads as a header when two cells name known columns (or --map names them)', () => {
    expect(looksLikeHeader(['First Name', 'Email'], new Map())).toBe(true);
    expect(looksLikeHeader(['Clients to onboard, March 2026', '', ''], new Map())).toBe(false);
    expect(looksLikeHeader(['Given', 'Courriel'], new Map())).toBe(false);
    expect(looksLikeHeader(['Given', 'Courriel'], parseMapOptions(['Given=firstName', 'Courriel=email']))).toBe(true);
  });
});
