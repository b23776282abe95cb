// `clients import --reason`: kept in the audit entry of each client invited, sent batched or one
// request per row. A portal that requires reasons (portalctl server --require-reason) has an
// import that would send invitations without one refused before anything is sent; a resumed
// import keeps the reason it was started with.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { clientsCsv, journalLines, workDir, writeCsv } from '../e2e/import-support.js';
import { apiGet, jsonError, outbox, type PortalAddress } from '../helpers/e2e.js';
import { CANCELLED, CONFLICT as REFUSED, USAGE } from '../helpers/exit-codes.js';
import { ctrlCAfterYes, runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const strict = useInProcessPortal({ server: { requireReason: true } });
const run = runner(portal);
const runStrict = runner(strict);
const REASON = 'Spring intake, agreed at the open house';

/** The detail of the audit entry that added the client with this email (undefined: no such client). */
async function creationDetail(p: PortalAddress, email: string): Promise<Record<string, unknown> | null | undefined> {
  const { data } = await apiGet<{ data: Client[] }>(p, `/v1/clients?email=${encodeURIComponent(email)}`);
  if (!data[0]) return undefined;
  const audit = await apiGet<{ data: { detail: Record<string, unknown> | null }[] }>(
    p,
    `/v1/audit?entityId=${data[0].id}&action=client.create`,
  );
  return audit.data[0]?.detail;
}

const emailsOf = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => `${tag.toLowerCase()}.${i + 1}@example.org`);
const clientCount = async (p: PortalAddress) =>
  (await apiGet<{ data: unknown[] }>(p, '/v1/clients?limit=500')).data.length;

describe('clients import --reason', () => {
  for (const [how, flags] of [
    ['batched', []],
    ['one request per row', ['--no-batch']],
  ] as const) {
    it(`${how}: the reason is in the audit entry of each client invited`, async () => {
      const tag = `Reasoned${flags.length}`;
      const file = writeCsv(workDir(), 'reasoned.csv', clientsCsv(3, tag));
      const r = await run([
        'clients',
        'import',
        file,
        '--yes',
        '--no-progress',
        '--reason',
        REASON,
        ...flags,
        '--json',
      ]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ created: 3, invitesSent: 3 });
      expect(r.stderr).toContain(`Reason, for the audit log: ${REASON}`);
      for (const email of emailsOf(3, tag)) {
        expect(await creationDetail(portal(), email)).toMatchObject({ invited: true, reason: REASON });
      }
    });
  }

  it('--dry-run says how many invitations would go out and with what reason; nothing is sent', async () => {
    const file = writeCsv(workDir(), 'dry.csv', clientsCsv(4, 'DryReason'));
    const mails = (await outbox(portal(), '')).length;
    const r = await run(['clients', 'import', file, '--dry-run', '--reason', REASON, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, toCreate: 4, invitesToSend: 4, reason: REASON });
    expect(r.stderr).toMatch(/to create +4\n +to invite +4 {2}each emailed a portal invitation\n/);
    const quiet = await run(['clients', 'import', file, '--dry-run', '--no-invite', '--json']);
    expect(JSON.parse(quiet.stdout)).toMatchObject({ toCreate: 4, invitesToSend: 0 });
    expect(quiet.stderr).toContain('No invitations will be sent (--no-invite).');
    expect(quiet.stderr).not.toContain('to invite');
    expect((await outbox(portal(), '')).length).toBe(mails);
    expect(await creationDetail(portal(), 'dryreason.1@example.org')).toBeUndefined();
  });

  it('a resumed import keeps its reason: another one, or none, is refused naming --reason', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'resumed.csv', clientsCsv(4, 'ResumedReason'));
    const journal = path.join(dir, 'resumed.journal');
    const args = ['clients', 'import', file, '--no-progress', '--state', journal];
    const stopped = await run([...args, '--reason', REASON], undefined, ctrlCAfterYes());
    expect(stopped.exitCode, stopped.stderr).toBe(CANCELLED);
    expect(readFileSync(journal, 'utf8')).not.toContain(REASON);
    expect(journalLines(journal)[0]).toMatchObject({ t: 'run', options: { reason: expect.any(String) } });

    const other = await run([...args, '--yes', '--reason', 'Something else']);
    expect(other.exitCode).toBe(USAGE);
    expect(other.stderr).toContain(
      'error: this import was started with another --reason: the invitations of one import go out with one reason',
    );
    expect(other.stderr).toContain('hint: re-run it with the --reason it was started with to resume');
    const none = await run([...args, '--yes']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('error: this import was started with a --reason, now no --reason');
    expect(await creationDetail(portal(), 'resumedreason.1@example.org')).toBeUndefined();

    const resumed = await run([...args, '--yes', '--reason', REASON, '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 4, pending: 0 });
    for (const email of emailsOf(4, 'ResumedReason')) {
      expect(await creationDetail(portal(), email)).toMatchObject({ reason: REASON });
    }
  });
});

describe('clients import on a portal that requires a reason', () => {
  it('sending invitations without --reason: refused before anything is sent, naming the flag; no journal', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'strict.csv', clientsCsv(150, 'StrictImport'));
    const [mails, clients] = [(await outbox(strict(), '')).length, await clientCount(strict())];
    for (const flags of [[], ['--no-batch']]) {
      const r = await runStrict(['clients', 'import', file, '--yes', '--no-progress', ...flags, '--json']);
      expect(r.exitCode).toBe(REFUSED);
      expect(r.stderr).toContain('error: --reason is required: this portal asks why');
      expect(r.stderr).toContain('hint: add --reason');
      expect(r.stderr).not.toContain('to send');
      expect(jsonError(r)).toMatchObject({ kind: 'validation', code: 'validation' });
    }
    expect((await outbox(strict(), '')).length).toBe(mails);
    expect(await clientCount(strict())).toBe(clients);
    expect(existsSync(`${file}.portalctl-journal`)).toBe(false);

    const given = await runStrict(['clients', 'import', file, '--yes', '--no-progress', '--reason', REASON, '--json']);
    expect(given.exitCode, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ created: 150, invitesSent: 150 });
    expect((await outbox(strict(), '')).length).toBe(mails + 150);
    expect(await creationDetail(strict(), 'strictimport.150@example.org')).toMatchObject({ reason: REASON });
  });

  it('an import sending no invitation (--no-invite) needs none', async () => {
    const file = writeCsv(workDir(), 'quiet.csv', clientsCsv(2, 'StrictQuiet'));
    const r = await runStrict(['clients', 'import', file, '--yes', '--no-progress', '--no-invite', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ created: 2, invitesSent: 0 });
  });

  it('--dry-run without --reason warns that the import would be refused, and sends nothing', async () => {
    const file = writeCsv(workDir(), 'strict-dry.csv', clientsCsv(2, 'StrictDry'));
    const mails = (await outbox(strict(), '')).length;
    const r = await runStrict(['clients', 'import', file, '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      '! this portal requires a reason for the invitations: without --reason the import would be refused before sending anything',
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ toCreate: 2, invitesToSend: 2 });
    expect((await outbox(strict(), '')).length).toBe(mails);
  });
});
