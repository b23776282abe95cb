// audit list, in-process against a seeded portal: the audit log of invitations sent by the CLI, its
// filters, and who may read it. outbox list: test/commands/outbox-list.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema } from '../../src/contract/schemas.js';
import { argv, expectHelp } from '../helpers/e2e.js';
import { FORBIDDEN, NOT_FOUND } from '../helpers/exit-codes.js';
import { CLIENTS, PORTAL_USERS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
/** What the audit log then holds: two invitations (cl_000005, cl_000015) and a portal-user invitation. */
beforeAll(async () => {
  const invite = await run(['invite', 'send', 'cl_000005', '--yes', '--json']);
  expect(invite.exitCode, invite.stderr).toBe(0);
  const second = await run(['invite', 'send', 'cl_000015', '--yes', '--print-link']);
  expect(second.exitCode, second.stderr).toBe(0);
  const user = await run(
    argv`portal users invite --email outbox.reader@maple.example.com --first-name Out --last-name Box
      --portal po_northstar01 --all-jobs --json`,
    PORTAL_USERS,
  );
  expect(user.exitCode, user.stderr).toBe(0);
});

describe('audit list', () => {
  it('the API objects, newest first; filters by entity, action and actor (id, email or name)', async () => {
    const r = await run(['audit', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const entries = (JSON.parse(r.stdout) as unknown[]).map((e) => AuditEntrySchema().parse(e));
    expect(entries[0]).toMatchObject({
      action: 'portal-user.invite',
      actorId: 'st_portal01',
      entityType: 'portal-user',
    });

    const entity = JSON.parse((await run(['audit', 'list', '--entity', 'cl_000005', '--json'])).stdout);
    expect(entity[0]).toMatchObject({ action: 'client.invite.send', actorId: 'st_admin01', entityId: 'cl_000005' });

    const action = JSON.parse(
      (await run(['audit', 'list', '--action', 'client.invite.send', '--all', '--json'])).stdout,
    );
    expect(action.map((e: { entityId: string }) => e.entityId).sort()).toEqual(['cl_000005', 'cl_000015']);

    // One change by the clients-only caseworker, so each actor below has entries of their own.
    expect((await run(['invite', 'decline', 'cl_000004'], CLIENTS)).exitCode).toBe(0);
    const byActor = async (actor: string) =>
      JSON.parse((await run(['audit', 'list', '--actor', actor, '--all', '--json'])).stdout) as {
        actorId: string;
        action: string;
      }[];
    const caseworker = await byActor('daniel.okafor@northstar.example.org');
    expect(caseworker.map((e) => [e.actorId, e.action])).toEqual([['st_clients01', 'client.invite.decline']]);
    const portalStaff = await byActor('st_portal01');
    expect(portalStaff.map((e) => e.action)).toEqual(['portal-user.invite']);
    const admin = await byActor('Priya Raman');
    expect(admin.map((e) => e.action)).toEqual(['client.invite.send', 'client.invite.send']);
    expect(admin.every((e) => e.actorId === 'st_admin01')).toBe(true);

    const table = await run(['audit', 'list', '--limit', '1', '-o', 'table']);
    expect(table.stdout).toMatch(/^AT\s+ACTOR\s+ACTION\s+ENTITY TYPE\s+ENTITY\s+DETAIL$/m);
    // The actor by name, the time in local time.
    expect(table.stdout.split('\n')[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d .*[A-Z][a-z]+ [A-Z][a-z]+ +client\./);
  });

  it('administrators only; an unknown actor is not found', async () => {
    const forbidden = await run(['audit', 'list'], CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `administrator` permission');
    const actor = await run(['audit', 'list', '--actor', 'nobody@nowhere.example']);
    expect(actor.exitCode).toBe(NOT_FOUND);
    expect(actor.stderr).toContain('--actor: no staff member "nobody@nowhere.example"');
  });
});

describe('--help', () => {
  it('each command has a description and examples', async () => {
    await expectHelp(run, ['audit list']);
  });
});
