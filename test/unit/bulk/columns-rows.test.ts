import { describe, expect, it } from 'vitest';
import { mapColumns, normaliseHeader, parseMapOptions, templateHeaders } from '../../../src/bulk/columns.js';
import { buildRow, type RowContext } from '../../../src/bulk/rows.js';

function context(headers: string[], maps: string[] = [], extra: Partial<RowContext> = {}): RowContext {
  return { headers, mapping: mapColumns(headers, parseMapOptions(maps)), sendInvite: true, ...extra };
}

describe('header matching', () => {
  it('ignores case, spaces and punctuation, and knows common aliases', () => {
    const headers = [
      'first_name',
      'Surname',
      'E-mail',
      'Phone Number',
      'DOB',
      'Target Occupations',
      'Service Needs',
      'Reasons for Referral',
      'Referral Source',
      'Preferred Name',
      'Pronouns',
      'Address',
      'Transportation',
      'CaMS Client Reference Number',
      'Caseworker?',
    ];
    expect(mapColumns(headers, new Map()).fields).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'dateOfBirth',
      'targetOccupations',
      'serviceNeeds',
      'referral.reasons',
      'referral.source',
      'preferredName',
      'pronouns',
      'address',
      'transportation',
      'camsClientReferenceNumber',
      'caseworkers',
    ]);
    expect(mapColumns(['Given Name', 'Last Name', 'Email Address', 'CA Number'], new Map()).fields).toEqual([
      'firstName',
      'lastName',
      'email',
      'caNumber',
    ]);
    expect(normaliseHeader(' Date of Birth (YYYY-MM-DD)')).toBe('dateofbirthyyyymmdd');
  });

  it('maps other headers with --map, ignores with "=-", and warns about the rest', () => {
    const maps = parseMapOptions(['Nom=firstName', 'Famille=Last Name', 'Courriel=email', 'Notes=-']);
    const mapping = mapColumns(['Nom', 'Famille', 'Courriel', 'Notes', 'Favourite colour'], maps);
    expect(mapping.fields).toEqual(['firstName', 'lastName', 'email', 'ignore', null]);
    expect(mapping.unknown).toEqual([{ index: 4, header: 'Favourite colour' }]);
    expect(mapping.missing).toEqual([]);
    expect(() => parseMapOptions(['Nom'])).toThrow(/must look like "Column Header=field"/);
    expect(() => parseMapOptions(['Nom=shoeSize'])).toThrow(/unknown field "shoeSize"; fields are firstName/);
  });

  it('names missing required columns, unless a CaMS or CA column can supply them', () => {
    expect(mapColumns(['First Name', 'Email'], new Map()).missing).toEqual(['Last Name']);
    expect(mapColumns(['CaMS Client Reference Number'], new Map()).missing).toEqual([]);
    expect(mapColumns(['CA Number', 'Email'], new Map()).missing).toEqual([]);
  });

  it('flags two columns filling one field, and hints at Case Reference Numbers', () => {
    const mapping = mapColumns(
      ['Email', 'E-mail Address', 'First Name', 'Last Name', 'CaMS Case Reference Number'],
      new Map(),
    );
    expect(mapping.conflicts).toEqual([{ field: 'email', headers: ['Email', 'E-mail Address'] }]);
    expect(mapping.unknown[0]?.suggestion).toMatch(/Client Reference Number/);
  });

  it('--template lists every column once, in the export order', () => {
    const headers = templateHeaders();
    expect(headers.slice(0, 5)).toEqual(['First Name', 'Last Name', 'Preferred Name', 'Pronouns', 'Email']);
    expect(new Set(headers).size).toBe(headers.length);
    expect(mapColumns(headers, new Map()).fields.every((f) => f !== null && f !== 'ignore')).toBe(true);
  });
});

