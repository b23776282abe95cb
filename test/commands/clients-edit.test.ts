// `clients edit` run in-process against a portal in the same process: the fields given (lists
// too), CaMS-owned fields refused with "update this in CaMS", the pending email change, reasons for
// referral as a new case note. Exit codes end to end: test/e2e/clients-find-edit.test.ts.
import { describe, expect, it } from 'vitest';
import { ClientSchema, NoteSchema } from '../../src/contract/schemas.js';
import { api, argv, clientById, json, jsonError, outbox } from '../helpers/e2e.js';
import { CONFLICT } from '../helpers/exit-codes.js';
import { ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('clients edit', () => {
  it('changes the fields given, by id or email (JSON = the client)', async () => {
    const before = await getClient('cl_000005');
    const r = await run(argv`clients edit ${before.email} --phone 416-555-0123 --pronouns they/them
      --target-occupations Cook,Baker --transportation limited --channel email --json`);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    expect(client).toMatchObject({
      id: 'cl_000005',
      phone: '416-555-0123',
      pronouns: 'they/them',
      targetOccupations: ['Cook', 'Baker'],
      transportation: 'limited',
      communication: expect.objectContaining({ channel: 'email' }),
      email: before.email,
    });
    expect(r.stderr).toContain('Updated');
    expect(await getClient('cl_000005')).toMatchObject({ phone: '416-555-0123' });
    // An empty list clears it.
    const cleared = await run(['clients', 'edit', 'cl_000005', '--target-occupations', '', '--json']);
    expect(json(cleared)).toMatchObject({ targetOccupations: [] });
  });

  it('repeated and comma-separated lists, and --job-post-updates / --no-job-post-updates', async () => {
    const r = await run(
      argv`clients edit cl_000010 --service-needs ${'Resume help, Childcare'} --service-needs Transit --no-job-post-updates --json`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      serviceNeeds: ['Resume help', 'Childcare', 'Transit'],
      communication: expect.objectContaining({ jobPostUpdates: false }),
    });
    const on = await run(['clients', 'edit', 'cl_000010', '--job-post-updates', '--json']);
    expect(json(on)).toMatchObject({ communication: expect.objectContaining({ jobPostUpdates: true }) });
  });

  it('CaMS-owned fields of a linked client are refused, naming the flags: update this in CaMS', async () => {
    const before = await getClient('cl_000001');
    expect(before.link.type).toBe('cams');
    const r = await run(argv`clients edit cl_000001 --first-name Maryann --phone 416-555-0000 --json`);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "error: --first-name, --phone: these fields come from CaMS while Mary-Ann O'Brien (cl_000001) is linked to CaMS 140007919: update this in CaMS",
    );
    expect(r.stderr).toContain('portalctl cams unlink cl_000001');
    expect(jsonError(r)).toMatchObject({ kind: 'conflict', code: 'cams-owned-field', fields: ['firstName', 'phone'] });
    expect(await getClient('cl_000001')).toMatchObject({ firstName: before.firstName, phone: before.phone });

    const one = await run(['clients', 'edit', 'cl_000001', '--date-of-birth', '1980-01-01']);
    expect(one.exitCode).toBe(CONFLICT);
    expect(one.stderr).toContain('--date-of-birth: this field comes from CaMS');

    // Fields the portal owns stay editable on a linked client.
    const ok = await run(['clients', 'edit', 'cl_000001', '--preferred-name', 'Mae', '--json']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(json(ok)).toMatchObject({ preferredName: 'Mae' });
  });

  it('an email change is pending until confirmed: the confirmation goes to the new address', async () => {
    const before = await getClient('cl_000006');
    const r = await run(['clients', 'edit', 'cl_000006', '--email', 'new.address6@example.org', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ email: before.email, pendingEmail: 'new.address6@example.org' });
    expect(r.stderr).toContain('Email change pending: a confirmation was emailed to new.address6@example.org');
    expect(r.stderr).toContain(`${before.email} stays in use until the client confirms`);
    expect(await outbox(portal(), 'clientId=cl_000006&kind=email-confirmation')).toEqual([
      expect.objectContaining({ to: 'new.address6@example.org' }),
    ]);
  });

  it('an email taken by another client is refused, naming that client', async () => {
    const r = await run(['clients', 'edit', 'cl_000009', '--email', 'maryann.obrien1@example.org']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain("already belongs to client cl_000001 (Mary-Ann O'Brien)");
  });

  it('--reasons adds a referral-reasons case note and keeps the earlier ones', async () => {
    const notes = async () =>
      NoteSchema()
        .array()
        .parse((await api<{ data: unknown[] }>(portal(), '/v1/clients/cl_000011/notes')).body.data);
    const before = await notes();
    const r = await run(['clients', 'edit', 'cl_000011', '--reasons', 'Referred again: forklift certification']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Reasons for referral saved as a new case note');
    const after = await notes();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ kind: 'referral-reasons', text: 'Referred again: forklift certification' });
    expect(after.slice(1)).toEqual(before);
  });

  it('--help lists every profile flag, both forms of --job-post-updates, and examples', async () => {
    const r = await run(['clients', 'edit', '--help'], ADMIN);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('Usage: portalctl clients edit [options] [client]')).toBe(true);
    expect(r.stdout).toMatch(/--job-post-updates +send job-post updates\n +--no-job-post-updates +no job-post updates/);
    expect(r.stdout).toContain('--self-identification <list>');
    expect(r.stdout).toContain('$ portalctl clients edit');
  });
});
