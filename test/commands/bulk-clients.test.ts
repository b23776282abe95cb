// The many-clients forms of clients restore, assign-staff (a caseload moved with --replace),
// unassign-staff and refer, through the bulk engine (src/bulk/actions.ts): a query or a file, a
// --dry-run that changes nothing (the audit log and the outbox counted), --yes, one result per
// client, a report, exit 8 when some failed and --retry-failed for those.
//
// Seed (fixtures/seed.json): id mod 7 = 3 archived. Caseloads: st_cwa004 (Liam O'Connor, Northstar)
// cl_000004, 20, 36 (with st_cwa001), 60, 74, 80, 96; st_cwc001 (Noah Whitehead, Rideau) cl_000132,
// 134, 136, 138 (with st_provc01), 140. Northstar and Lakeshore are one group, Rideau another.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { workDir, writeCsv } from '../e2e/import-support.js';
import { apiGet, clientById } from '../helpers/e2e.js';
import { PARTIAL, USAGE } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

interface AuditEntry {
  action: string;
  entityId: string;
  detail: Record<string, unknown> | null;
}
async function audit(action?: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: AuditEntry[]; nextCursor: string | null } = await apiGet(
      portal(),
      `/v1/audit?limit=500${action ? `&action=${action}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    entries.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}