describe('buildRow', () => {
  const headers = [
    'First Name',
    'Last Name',
    'Email',
    'Date of Birth',
    'Target Occupations',
    'Job Post Updates',
    'Transportation',
    'Update Frequency',
  ];

  it('builds the create body: trimmed, lists split on |, yes/no, enum labels', () => {
    const result = buildRow(
      [' Ada ', 'Lovelace', 'Ada@Example.org', '1990-04-30', 'Retail | Warehouse||', 'Yes', 'Public Transit', 'weekly'],
      context(headers),
    );
    expect(result).toEqual({
      ok: true,
      naturalKey: 'email:ada@example.org',
      body: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'Ada@Example.org',
        dateOfBirth: '1990-04-30',
        targetOccupations: ['Retail', 'Warehouse'],
        communication: { jobPostUpdates: true, frequency: 'weekly' },
        transportation: 'public-transit',
        sendInvite: true,
      },
      notes: [{ column: 'Target Occupations', code: 'list-separated' }],
    });
  });

  it('reports each bad cell by its column as the file names it, never echoing the value', () => {
    const result = buildRow(['Ada', '', 'ada.example.org', '1990-04-31', '', 'maybe', 'bike', ''], context(headers));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { column: 'Date of Birth', message: 'is not a day of the calendar' },
      { column: 'Job Post Updates', message: 'must be yes or no' },
      { column: 'Transportation', message: 'must be one of own-vehicle, public-transit, limited, none' },
      { column: 'Last Name', message: 'is required' },
      { column: 'Email', message: 'must be an email address like name@example.org' },
    ]);
    expect(JSON.stringify(result.errors)).not.toContain('ada.example.org');
  });

  it('links by CaMS or CA number per row, and refuses both', () => {
    const h = ['Email', 'CaMS Client Reference Number', 'CA Number'];
    expect(buildRow(['', '210104729', ''], context(h))).toMatchObject({
      ok: true,
      naturalKey: 'cams:210104729',
      body: { link: { camsClientReferenceNumber: '210104729' } },
    });
    expect(buildRow(['x@example.org', '', 'CA-3005001'], context(h))).toMatchObject({
      ok: true,
      naturalKey: 'email:x@example.org',
      body: { link: { caNumber: 'CA-3005001' }, email: 'x@example.org' },
    });
    const both = buildRow(['', '210104729', 'CA-3005001'], context(h));
    expect(both.ok).toBe(false);
    expect(!both.ok && both.errors[0]?.message).toMatch(/either the CaMS Client Reference Number or the CA number/);
  });

  it('uses the list separator given, and resolves providers and caseworkers by name or email', () => {
    const h = ['First Name', 'Last Name', 'Email', 'Service Needs', 'Service Provider', 'Caseworkers'];
    const ctx = context(h, [], {
      listSeparator: ';',
      providers: new Map([['northstar employment services', 'sp_northstar']]),
      staff: new Map([['sarah@example.org', 'st_cwa001']]),
    });
    const ok = buildRow(
      ['A', 'B', 'a@example.org', 'Childcare; Resume help', 'Northstar  Employment Services', 'SARAH@example.org'],
      ctx,
    );
    expect(ok).toMatchObject({
      ok: true,
      body: { serviceNeeds: ['Childcare', 'Resume help'], providerId: 'sp_northstar', caseworkerIds: ['st_cwa001'] },
    });
    const bad = buildRow(['A', 'B', 'a@example.org', '', 'Nowhere', 'nobody@example.org'], ctx);
    expect(!bad.ok && bad.errors.map((e) => e.column)).toEqual(['Service Provider', 'Caseworkers']);
  });

  it("reads a cell protected from formula evaluation (leading ') as the value it protects", () => {
    const result = buildRow(["'=Ada", "'-Lovelace", 'a@example.org', '', '', '', '', ''], context(headers));
    expect(result.ok && [result.body.firstName, result.body.lastName]).toEqual(['=Ada', '-Lovelace']);
    const plain = buildRow(["O'Brien", "'Brien", 'b@example.org', '', '', '', '', ''], context(headers));
    expect(plain.ok && [plain.body.firstName, plain.body.lastName]).toEqual(["O'Brien", "'Brien"]);
  });

  it('sends no invitation with --no-invite', () => {
    const result = buildRow(
      ['A', 'B', 'a@example.org', '', '', '', '', ''],
      context(headers, [], { sendInvite: false }),
    );
    expect(result.ok && result.body.sendInvite).toBe(false);
  });
});
