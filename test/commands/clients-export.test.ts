// `clients export` run in-process against a portal in the same process: CSV with the import's
// column names (providers by name, caseworkers by email, formula cells neutralised), the list
// filters and other output formats. The round trip into another portal through the built binary
// (export, import, export again): test/e2e/export.test.ts.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/e2e.js';
import { USAGE } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);

const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Record<string, string>[];

/** The clients the export is read for, as `clients import` would add them (no invitations). */
beforeAll(async () => {
  const clients = [
    {
      firstName: 'Ada',
      lastName: 'Roundtrip',
      preferredName: 'Addie',
      pronouns: 'she/her',
      email: 'ada.roundtrip@example.org',
      phone: '416-555-0142',
      address: '1 Front St W, Toronto, ON M5J 1E6',
      dateOfBirth: '1990-04-30',
      selfIdentification: ['Newcomer to Canada'],
      targetOccupations: ['Bookkeeper', 'Office administrator'],
      serviceNeeds: ['Resume help', 'Childcare'],
      transportation: 'public-transit',
      communication: { channel: 'email', jobPostUpdates: true, frequency: 'weekly' },
      referral: { source: 'Ontario Works', referenceNumber: 'OW-12345', reasons: 'Career break,\nwants office work' },
      providerId: 'sp_northstar',
      caseworkerIds: ['st_cwa001', 'st_cwa002'],
    },
    { firstName: 'Ben', lastName: 'Roundtrip', email: 'ben.roundtrip@example.org', providerId: 'sp_lakeshore' },
    { firstName: '=Formula', lastName: 'Roundtrip', email: 'formula.roundtrip@example.org' },
  ];
  for (const body of clients) {
    const created = await api(portal(), '/v1/clients', { method: 'POST', body: { ...body, sendInvite: false } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});

describe('clients export', () => {
  it('writes CSV with the import column names, providers by name and caseworkers by email', async () => {
    const result = await run(['clients', 'export', '--search', 'roundtrip']);
    expect(result.exitCode, result.stderr).toBe(0);
    const rows = rowsOf(result.stdout);
    const ada = rows.find((r) => r.Email === 'ada.roundtrip@example.org')!;
    expect(ada).toMatchObject({
      'First Name': 'Ada',
      'Target Occupations': 'Bookkeeper|Office administrator',
      'Job Post Updates': 'yes',
      'Reasons for Referral': 'Career break,\nwants office work',
      'Service Provider': 'Northstar Employment Services',
      Caseworkers: 'sarah.thompson@northstar.example.org|kevin.nguyen@northstar.example.org',
      Status: 'client',
    });
    expect(rows.find((r) => r.Email === 'ben.roundtrip@example.org')?.['Service Provider']).toBe(
      'Lakeshore Career Centre',
    );
    // A cell a spreadsheet would run as a formula is neutralised.
    expect(rows.find((r) => r.Email === 'formula.roundtrip@example.org')?.['First Name']).toBe("'=Formula");
    expect(result.stderr).toContain('3 clients exported');
  });

  it('applies the list filters and speaks every output format', async () => {
    const referrals = await run(['clients', 'export', '--status', 'referral', '--search', 'roundtrip']);
    expect(rowsOf(referrals.stdout).map((r) => r.Email)).not.toContain('ada.roundtrip@example.org');
    const adaOnly = ['clients', 'export', '--search', 'ada.roundtrip'];
    const json = await run([...adaOnly, '--json']);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject([
      { email: 'ada.roundtrip@example.org', caseworkerIds: ['st_cwa001', 'st_cwa002'] },
    ]);
    const fields = await run([...adaOnly, '-o', 'tsv', '--fields', 'Email,Status']);
    expect(fields.stdout).toBe('Email\tStatus\nada.roundtrip@example.org\tclient\n');
  });

  it('--list-separator sets the separator inside list cells; it must be one character', async () => {
    const r = await run(['clients', 'export', '--search', 'ada.roundtrip', '--list-separator', ';']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(rowsOf(r.stdout)[0]).toMatchObject({ 'Target Occupations': 'Bookkeeper;Office administrator' });
    const bad = await run(['clients', 'export', '--list-separator', '||']);
    expect(bad.exitCode).toBe(USAGE);
    expect(bad.stderr).toContain('--list-separator must be one character');
    expect(bad.stdout).toBe('');
  });
});
