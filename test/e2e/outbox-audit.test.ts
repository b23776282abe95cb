// outbox list and audit list through the built binary against a real portal: what the portal
// sent (to, kind, link, time) with its filters and permission scope, and the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, type OutboxMessage, OutboxMessageSchema } from '../../src/api/schemas.js';
import { argv, expectHelp, runner, usePortal } from '../helpers/e2e.js';
import { FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, PORTAL_USERS } from '../helpers/tokens.js';

const portal = usePortal();
const run = runner(portal);
/** Sent in beforeAll: two invitations (cl_000005 by id, cl_000015 by email) and a portal-user invitation. */
let clientLink: string;
let clientEmail: string;
let portalUserLink: string;

beforeAll(async () => {
  const invite = await run(['invite', 'send', 'cl_000005', '--yes', '--json']);
  expect(invite.exitCode, invite.stderr).toBe(0);
  const result = JSON.parse(invite.stdout) as { link: string; sentTo: string };
  clientLink = result.link;
  clientEmail = result.sentTo;
  const second = await run(['invite', 'send', 'cl_000015', '--yes', '--print-link']);
  expect(second.exitCode, second.stderr).toBe(0);
  const user = await run(
    argv`portal users invite --email outbox.reader@maple.example.com --first-name Out --last-name Box
      --portal po_northstar01 --all-jobs --json`,
    PORTAL_USERS,
  );
  expect(user.exitCode, user.stderr).toBe(0);
  portalUserLink = (JSON.parse(user.stdout) as { link: { url: string } }).link.url;
});

describe('outbox list', () => {
  it('newest first: to, kind, link, time; --json is the API objects', async () => {
    const r = await run(['outbox', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const messages = (JSON.parse(r.stdout) as unknown[]).map((m) => OutboxMessageSchema.parse(m));
    expect(messages[0]).toMatchObject({ kind: 'portal-user-invitation', link: portalUserLink });
    expect(messages.map((m) => m.link)).toContain(clientLink);
    const times = messages.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const tsv = await run(['outbox', 'list', '--limit', '1']);
    const [header, row] = tsv.stdout.split('\n');
    expect(header).toBe('createdAt\tto\tkind\tlink');
    expect(row).toBe(
      `${messages[0]!.createdAt}\toutbox.reader@maple.example.com\tportal-user-invitation\t${portalUserLink}`,
    );
  });

  it('filters: --to, --kind, --client (id or email), --limit', async () => {
    const to = JSON.parse(
      (await run(['outbox', 'list', '--to', clientEmail.toUpperCase(), '--json'])).stdout,
    ) as OutboxMessage[];
    expect(to.length).toBeGreaterThan(0);
    expect(to.every((m) => m.to === clientEmail)).toBe(true);

    const kind = JSON.parse(
      (await run(['outbox', 'list', '--kind', 'invitation', '--all', '--json'])).stdout,
    ) as OutboxMessage[];
    expect(kind.length).toBeGreaterThanOrEqual(2);
    expect(kind.every((m) => m.kind === 'invitation')).toBe(true);

    const byId = JSON.parse(
      (await run(['outbox', 'list', '--client', 'cl_000005', '--json'])).stdout,
    ) as OutboxMessage[];
    expect(byId[0]).toMatchObject({ clientId: 'cl_000005', kind: 'invitation', link: clientLink });
    expect(byId.every((m) => m.clientId === 'cl_000005')).toBe(true);
    const byEmail = JSON.parse(
      (await run(['outbox', 'list', '--client', clientEmail, '--json'])).stdout,
    ) as OutboxMessage[];
    expect(byEmail.map((m) => m.id)).toEqual(byId.map((m) => m.id));

    const limited = await run(['outbox', 'list', '--limit', '2', '-q']);
    expect(limited.stdout.split('\n')).toHaveLength(2);
    const link = await run(argv`outbox list --client cl_000005 --limit 1 --fields link -o tsv`);
    expect(link.stdout).toBe(`link\n${clientLink}`);
  });

  it('usage and not found: unknown kind, unknown client email, unknown field', async () => {
    const kind = await run(['outbox', 'list', '--kind', 'postcard']);
    expect(kind.exitCode).toBe(USAGE);
    expect(kind.stderr).toContain('--kind');
    const client = await run(['outbox', 'list', '--client', 'nobody@nowhere.example']);
    expect(client.exitCode).toBe(NOT_FOUND);
    expect(client.stderr).toContain('no client with the email nobody@nowhere.example');
    const fields = await run(['outbox', 'list', '--fields', 'to,body']);
    expect(fields.exitCode).toBe(USAGE);
    expect(fields.stderr).toContain('valid fields for messages: id, createdAt, to, kind, subject, link');
  });

  it('staff see what their permissions cover', async () => {
    const clients = JSON.parse((await run(['outbox', 'list', '--all', '--json'], CLIENTS)).stdout) as OutboxMessage[];
    expect(clients.map((m) => m.link)).toContain(clientLink);
    expect(clients.every((m) => m.clientId !== null)).toBe(true);
    const users = JSON.parse(
      (await run(['outbox', 'list', '--all', '--json'], PORTAL_USERS)).stdout,
    ) as OutboxMessage[];
    expect(users.map((m) => m.link)).toEqual([portalUserLink]);
  });
});

describe('audit list', () => {
  it('the API objects, newest first; filters by entity, action and actor (id, email or name)', async () => {
    const r = await run(['audit', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const entries = (JSON.parse(r.stdout) as unknown[]).map((e) => AuditEntrySchema.parse(e));
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
    expect(table.stdout).toMatch(/^AT\s+ACTOR\s+ACTION\s+ENTITY TYPE\s+ENTITY$/m);
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
    await expectHelp(run, ['outbox list', 'audit list']);
  });
});
