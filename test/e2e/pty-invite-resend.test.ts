// `invite resend` on a real pseudo-terminal, as support staff use it: no client on the command
// line, so an interactive search picks one (type part of a name, choose from the list), the
// resend is confirmed, and the new link is printed. The old link is then no longer the client's,
// and the outbox holds the new invitation.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, ClientSchema, type OutboxMessage } from '../../src/contract/schemas.js';
import { type Portal, startPortal } from '../helpers/portal.js';
import { runPty } from './pty.js';

// Kwame Petrov: a pending invitation, the only "Petrov" among the seeded clients.
const CLIENT_ID = 'cl_000044';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.stop();
});

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${portal.url}${path}`, { headers: { authorization: `Bearer ${portal.adminToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

it('picks the client by search, confirms, prints the new link; the old link is replaced', async () => {
  const before = ClientSchema().parse(await get<Client>(`/v1/clients/${CLIENT_ID}`));
  expect(before.invite.status).toBe('pending');
  const oldLink = before.invite.link!;
  expect(oldLink).toMatch(/\/invite\//);

  const term = runPty(['invite', 'resend'], {
    env: { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: 'demo-clients-token' },
  });
  await term.waitFor('Whose invitation should be resent?');
  term.write('petrov');
  await term.waitFor(before.email);
  term.write('\r');
  await term.waitFor('Resend the portal invitation to Kwame Petrov');
  await term.waitFor('stops working. (y/N)');
  term.write('y');
  term.write('\r');
  const { exitCode, screen } = await term.exited;
  expect(exitCode, screen).toBe(0);

  // On a terminal the result is a table; its LINK row is the new link.
  const printed = /^LINK:\s+(http\S+\/invite\/\S+)\s*$/m.exec(screen)?.[1];
  expect(printed, screen).toBeDefined();
  expect(printed).not.toBe(oldLink);
  expect(screen).toContain(`✓ Invitation sent to ${before.email}`);

  const after = ClientSchema().parse(await get<Client>(`/v1/clients/${CLIENT_ID}`));
  expect(after.invite.link).toBe(printed);
  expect(after.invite.link).not.toBe(oldLink);
  expect(after.invite.status).toBe('pending');

  const { data } = await get<{ data: OutboxMessage[] }>(`/v1/outbox?clientId=${CLIENT_ID}&kind=invitation`);
  expect(data[0]).toMatchObject({ to: before.email, kind: 'invitation', link: printed });
});
