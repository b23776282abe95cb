// `clients update --from-file`, in-process against a seeded portal: rows matched by the import's
// rules of the same person, each field's old → new value in the dry run and the report, unchanged
// and unmatched rows, a CaMS-owned field refusing its row whole, a new email pending until the
// client confirms it, and a run cut off after sending a row resumed without applying it twice.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { journalLines, parseReport, workDir, writeCsv } from '../e2e/import-support.js';
import { PARTIAL, USAGE } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);

async function client(id: string): Promise<Client> {
  const got = await run(['clients', 'get', id, '--json']);
  expect(got.exitCode, got.stderr).toBe(0);
  return JSON.parse(got.stdout) as Client;
}

async function confirmations(to: string): Promise<number> {
  const listed = await run(['outbox', 'list', '--to', to, '--kind', 'email-confirmation', '--json']);
  expect(listed.exitCode, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as unknown[]).length;
}

describe('clients update --from-file', () => {
  it('dry run: each field old → new per row, unchanged and unmatched rows, in the report too; nothing changes', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'dry.csv',
      [
        'First Name,Last Name,Email,Phone,Pronouns',
        // Written without accents or capitals: the same person, and the names are left as they are.
        'zoe,levesque,zoe.levesque3@example.org,416-555-0199,she/her',
        'Anne Marie,MacDonald,annemarie.macdonald5@example.org,437-555-0105,',
        'Nobody,Known,nobody.known@example.org,416-555-0100,',
      ].join('\n'),
    );
    const report = path.join(dir, 'plan.csv');
    const dry = await run(['clients', 'update', '--from-file', file, '--dry-run', '--report', report]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      [
        'row 1 (line 2) cl_000003: to update: Pronouns: (empty) → she/her; Phone: 416-555-0103 → 416-555-0199',
        'row 3 (line 4): unmatched: no client has this email',
        '',
      ].join('\n'),
    );
    expect(dry.stderr).toMatch(/Dry run of .*dry\.csv: nothing was changed/);
    expect(dry.stderr).toMatch(/to update\s+1/);
    expect(dry.stderr).toMatch(/unchanged\s+1/);
    expect(dry.stderr).toMatch(/unmatched\s+1/);
    expect(parseReport(readFileSync(report, 'utf8'))).toEqual([
      {
        row: '1',
        line: '2',
        status: 'to-update',
        client_id: 'cl_000003',
        code: '',
        message: 'Pronouns: (empty) → she/her; Phone: 416-555-0103 → 416-555-0199',
      },
      { row: '2', line: '3', status: 'unchanged', client_id: 'cl_000005', code: '', message: '' },
      {
        row: '3',
        line: '4',
        status: 'unmatched',
        client_id: '',
        code: 'no-match',
        message: 'no client has this email',
      },
    ]);
    const zoe = await client('cl_000003');
    expect(zoe).toMatchObject({ firstName: 'Zoë', lastName: 'Lévesque', phone: '416-555-0103', pronouns: null });
  });

  it('applies matched rows, leaves unchanged ones, reports unmatched ones (exit 8); a re-run applies nothing twice', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'apply.csv',
      [
        'First Name,Last Name,Email,Phone,Target Occupations',
        'Liam,Sutherland,liam.sutherland11@example.org,437-555-0999,Cook|Baker',
        'Mei,Chen,mei.chen12@example.com,647-555-0112,',
        'Nobody,Known,nobody.known@example.org,416-555-0100,',
        // The email of Chloé Da Silva under another name: never merged into her record.
        'Someone,Else,chloe.dasilva6@example.com,416-555-0100,',
      ].join('\n'),
    );
    const report = path.join(dir, 'report.csv');
    const applied = await run(['clients', 'update', '--from-file', file, '--yes', '--report', report]);
    expect(applied.exitCode, applied.stderr).toBe(PARTIAL);
    expect(applied.stdout).toContain(
      'row 1 (line 2) cl_000011: updated: Phone: 437-555-0111 → 437-555-0999; Target Occupations',
    );
    expect(applied.stderr).toContain('error: 2 of 4 rows were not applied');
    const lines = parseReport(readFileSync(report, 'utf8'));
    expect(lines.map((l) => [l.status, l.client_id, l.code])).toEqual([
      ['updated', 'cl_000011', ''],
      ['unchanged', 'cl_000012', ''],
      ['unmatched', '', 'no-match'],
      ['refused', 'cl_000006', 'email-of-another-person'],
    ]);
    expect(await client('cl_000011')).toMatchObject({ phone: '437-555-0999', targetOccupations: ['Cook', 'Baker'] });
    expect(await client('cl_000006')).toMatchObject({ firstName: 'Chloé', phone: '647-555-0106' });
    // The journal keeps which fields changed, never their values.
    const journal = readFileSync(`${file}.portalctl-update-journal`, 'utf8');
    expect(journal).toContain('"msg":"changed: phone, targetOccupations"');
    expect(journal).not.toContain('437-555-0999');

    const again = await run(['clients', 'update', '--from-file', file, '--yes', '--json']);
    expect(again.exitCode).toBe(PARTIAL);
    expect(JSON.parse(again.stdout)).toMatchObject({ finishedEarlier: 4, updated: 1, unchanged: 1, results: [] });
  });

  it('a CaMS-owned field refuses its row whole, naming the field; other fields of CaMS clients are applied', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'cams.csv',
      ['CaMS Client Reference Number,Phone,Pronouns', '140031676,416-555-0000,he/him', '140055433,,they/them'].join(
        '\n',
      ),
    );
    const report = path.join(dir, 'report.csv');
    const result = await run(['clients', 'update', '--from-file', file, '--yes', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(PARTIAL);
    const refusal =
      'Phone: 416-555-0104 → 416-555-0000: Phone comes from CaMS while cl_000004 is linked to CaMS: update this in CaMS (nothing in this row was changed; leave this cell empty to apply the rest)';
    expect(result.stdout).toContain(`row 1 (line 2) cl_000004: refused: ${refusal}`);
    expect(parseReport(readFileSync(report, 'utf8'))).toEqual([
      { row: '1', line: '2', status: 'refused', client_id: 'cl_000004', code: 'cams-owned-field', message: refusal },
      {
        row: '2',
        line: '3',
        status: 'updated',
        client_id: 'cl_000007',
        code: '',
        message: 'Pronouns: she/her → they/them',
      },
    ]);
    // Not half-applied: the pronouns of the refused row stay as they were.
    expect(await client('cl_000004')).toMatchObject({ phone: '416-555-0104', pronouns: 'they/them' });
    expect(await client('cl_000007')).toMatchObject({ pronouns: 'they/them' });
  });

  it('a new email is pending until the client confirms it, as with clients edit; a re-run sends no second confirmation', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'email.csv', 'CA Number,Email\nCA-3001008,kwame.new@example.org\n');
    const dry = await run(['clients', 'update', '--from-file', file, '--dry-run']);
    expect(dry.stdout).toContain(
      'cl_000008: to update: Email: kwame.chen8@example.com → kwame.new@example.org (pending until the client confirms)',
    );
    const applied = await run(['clients', 'update', '--from-file', file, '--yes']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/updated\s+1 {2}1 email changes pending confirmation/);
    expect(await client('cl_000008')).toMatchObject({
      email: 'kwame.chen8@example.com',
      pendingEmail: 'kwame.new@example.org',
    });
    expect(await confirmations('kwame.new@example.org')).toBe(1);

    // Started over: the change already pending is no change, and is not sent again.
    const restarted = await run(['clients', 'update', '--from-file', file, '--yes', '--restart', '--json']);
    expect(restarted.exitCode, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await confirmations('kwame.new@example.org')).toBe(1);
  });

  it('resumes a run cut off after a row was sent: that row counts as updated, applied once', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'resume.csv',
      'First Name,Last Name,Email,Phone\nHarpreet,Santos,harpreet.santos15@example.org,437-555-0777\n',
    );
    const first = await run(['clients', 'update', '--from-file', file, '--yes']);
    expect(first.exitCode, first.stderr).toBe(0);
    // As a kill -9 right after the request left would leave it: the row sent, no outcome, no end.
    const journalPath = `${file}.portalctl-update-journal`;
    const kept = journalLines(journalPath).filter((l) => l.t !== 'done' && l.t !== 'end');
    writeFileSync(journalPath, `${kept.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const resumed = await run(['clients', 'update', '--from-file', file, '--yes', '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      updated: 1,
      unchanged: 0,
      results: [
        { row: 1, status: 'updated', clientId: 'cl_000015', message: 'changed by the run that was interrupted' },
      ],
    });
    expect(await client('cl_000015')).toMatchObject({ phone: '437-555-0777' });
  });

  it('a new email another client holds: the dry run says the row is refused (email-taken), as the real run then does', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'taken.csv',
      'CaMS Client Reference Number,Email\n140055433,zoe.levesque3@example.org\n',
    );
    const plan = path.join(dir, 'plan.csv');
    const dry = await run(['clients', 'update', '--from-file', file, '--dry-run', '--report', plan]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('row 1 (line 2) cl_000007: refused: Email: ');
    expect(dry.stdout).toContain(
      'the new email is already the email of cl_000003: every client needs their own (nothing in this row would be changed)',
    );
    expect(dry.stderr).toMatch(/to update\s+0/);
    expect(dry.stderr).toMatch(/refused\s+1/);
    expect(parseReport(readFileSync(plan, 'utf8'))).toMatchObject([
      { row: '1', status: 'refused', client_id: 'cl_000007', code: 'email-taken' },
    ]);
    const report = path.join(dir, 'report.csv');
    const applied = await run(['clients', 'update', '--from-file', file, '--yes', '--report', report]);
    expect(applied.exitCode, applied.stderr).toBe(PARTIAL);
    expect(parseReport(readFileSync(report, 'utf8'))).toMatchObject([
      { row: '1', status: 'refused', client_id: 'cl_000007', code: 'email-taken' },
    ]);
    expect(await confirmations('zoe.levesque3@example.org')).toBe(0);
  });

  it('--retry-failed REPORT tries again only the rows not applied, once resolved; the others are not sent again', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'retry.csv',
      [
        'First Name,Last Name,Email,Phone,Pronouns',
        // The portal has her name as Rodríguez: not the same person until someone says so.
        'Olivia,Rodrigues,olivia.rodriguez18@example.com,647-555-0999,',
        'Leila,Haile,leila.haile19@example.org,,she/her',
      ].join('\n'),
    );
    const first = path.join(dir, 'first.csv');
    const run1 = await run(['clients', 'update', '--from-file', file, '--yes', '--report', first]);
    expect(run1.exitCode, run1.stderr).toBe(PARTIAL);
    expect(run1.stderr).toContain(`--retry-failed ${first}`);
    expect(parseReport(readFileSync(first, 'utf8')).map((r) => [r.status, r.client_id, r.code])).toEqual([
      ['refused', 'cl_000018', 'email-of-another-person'],
      ['updated', 'cl_000019', ''],
    ]);
    const updates = async (id: string) =>
      JSON.parse((await run(['audit', 'list', '--entity', id, '--action', 'client.update', '--json'])).stdout).length;
    expect(await updates('cl_000019')).toBe(1);

    const both = await run(['clients', 'update', '--from-file', file, '--yes', '--restart', '--retry-failed', first]);
    expect(both.exitCode).toBe(USAGE);
    expect(both.stderr).toContain('--retry-failed');

    // Resolved: her name in the portal was the mistake.
    const edited = await run(['clients', 'edit', 'cl_000018', '--last-name', 'Rodrigues', '--yes']);
    expect(edited.exitCode, edited.stderr).toBe(0);
    const second = path.join(dir, 'second.csv');
    const run2 = await run([
      ...['clients', 'update', '--from-file', file, '--yes'],
      ...['--retry-failed', first, '--report', second],
    ]);
    expect(run2.exitCode, run2.stderr).toBe(0);
    expect(parseReport(readFileSync(second, 'utf8')).map((r) => [r.status, r.client_id])).toEqual([
      ['updated', 'cl_000018'],
      ['updated', 'cl_000019'],
    ]);
    expect(await client('cl_000018')).toMatchObject({ phone: '647-555-0999' });
    expect(await updates('cl_000019')).toBe(1);
  });

  it('needs --yes without a terminal, and stops on an invalid row naming it', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'bad.csv',
      'First Name,Last Name,Email,Date of Birth\nMei,Chen,mei.chen12@example.com,2999-01-01\n',
    );
    const invalid = await run(['clients', 'update', '--from-file', file, '--yes']);
    expect(invalid.exitCode).toBe(USAGE);
    expect(invalid.stderr).toContain('row 1 (line 2)');
    expect(invalid.stderr).toContain('error: 1 of 1 rows is invalid; nothing was changed');
    const good = writeCsv(
      dir,
      'good.csv',
      'First Name,Last Name,Email,Phone\nMei,Chen,mei.chen12@example.com,647-555-0100\n',
    );
    const noYes = await run(['clients', 'update', '--from-file', good]);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('pass --yes to confirm when not running interactively');
    expect(await client('cl_000012')).toMatchObject({ phone: '647-555-0112' });
  });
});
