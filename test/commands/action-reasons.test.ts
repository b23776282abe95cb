// --reason on every command that emails someone or removes access: kept in the audit entry, shown
// by `audit list` (the DETAIL column, and detail.reason in --json). A portal that requires one:
// test/commands/require-reason.test.ts.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { api, apiGet, putForwardCandidate } from '../helpers/e2e.js';
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
  let candidateClient = '';
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
    {
      args: () => [
        ...['clients', 'representatives', 'invite', 'cl_000009'],
        ...['--first-name', 'Ada', '--last-name', 'Reason', '--email', 'ada.reason@example.org'],
      ],
      entity: () => 'cl_000009',
      action: 'client.representative.invite',
    },
    {
      args: () => ['clients', 'representatives', 'resend', 'cl_000004', 'rp_000001', '--yes'],
      entity: () => 'cl_000004',
      action: 'client.representative.resend',
    },
    {
      args: () => ['clients', 'representatives', 'remove', 'cl_000013', 'rp_000002', '--yes'],
      entity: () => 'cl_000013',
      action: 'client.representative.remove',
    },
    { args: () => ['cams', 'unlink', 'cl_000007', '--yes'], entity: () => 'cl_000007', action: 'client.cams.unlink' },
    {
      args: async () => {
        const invited = await api(portal(), '/v1/clients/cl_000009/representatives', {
          method: 'POST',
          body: { firstName: 'Dee', lastName: 'Clined', email: 'dee.clined@example.org' },
        });
        expect(invited.status).toBe(201);
        return ['clients', 'representatives', 'decline', 'cl_000009', 'dee.clined@example.org'];
      },
      entity: () => 'cl_000009',
      action: 'client.representative.decline',
    },
    {
      args: () => ['portal', 'users', 'access', 'pu_000002', '--jobs', 'jb_maple001'],
      entity: () => 'pu_000002',
      action: 'portal-user.access',
    },
    {
      args: () => ['portal', 'users', 'reactivate', 'pu_000003', '--send-link', '--yes'],
      entity: () => 'pu_000003',
      action: 'portal-user.reactivate',
    },
    {
      args: () => ['portals', 'jobs', 'remove', 'po_northstar01', 'jb_maple003', '--yes'],
      entity: () => 'po_northstar01',
      action: 'client-portal.job.remove',
    },
    {
      args: async () => {
        const { body } = await api<{ data: { id: string; clientId: string }[] }>(
          portal(),
          '/v1/portals/po_northstar01/candidates',
        );
        candidateClient = body.data.find((c) => c.id === 'cd_000002')!.clientId;
        return ['portals', 'candidates', 'remove', 'po_northstar01', 'cd_000002', '--yes'];
      },
      entity: () => candidateClient,
      action: 'client-portal.candidate.remove',
    },
    {
      args: async () => {
        // Something to tell the portal's users: a candidate put forward.
        await putForwardCandidate(portal());
        return ['portals', 'notify', 'po_northstar01', '--yes'];
      },
      entity: () => 'po_northstar01',
      action: 'client-portal.notice',
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

  it('clients add (sending the invitation) and portal users invite: the reason is in the audit entry of the one added', async () => {
    const added = await run([
      ...['clients', 'add', '--first-name', 'Rhea', '--last-name', 'Reason', '--email', 'rhea.reason@example.org'],
      ...['--no-link', '--provider', 'sp_northstar', '--reason', REASON, '--json'],
    ]);
    expect(added.exitCode, added.stderr).toBe(0);
    const client = JSON.parse(added.stdout) as Client;
    expect((await lastAudit(client.id, 'client.create')).detail).toMatchObject({ invited: true, reason: REASON });
    const invited = await run([
      ...['portal', 'users', 'invite', '--email', 'li.reason@maple-logistics.example.com', '--first-name', 'Li'],
      ...['--last-name', 'Reason', '--portal', 'po_northstar01', '--all-jobs', '--reason', REASON, '--json'],
    ]);
    expect(invited.exitCode, invited.stderr).toBe(0);
    const { user } = JSON.parse(invited.stdout) as { user: { id: string } };
    expect((await lastAudit(user.id, 'portal-user.invite')).detail).toMatchObject({ reason: REASON });
  });

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
