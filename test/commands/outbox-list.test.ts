// `outbox list` run in-process against a portal in the same process: what the portal sent (to,
// kind, link, time) newest first, its filters and the permission scope.
import { beforeAll, describe, expect, it } from 'vitest';
import { type OutboxMessage, OutboxMessageSchema } from '../../src/contract/schemas.js';
import { api, argv, expectHelp } from '../helpers/e2e.js';
import { NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, PORTAL_USERS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
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
  const user = await api<{ link: { url: string } }>(portal(), '/v1/portal-users', {
    method: 'POST',
    token: PORTAL_USERS,
    body: {
      portalId: 'po_northstar01',
      email: 'outbox.reader@maple.example.com',
      firstName: 'Out',
      lastName: 'Box',
      access: { type: 'all-jobs' },
    },
  });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  portalUserLink = user.body.link.url;
});

describe('outbox list', () => {
  it('newest first: to, kind, link, time; --json is the API objects', async () => {
    const r = await run(['outbox', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const messages = (JSON.parse(r.stdout) as unknown[]).map((m) => OutboxMessageSchema().parse(m));
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
    expect(limited.stdout.split('\n')).toHaveLength(3); // two ids, each ending its line
    expect(limited.stdout.endsWith('\n')).toBe(true);
    const link = await run(argv`outbox list --client cl_000005 --limit 1 --fields link -o tsv`);
    expect(link.stdout).toBe(`link\n${clientLink}\n`);
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

  it('--help has a description and examples', async () => {
    await expectHelp(run, ['outbox list']);
  });
});