async function outboxTotal(): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; nextCursor: string | null } = await apiGet(
      portal(),
      `/v1/outbox?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    total += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}
const results = (stdout: string) =>
  (JSON.parse(stdout) as { clientId: string; status: string; code: string | null }[]).map((r) => [
    r.clientId,
    r.status,
    r.code,
  ]);
const caseload = async (staffId: string) =>
  (await apiGet<{ data: Client[] }>(portal(), `/v1/clients?caseworkerId=${staffId}&limit=500`)).data.map((c) => c.id);

describe('clients restore, many clients', () => {
  it('a file: --dry-run changes nothing; --yes restores, skips who is not archived, an unknown id fails (exit 8), --retry-failed retries it', async () => {
    const dir = workDir();
    // cl_000010 and cl_000017 archived, cl_000011 not, cl_009999 does not exist.
    const file = writeCsv(dir, 'returning.csv', 'id\ncl_000010\ncl_000017\ncl_000011\ncl_009999\n');
    const auditBefore = (await audit()).length;
    const dry = await run(['clients', 'restore', '--from-file', file, '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual([
      expect.objectContaining({ clientId: 'cl_000010', action: 'client.restore' }),
      expect.objectContaining({ clientId: 'cl_000017', action: 'client.restore' }),
      expect.objectContaining({ clientId: 'cl_000011', action: 'skip', reason: 'not archived' }),
      expect.objectContaining({ action: 'fail', reason: 'line 5: no such client' }),
    ]);
    expect((await getClient('cl_000010')).archived).toBe(true);
    expect((await audit()).length).toBe(auditBefore);

    const report = path.join(dir, 'report.csv');
    const r = await run(['clients', 'restore', '--from-file', file, '--yes', '--json', '--report', report]);
    expect(r.exitCode, r.stderr).toBe(PARTIAL);
    expect(results(r.stdout)).toEqual([
      ['cl_000010', 'done', null],
      ['cl_000017', 'done', null],
      ['cl_000011', 'skipped', 'not-archived'],
      ['cl_009999', 'failed', 'not-found'],
    ]);
    expect((await getClient('cl_000010')).archived).toBe(false);
    expect((await getClient('cl_000017')).archived).toBe(false);
    expect((await audit('client.restore')).filter((e) => e.entityId === 'cl_000010')).toHaveLength(1);
    expect(parse(readFileSync(report, 'utf8'), { columns: true })).toEqual([
      expect.objectContaining({ client_id: 'cl_000010', status: 'done' }),
      expect.objectContaining({ client_id: 'cl_000017', status: 'done' }),
      expect.objectContaining({ client_id: 'cl_000011', status: 'skipped', code: 'not-archived' }),
      expect.objectContaining({ client_id: 'cl_009999', status: 'failed', code: 'not-found' }),
    ]);

    const retry = await run(['clients', 'restore', '--retry-failed', report, '--yes', '--json']);
    expect(retry.exitCode).toBe(PARTIAL);
    expect(results(retry.stdout)).toEqual([['cl_009999', 'failed', 'not-found']]);
  });

  it('a query looks among archived clients; more than one needs --yes without a terminal', async () => {
    const archived = (
      await apiGet<{ data: Client[] }>(portal(), '/v1/clients?archived=true&providerId=sp_lakeshore&limit=500')
    ).data.map((c) => c.id);
    expect(archived.length).toBeGreaterThan(1);
    const refused = await run(['clients', 'restore', '--provider', 'sp_lakeshore']);
    expect(refused.exitCode).toBe(USAGE);
    expect(refused.stderr).toContain(`this changes ${archived.length} clients: pass --yes`);
    const r = await run(['clients', 'restore', '--provider', 'sp_lakeshore', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(results(r.stdout)).toEqual(archived.map((id) => [id, 'done', null]));
    for (const id of archived) expect((await getClient(id)).archived).toBe(false);
  });

  it('one client: --dry-run says what would change and changes nothing', async () => {
    const before = (await audit()).length;
    const r = await run(['clients', 'restore', 'cl_000024', '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dryRun: true,
      action: 'client.restore',
      clientId: 'cl_000024',
      changes: [{ field: 'archived', from: true, to: false }],
    });
    expect((await getClient('cl_000024')).archived).toBe(true);
    expect((await audit()).length).toBe(before);
  });
});

describe('clients assign-staff and unassign-staff, many clients', () => {
  it('moves a caseload: --caseworker selects it, --replace removes the old caseworker with the reason; --dry-run changes nothing', async () => {
    const kept = await caseload('st_cwa004');
    expect(kept).toEqual(['cl_000004', 'cl_000020', 'cl_000036', 'cl_000060', 'cl_000074', 'cl_000096']);
    const args = [
      'clients',
      'assign-staff',
      '--caseworker',
      "Liam O'Connor",
      '--staff',
      'Fatima Siddiqui',
      '--replace',
      "Liam O'Connor",
      '--reason',
      'Liam moved to another team',
    ];
    const auditBefore = (await audit()).length;
    const dry = await run([...args, '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as { clientId: string; receives: string }[];
    expect(planned.map((t) => t.clientId)).toEqual(kept);
    expect(planned[0]!.receives).toBe("caseworker Liam O'Connor replaced by Fatima Siddiqui");
    expect(dry.stderr).toContain("6 to have Liam O'Connor replaced by Fatima Siddiqui");
    expect((await audit()).length).toBe(auditBefore);
    expect(await caseload('st_cwa004')).toEqual(kept);

    const r = await run([...args, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(results(r.stdout)).toEqual(kept.map((id) => [id, 'done', null]));
    expect(await caseload('st_cwa004')).toEqual([]);
    for (const id of kept) expect((await getClient(id)).caseworkerIds).toContain('st_cwa003');
    expect((await getClient('cl_000036')).caseworkerIds).toEqual(['st_cwa001', 'st_cwa003']);
    const removed = (await audit('client.staff.unassign')).filter((e) => kept.includes(e.entityId));
    expect(removed).toHaveLength(kept.length);
    for (const e of removed)
      expect(e.detail).toMatchObject({ staffId: 'st_cwa004', reason: 'Liam moved to another team' });
  });

  it('a file: staff of another provider is skipped, an unknown id fails (exit 8), the report lists each', async () => {
    const dir = workDir();
    // cl_000035 a Northstar referral, cl_000104 at Lakeshore, cl_009999 does not exist.
    const file = writeCsv(dir, 'referrals.txt', 'cl_000035\ncl_000104\ncl_009999\n');
    const report = path.join(dir, 'report.csv');
    const r = await run([
      'clients',
      'assign-staff',
      '--from-file',
      file,
      '--staff',
      'st_cwa002',
      '--yes',
      '--json',
      '--report',
      report,
    ]);
    expect(r.exitCode, r.stderr).toBe(PARTIAL);
    expect(results(r.stdout)).toEqual([
      ['cl_000035', 'done', null],
      ['cl_000104', 'skipped', 'other-provider'],
      ['cl_009999', 'failed', 'not-found'],
    ]);
    expect(await getClient('cl_000035')).toMatchObject({ caseworkerIds: ['st_cwa002'], status: 'client' });
    expect((await getClient('cl_000104')).caseworkerIds).not.toContain('st_cwa002');
    expect(r.stderr).toContain(`--retry-failed ${report}`);
    expect(readFileSync(report, 'utf8')).toContain('cl_009999,,failed,not-found');
  });

  it('unassign-staff --caseworker alone removes that caseworker from their caseload, with the reason; --dry-run changes nothing', async () => {
    const kept = await caseload('st_cwc001');
    expect(kept.length).toBeGreaterThan(1);
    const auditBefore = (await audit()).length;
    const args = ['clients', 'unassign-staff', '--caseworker', 'st_cwc001', '--reason', 'Left the team'];
    const dry = await run([...args, '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect((JSON.parse(dry.stdout) as { clientId: string }[]).map((t) => t.clientId)).toEqual(kept);
    expect((await audit()).length).toBe(auditBefore);

    const r = await run([...args, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(results(r.stdout)).toEqual(kept.map((id) => [id, 'done', null]));
    expect(await caseload('st_cwc001')).toEqual([]);
    const entries = (await audit('client.staff.unassign')).filter((e) => e.detail?.staffId === 'st_cwc001');
    expect(entries.map((e) => e.entityId).sort()).toEqual([...kept].sort());
    for (const e of entries) expect(e.detail).toMatchObject({ reason: 'Left the team' });
  });

  it('the many-clients form names what it needs', async () => {
    const noStaff = await run(['clients', 'unassign-staff', '--status', 'client', '--yes']);
    expect(noStaff.exitCode).toBe(USAGE);
    expect(noStaff.stderr).toContain('--staff is required with many clients');
    const reasonAlone = await run([
      'clients',
      'assign-staff',
      '--status',
      'referral',
      '--staff',
      'st_cwa002',
      '--reason',
      'x',
    ]);
    expect(reasonAlone.exitCode).toBe(USAGE);
    expect(reasonAlone.stderr).toContain('--reason applies with --replace');
  });
});

describe('clients refer, many clients', () => {
  it('a file: --dry-run changes nothing; --yes refers each, skipping who is there already or in another group; --retry-failed', async () => {
    const dir = workDir();
    // cl_000001 and cl_000002 at Northstar, cl_000102 at Lakeshore, cl_000132 at Rideau (another group).
    const file = writeCsv(dir, 'moving.csv', 'Email,id\n,cl_000001\n,cl_000002\n,cl_000102\n,cl_000132\n,cl_009999\n');
    const auditBefore = (await audit()).length;
    const outboxBefore = await outboxTotal();
    const args = ['clients', 'refer', '--from-file', file, '--provider', 'Lakeshore Career Centre'];
    const dry = await run([...args, '--reason', 'Office closing', '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(
      (JSON.parse(dry.stdout) as { clientId: string; action: string }[]).map((t) => [t.clientId, t.action]),
    ).toEqual([
      ['cl_000001', 'client.refer'],
      ['cl_000002', 'client.refer'],
      ['cl_000102', 'skip'],
      ['cl_000132', 'skip'],
      [null, 'fail'],
    ]);
    expect((await getClient('cl_000001')).providerId).toBe('sp_northstar');
    expect((await audit()).length).toBe(auditBefore);
    expect(await outboxTotal()).toBe(outboxBefore);

    const report = path.join(dir, 'report.csv');
    const r = await run([...args, '--reason', 'Office closing', '--yes', '--json', '--report', report]);
    expect(r.exitCode, r.stderr).toBe(PARTIAL);
    expect(results(r.stdout)).toEqual([
      ['cl_000001', 'done', null],
      ['cl_000002', 'done', null],
      ['cl_000102', 'skipped', 'already-there'],
      ['cl_000132', 'skipped', 'provider-not-in-group'],
      ['cl_009999', 'failed', 'not-found'],
    ]);
    expect(await getClient('cl_000002')).toMatchObject({ providerId: 'sp_lakeshore', caseworkerIds: [] });
    expect((await getClient('cl_000002')).referral.reasons).toBe('Office closing');
    expect((await audit('client.refer')).filter((e) => e.entityId === 'cl_000001')).toHaveLength(1);

    const retry = await run([
      'clients',
      'refer',
      '--retry-failed',
      report,
      '--provider',
      'sp_lakeshore',
      '--yes',
      '--json',
    ]);
    expect(retry.exitCode).toBe(PARTIAL);
    expect(results(retry.stdout)).toEqual([['cl_009999', 'failed', 'not-found']]);
  });

  it('a query: --from-provider chooses the clients, --provider where they go; --provider is required', async () => {
    const referrals = (
      await apiGet<{ data: Client[] }>(
        portal(),
        '/v1/clients?providerId=sp_northstar&status=referral&search=thompson&limit=500',
      )
    ).data.map((c) => c.id);
    expect(referrals.length).toBeGreaterThan(0);
    const missing = await run(['clients', 'refer', '--from-provider', 'sp_northstar', '--status', 'referral', '--yes']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('--provider is required with many clients');
    const r = await run([
      'clients',
      'refer',
      '--from-provider',
      'sp_northstar',
      '--status',
      'referral',
      '--search',
      'thompson',
      '--provider',
      'sp_lakeshore',
      '--yes',
      '--json',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(results(r.stdout)).toEqual(referrals.map((id) => [id, 'done', null]));
    for (const id of referrals) expect((await getClient(id)).providerId).toBe('sp_lakeshore');
  });
});
