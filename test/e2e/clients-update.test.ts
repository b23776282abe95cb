// `portalctl clients update --from-file` through the built CLI against a real portal: a file of
// corrections with a CaMS-owned field (Phone of a CaMS-linked client) refuses that row whole and
// exits 8 naming the field, applies the other rows, writes the report readable by its owner only,
// and a second run changes nothing.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { usePortal } from '../helpers/e2e.js';
import { api, cli, parseReport, workDir, writeCsv } from './import-support.js';

const portal = usePortal();
const update = (args: string[]) => cli(['clients', 'update', ...args], { portal: portal() });

describe('clients update --from-file', () => {
  it('refuses a row that changes a CaMS-owned field, names it, applies the other rows, exit 8', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'corrections.csv',
      [
        'CaMS Client Reference Number,First Name,Last Name,Email,Phone,Preferred Name',
        // cl_000001 Mary-Ann O'Brien is linked to CaMS: her phone comes from CaMS.
        '140007919,,,,416-555-0001,Mae',
        ',Anastasia,Morin,anastasia.morin9@example.org,416-555-0999,',
      ].join('\n'),
    );
    const report = path.join(dir, 'report.csv');
    const result = await update(['--from-file', file, '--yes', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(8);
    expect(result.stdout).toContain(
      'row 1 (line 2) cl_000001: refused: Phone: 437-555-0101 → 416-555-0001: Phone comes from CaMS while cl_000001 is linked to CaMS: update this in CaMS',
    );
    expect(result.stdout).toContain('row 2 (line 3) cl_000009: updated: Phone: 416-555-0109 → 416-555-0999');
    expect(result.stderr).toContain('error: 1 of 2 rows were not applied');
    expect(result.stderr).not.toContain('    at ');
    const lines = parseReport(readFileSync(report, 'utf8'));
    expect(lines.map((l) => [l.status, l.client_id, l.code])).toEqual([
      ['refused', 'cl_000001', 'cams-owned-field'],
      ['updated', 'cl_000009', ''],
    ]);
    expect(statSync(report).mode & 0o777).toBe(0o600);
    const mary = await api<Client>(portal(), 'GET', '/v1/clients/cl_000001');
    expect(mary).toMatchObject({ phone: '437-555-0101', preferredName: null });
    expect((await api<Client>(portal(), 'GET', '/v1/clients/cl_000009')).phone).toBe('416-555-0999');

    const again = await update(['--from-file', file, '--yes', '--restart', '--json']);
    expect(again.exitCode).toBe(8);
    expect(JSON.parse(again.stdout)).toMatchObject({ updated: 0, unchanged: 1, refused: 1 });
  });

  it('--help says what an empty cell does and shows examples', async () => {
    const help = await cli(['clients', 'update', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--from-file <file>');
    expect(help.stdout).toContain('an empty cell, leaves the field as it is');
    expect(help.stdout).toContain('portalctl clients update --from-file corrections.csv --dry-run');
  });
});
