// A portal that requires a reason (portalctl server --require-reason): every command that emails
// someone or removes access is refused without --reason, naming the flag, and changes nothing.
import { describe, expect, it } from 'vitest';
import { apiGet, jsonError, outbox } from '../helpers/e2e.js';
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
];

describe('a portal that requires a reason', () => {
  for (const args of COMMANDS) {
    it(`${args.slice(0, 3).join(' ')}: refused without --reason, naming it; nothing sent or changed`, async () => {
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
