// A portal that requires a reason (portalctl server --require-reason): every command that emails
// someone or removes access is refused without --reason, naming the flag, and changes nothing.
// Narrowing a portal user's access and recording a representative's decline remove access too.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, apiGet, jsonError, outbox, putForwardCandidate } from '../helpers/e2e.js';
import { CONFLICT as REFUSED } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal({ server: { requireReason: true } });
const run = runner(portal);

const COMMANDS: string[][] = [
  ['invite', 'send', 'cl_000015', '--yes'],
  ['invite', 'resend', 'cl_000011', '--yes'],
  ['clients', 'password-reset', 'cl_000022', '--yes'],
  ['clients', 'archive', 'cl_000006', '--yes'],
  ['clients', 'unassign-staff', 'cl_000004', '--staff', 'st_cwa004'],
  ['portal', 'users', 'deactivate', 'pu_000004', '--yes'],
  ['portal', 'users', 'send-link', 'pu_000005', '--yes'],
  ['portal', 'users', 'expire-link', 'ln_000003', '--yes'],
  ['portal', 'users', 'expire-link', '--user', 'pu_000008', '--all', '--yes'],
  [
    ...['clients', 'add', '--first-name', 'Rhea', '--last-name', 'Reason', '--email', 'rhea.reason@example.org'],
    ...['--no-link', '--provider', 'sp_northstar'],
  ],
  [
    ...['clients', 'representatives', 'invite', 'cl_000009'],
    ...['--first-name', 'Ada', '--last-name', 'Reason', '--email', 'ada.reason@example.org'],
  ],
  ['clients', 'representatives', 'resend', 'cl_000004', 'rp_000001', '--yes'],
  ['clients', 'representatives', 'remove', 'cl_000013', 'rp_000002', '--yes'],
  ['cams', 'unlink', 'cl_000007', '--yes'],
  ['clients', 'representatives', 'decline', 'cl_000009', 'dee.clined@example.org'],
  ['portal', 'users', 'access', 'pu_000001', '--jobs', 'jb_maple001'],
  [
    ...['portal', 'users', 'invite', '--email', 'li.reason@maple-logistics.example.com', '--first-name', 'Li'],
    ...['--last-name', 'Reason', '--portal', 'po_northstar01', '--all-jobs'],
  ],
  ['portal', 'users', 'reactivate', 'pu_000003', '--send-link', '--yes'],
  ['portals', 'jobs', 'remove', 'po_northstar01', 'jb_maple003', '--yes'],
  ['portals', 'candidates', 'remove', 'po_northstar01', 'cd_000002', '--yes'],
  ['portals', 'notify', 'po_northstar01', '--yes'],
];

// Something for `portals notify` to tell: a candidate put forward.
beforeAll(async () => {
  await putForwardCandidate(portal());
  // Someone whose invitation is pending, for `representatives decline`.
  const rep = await api(portal(), '/v1/clients/cl_000009/representatives', {
    method: 'POST',
    body: { firstName: 'Dee', lastName: 'Clined', email: 'dee.clined@example.org', reason: 'Asked by the client' },
  });
  expect(rep.status).toBe(201);
});

describe('a portal that requires a reason', () => {
  for (const args of COMMANDS) {
    it(`${args.slice(0, 4).join(' ')}: refused without --reason, naming it; nothing sent or changed`, async () => {
      const mails = (await outbox(portal(), '')).length;
      const audit = (await apiGet<{ data: unknown[] }>(portal(), '/v1/audit?limit=500')).data.length;
      const r = await run([...args, '--json']);
      expect(r.exitCode).toBe(REFUSED);
      expect(r.stderr).toContain('error: --reason is required: this portal asks why');
      expect(r.stderr).toContain('hint: add --reason');
      expect(jsonError(r)).toMatchObject({ kind: 'validation', code: 'validation' });
      expect((await outbox(portal(), '')).length).toBe(mails);
      expect((await apiGet<{ data: unknown[] }>(portal(), '/v1/audit?limit=500')).data.length).toBe(audit);
      const given = await run([...args, '--reason', 'Checked with the client by phone']);
      expect(given.exitCode, given.stderr).toBe(0);
    });
  }
});
