// --reason on every command that emails someone or removes access: kept in the audit entry, shown
// by `audit list` (the DETAIL column, and detail.reason in --json). A portal that requires one:
// test/commands/require-reason.test.ts.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { api, apiGet } from '../helpers/e2e.js';
import { USAGE } from '../helpers/exit-codes.js';
import { ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const REASON = 'Asked for it by phone on Monday';

async function clientWithCaseworker(): Promise<Client> {
  const { status, body } = await api<Client>(portal(), '/v1/clients', {
    method: 'POST',
    token: ADMIN,
    body: {
      firstName: 'Tomas',
      lastName: 'Reasonable',
      email: 'tomas.reasonable@example.org',
      caseworkerIds: ['st_cwa001'],
    },
  });
  expect(status).toBe(201);
  return body;
}

async function lastAudit(entity: string, action: string): Promise<{ detail: Record<string, unknown> | null }> {
  const { data } = await apiGet<{ data: { detail: Record<string, unknown> | null }[] }>(
    portal(),
    `/v1/audit?entityId=${entity}&action=${action}`,
  );
  expect(data.length, `an audit entry ${action} of ${entity}`).toBeGreaterThan(0);
  return data[0]!;
}

describe('--reason', () => {
  const cases: Array<{ args: () => Promise<string[]> | string[]; entity: () => string; action: string }> = [];
  let unassigned = '';
  cases.push(
    { args: () => ['invite', 'send', 'cl_000015', '--yes'], entity: () => 'cl_000015', action: 'client.invite.send' },
    {
      args: () => ['invite', 'resend', 'cl_000011', '--yes'],
      entity: () => 'cl_000011',
      action: 'client.invite.resend',
    },
    {
      args: () => ['clients', 'password-reset', 'cl_000022', '--yes'],
      entity: () => 'cl_000022',
      action: 'client.password-reset',
    },
    { args: () => ['clients', 'archive', 'cl_000006', '--yes'], entity: () => 'cl_000006', action: 'client.archive' },
    {
      args: async () => {
        unassigned = (await clientWithCaseworker()).id;
        return ['clients', 'unassign-staff', unassigned, '--staff', 'st_cwa001'];
      },
      entity: () => unassigned,
      action: 'client.staff.unassign',
    },
    {
      args: () => ['portal', 'users', 'deactivate', 'pu_000004', '--yes'],
      entity: () => 'pu_000004',
      action: 'portal-user.deactivate',
    },
    {
      args: () => ['portal', 'users', 'send-link', 'pu_000005', '--yes'],
      entity: () => 'pu_000005',
      action: 'portal-user.link.send',
    },
    {
      args: () => ['portal', 'users', 'expire-link', 'ln_000003', '--yes'],
      entity: () => 'ln_000003',
      action: 'shared-link.expire',
    },
    {
      args: () => ['portal', 'users', 'expire-link', '--user', 'pu_000008', '--all', '--yes'],
      entity: () => 'pu_000008',
      action: 'portal-user.links.expire',
    },
  );
  for (const c of cases) {
    it(`${c.action}: the reason is in the audit entry`, async () => {
      const args = await c.args();
      const r = await run([...args, '--reason', REASON]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect((await lastAudit(c.entity(), c.action)).detail).toMatchObject({ reason: REASON });
    });
  }

  it('audit list shows it: "reason: …" in the DETAIL column, detail.reason in --json', async () => {
    const r = await run(['clients', 'archive', 'cl_000027', '--yes', '--reason', 'Moved out of the province']);
    expect(r.exitCode, r.stderr).toBe(0);
    const table = await run(['audit', 'list', '--entity', 'cl_000027', '--action', 'client.archive', '-o', 'table']);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toContain('reason: Moved out of the province');
    const json = await run(['audit', 'list', '--entity', 'cl_000027', '--action', 'client.archive', '--json']);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({
      action: 'client.archive',
      detail: { reason: 'Moved out of the province' },
    });
    // Other details stay beside it.
    const unassign = await run(['audit', 'list', '--action', 'client.staff.unassign', '-o', 'table']);
    expect(unassign.stdout).toContain(`reason: ${REASON}; {"staffId":"st_cwa001"}`);
  });

  it('an empty reason or one on two lines is refused before anything is sent, naming --reason', async () => {
    for (const reason of ['', 'two\nlines']) {
      const r = await run(['clients', 'archive', 'cl_000034', '--yes', '--reason', reason]);
      expect(r.exitCode).toBe(USAGE);
      expect(r.stderr).toContain('--reason');
    }
    const { data } = await apiGet<{ data: unknown[] }>(portal(), '/v1/audit?entityId=cl_000034&action=client.archive');
    expect(data).toEqual([]);
  });
});
