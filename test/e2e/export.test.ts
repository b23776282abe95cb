// `portalctl clients export` through the built binary: the round trip from one portal to another
// (import, export, import into a fresh portal, export again). The columns, filters and formats of
// the export run in-process: test/commands/clients-export.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, usePortal } from '../helpers/e2e.js';
import { workDir, writeCsv } from './import-support.js';

// Two portals, each used as its own administrator.
const source = usePortal();
const target = usePortal();
const onSource = (args: string[]) => cli(args, { portal: source() });
const onTarget = (args: string[]) => cli(args, { portal: target() });

const IMPORTED = `First Name,Last Name,Preferred Name,Pronouns,Email,Phone,Address,Date of Birth,Self Identification,Target Occupations,Service Needs,Transportation,Communication Channel,Job Post Updates,Update Frequency,Referral Source,Referral Reference Number,Reasons for Referral,Service Provider,Caseworkers,CaMS Client Reference Number,CA Number
Ada,Roundtrip,Addie,she/her,ada.roundtrip@example.org,416-555-0142,"1 Front St W, Toronto, ON M5J 1E6",1990-04-30,Newcomer to Canada,Bookkeeper|Office administrator,Resume help|Childcare,public-transit,email,yes,weekly,Ontario Works,OW-12345,"Career break,
wants office work",Northstar Employment Services,sarah.thompson@northstar.example.org|kevin.nguyen@northstar.example.org,,
Ben,Roundtrip,,,ben.roundtrip@example.org,,,,,,,,,no,,,,,Lakeshore Career Centre,,,
,,,,,,,,,,,,,,,,,,Northstar Employment Services,,211152019,
,,,,,,,,,Forklift operator,,,,,,,,,Northstar Employment Services,,,CA-3005007
=Formula,Roundtrip,,,formula.roundtrip@example.org,,,,,,,,,,,,,,,,,
`;

const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Record<string, string>[];

describe('clients export', () => {
  it('round-trips: every client exported from one portal imports into a fresh one with the same fields', async () => {
    const dir = workDir();
    const added = await onSource(['clients', 'import', writeCsv(dir, 'in.csv', IMPORTED), '--yes', '--json']);
    expect(added.exitCode, added.stderr).toBe(0);
    const exported = await onSource(['clients', 'export']);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const file = writeCsv(dir, 'all.csv', exported.stdout);
    const report = path.join(dir, 'report.csv');
    const imported = await onTarget(['clients', 'import', file, '--yes', '--json', '--report', report, '--no-invite']);
    expect(imported.exitCode, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout);
    expect(summary.failed).toBe(0);
    expect(summary.invalid).toBe(0);
    // The fresh portal holds the demo clients already (existing); ours are created.
    expect(summary.created).toBe(5);
    expect(summary.created + summary.existing).toBe(rowsOf(exported.stdout).length);
    expect(readFileSync(report, 'utf8')).not.toContain(',failed,');

    const again = await onTarget(['clients', 'export']);
    const importColumns = (rows: Record<string, string>[]) =>
      rows
        .map(({ 'Client ID': _id, 'Created At': _at, 'Invite Status': _invite, ...fields }) => fields)
        .sort((a, b) => a.Email!.localeCompare(b.Email!));
    expect(importColumns(rowsOf(again.stdout))).toEqual(importColumns(rowsOf(exported.stdout)));
    // The neutralised formula cell was read back as the value it protects, not with the apostrophe.
    const formula = await onTarget(['clients', 'export', '--search', 'formula.roundtrip', '--json']);
    expect(JSON.parse(formula.stdout)[0].firstName).toBe('=Formula');
  });
});
