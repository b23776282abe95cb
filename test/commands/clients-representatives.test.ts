// `clients representatives get|resend|decline|remove` and `invite --reinvite`, in-process against
// a portal in the same process: the invitation status, a fresh link while pending, a decline
// (also of someone never invited), the re-invite, removal, the duplicate refusals naming the
// record and the command to use, --json, the terminal picker and the missing argument named.
import { describe, expect, it } from 'vitest';
import { RepresentativeInviteResultSchema, RepresentativeSchema } from '../../src/contract/schemas.js';
import { argv, expectHelp, json, jsonError, outbox } from '../helpers/e2e.js';
import { CONFLICT, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const mailsTo = (email: string) => outbox(portal(), `to=${encodeURIComponent(email)}`);

async function invite(client: string, email: string) {
  const r = await run(
    argv`clients representatives invite ${client} --first-name Grace --last-name Hopper --email ${email} --json`,
  );
  expect(r.exitCode, r.stderr).toBe(0);
  return RepresentativeSchema().parse(json(r));
}

describe('clients representatives', () => {
  it('list and get show the invitation status; get takes the id or the email', async () => {
    const rep = await invite('cl_000009', 'grace.get@example.org');
    const byEmail = await run(argv`clients representatives get cl_000009 GRACE.GET@example.org --json`);
    expect(byEmail.exitCode, byEmail.stderr).toBe(0);
    expect(RepresentativeSchema().parse(json(byEmail))).toEqual(rep);
    const table = await run(argv`clients representatives get cl_000009 ${rep.id} -o table`);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/STATUS:\s+pending/);
    expect(table.stderr).toContain(`portalctl clients representatives resend cl_000009 ${rep.id}`);
    const list = await run(argv`clients representatives list cl_000009 --fields email,status -o tsv`);
    expect(list.stdout).toContain('grace.get@example.org\tpending');
    const unknown = await run(argv`clients representatives get cl_000009 nobody@example.org`);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('has no representative nobody@example.org');
  });

  it('without a terminal, a missing representative is named; on a terminal, it is picked', async () => {
    await invite('cl_000004', 'grace.pick@example.org');
    for (const verb of ['get', 'resend', 'remove']) {
      const r = await run(['clients', 'representatives', verb, 'cl_000004', '--yes']);
      expect(r.exitCode, verb).toBe(USAGE);
      expect(r.stderr).toContain('<representative> is required when not running interactively');
    }
    const decline = await run(['clients', 'representatives', 'decline', 'cl_000004']);
    expect(decline.exitCode).toBe(USAGE);
    expect(decline.stderr).toContain('<representative> is required when not running interactively');
    expect(decline.stderr).toContain('--first-name, --last-name and --email for someone not invited yet');
    const reinvite = await run(['clients', 'representatives', 'invite', 'cl_000004', '--reinvite']);
    expect(reinvite.exitCode).toBe(USAGE);
    expect(reinvite.stderr).toContain('--email is required when not running interactively');

    const picked = await run(['clients', 'representatives', 'get', 'cl_000004', '--json'], ADMIN, {
      answers: { '<representative>': 'Grace Hopper <grace.pick@example.org>' },
    });
    expect(picked.asked).toEqual(['<representative>']);
    expect(picked.exitCode, picked.stderr).toBe(0);
    expect(json(picked)).toMatchObject({ email: 'grace.pick@example.org', status: 'pending' });
  });

  it('resend while pending: within the cooldown refused, naming --force; then a fresh link, the outbox has the new mail; --json is the result', async () => {
    const rep = await invite('cl_000006', 'grace.resend@example.org');
    const [first] = await mailsTo('grace.resend@example.org');
    const refused = await run(argv`clients representatives resend cl_000006 ${rep.id} --yes --json`);
    expect(refused.exitCode).toBe(CONFLICT);
    expect(refused.stderr).toContain(
      'error: Grace Hopper <grace.resend@example.org> (representative of Chloé Da Silva) was sent an invitation (sent',
    );
    expect(refused.stderr).toContain('or send it anyway with --force (the audit log records it)');
    expect(jsonError(refused)).toMatchObject({ code: 'resend-cooldown', lastSentAt: rep.invitedAt });
    expect(await mailsTo('grace.resend@example.org')).toHaveLength(1);
    const r = await run(argv`clients representatives resend cl_000006 ${rep.id} --yes --force --json`);
    expect(r.exitCode, r.stderr).toBe(0);
    const sent = RepresentativeInviteResultSchema().parse(json(r));
    expect(sent.link).not.toBe(first?.link);
    const mails = await mailsTo('grace.resend@example.org');
    expect(mails.map((m) => m.link)).toEqual([sent.link, first?.link]);
    const link = await run(
      argv`clients representatives resend cl_000006 grace.resend@example.org --yes --force --print-link`,
    );
    expect(link.stdout.trim()).toMatch(/\/invite\//);
    expect(link.stdout.trim()).not.toBe(sent.link);
    const noYes = await run(argv`clients representatives resend cl_000006 ${rep.id}`);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('pass --yes');
    expect(await mailsTo('grace.resend@example.org')).toHaveLength(3);
  });

  it('decline, then resend is refused with the re-invite command, which works', async () => {
    const rep = await invite('cl_000011', 'grace.decline@example.org');
    const declined = await run(argv`clients representatives decline cl_000011 ${rep.id} --json`);
    expect(declined.exitCode, declined.stderr).toBe(0);
    expect(json(declined)).toMatchObject({ id: rep.id, status: 'declined' });
    const again = await run(argv`clients representatives decline cl_000011 ${rep.id}`);
    expect(again.stderr).toContain('had already declined; nothing changed');
    const resend = await run(argv`clients representatives resend cl_000011 ${rep.id} --yes --json`);
    expect(resend.exitCode).toBe(CONFLICT);
    expect(jsonError(resend)).toMatchObject({ code: 'invite-declined' });
    const hint = 'portalctl clients representatives invite cl_000011 --email grace.decline@example.org --reinvite';
    expect(resend.stderr).toContain(hint);
    // The decline came minutes after the invitation: inviting again within the cooldown needs --force.
    const early = await run([...hint.split(' ').slice(1), '--json']);
    expect(early.exitCode).toBe(CONFLICT);
    expect(jsonError(early)).toMatchObject({ code: 'resend-cooldown' });
    const reinvited = await run([...hint.split(' ').slice(1), '--force', '--json']);
    expect(reinvited.exitCode, reinvited.stderr).toBe(0);
    expect(RepresentativeInviteResultSchema().parse(json(reinvited)).representative.status).toBe('pending');
    expect(await mailsTo('grace.decline@example.org')).toHaveLength(2);
  });

  it('a decline of someone never invited: nothing sent; --reinvite sends the first invitation', async () => {
    const r = await run(argv`clients representatives decline cl_000014
      --first-name Nora --last-name Never --email nora.never@example.org --json`);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ status: 'declined', invitedAt: null });
    expect(r.stderr).toContain('no invitation was sent');
    expect(await mailsTo('nora.never@example.org')).toEqual([]);
    const half = await run(argv`clients representatives decline cl_000014 --email nora.other@example.org`);
    expect(half.exitCode).toBe(USAGE);
    expect(half.stderr).toContain('--first-name, --last-name and --email go together');
    const plain = await run(argv`clients representatives invite cl_000014
      --first-name Nora --last-name Never --email nora.never@example.org`);
    expect(plain.exitCode).toBe(CONFLICT);
    expect(plain.stderr).toContain('is already a representative of client cl_000014');
    expect(plain.stderr).toContain('--reinvite');
    const reinvite = await run(
      argv`clients representatives invite cl_000014 --email nora.never@example.org --reinvite`,
    );
    expect(reinvite.exitCode, reinvite.stderr).toBe(0);
    expect((await mailsTo('nora.never@example.org')).map((m) => m.kind)).toEqual(['representative-invitation']);
  });

  it('the same email twice, or the client’s own, is refused naming the record and the command', async () => {
    const rep = await invite('cl_000019', 'grace.twice@example.org');
    const twice = await run(argv`clients representatives invite cl_000019
      --first-name Other --last-name Person --email Grace.Twice@example.org --json`);
    expect(twice.exitCode).toBe(CONFLICT);
    expect(jsonError(twice)).toMatchObject({ code: 'representative-exists' });
    expect(twice.stderr).toContain(rep.id);
    expect(twice.stderr).toContain(`portalctl clients representatives resend cl_000019 ${rep.id}`);
    const own = await run(argv`clients representatives invite cl_000019
      --first-name Leila --last-name Haile --email leila.haile19@example.org`);
    expect(own.exitCode).toBe(CONFLICT);
    expect(own.stderr).toContain('a client is not their own representative');
    expect(own.stderr).toContain('portalctl invite send cl_000019');
    expect(await mailsTo('leila.haile19@example.org')).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ kind: 'representative-invitation' })]),
    );
  });

  it('remove: asks to confirm, then no longer listed; --json is the removed record', async () => {
    const rep = await invite('cl_000021', 'grace.remove@example.org');
    const refused = await run(argv`clients representatives remove cl_000021 ${rep.id}`);
    expect(refused.exitCode).toBe(USAGE);
    expect(refused.stderr).toContain('pass --yes');
    const removed = await run(argv`clients representatives remove cl_000021 grace.remove@example.org --yes --json`);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(json(removed)).toMatchObject({ id: rep.id, removedAt: expect.any(String) });
    const list = await run(argv`clients representatives list cl_000021 --json`);
    expect(json(list)).toEqual([]);
    const gone = await run(argv`clients representatives get cl_000021 ${rep.id}`);
    expect(gone.exitCode).toBe(NOT_FOUND);
  });

  it('has descriptions and examples', async () => {
    await expectHelp(run, [
      'clients representatives get',
      'clients representatives resend',
      'clients representatives decline',
      'clients representatives remove',
    ]);
  });
});
