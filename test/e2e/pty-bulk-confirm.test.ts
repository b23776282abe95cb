// A bulk action on a real pseudo-terminal: above 20 clients a yes is not enough, the count must be
// typed back. A wrong count sends nothing; the right one sends to each client once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client, OutboxMessage } from '../../src/contract/schemas.js';
import { type Portal, startPortal } from '../helpers/portal.js';
import { runPty } from './pty.js';

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
const invitations = async () =>
  (await get<{ data: OutboxMessage[] }>('/v1/outbox?kind=invitation&limit=500')).data.length;

const ARGS = ['invite', 'resend', '--provider', 'sp_northstar', '--invite-status', 'pending', '--no-progress'];
const env = () => ({ PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: portal.adminToken });

it('above 20 clients asks for the count typed back: a wrong count sends nothing, the right one sends to each', async () => {
  const pending = (await get<{ data: Client[] }>('/v1/clients?invite=pending&providerId=sp_northstar&limit=500')).data;
  expect(pending.length).toBeGreaterThan(20);
  const before = await invitations();

  const wrong = runPty(ARGS, { env: env() });
  await wrong.waitFor(`This emails ${pending.length} clients. Type ${pending.length} to go ahead`);
  wrong.write('y\r');
  const stopped = await wrong.exited;
  expect(stopped.exitCode, stopped.screen).toBe(130);
  expect(stopped.screen).toContain(`"y" is not ${pending.length}; nothing was sent`);
  expect(await invitations()).toBe(before);

  const right = runPty(ARGS, { env: env() });
  await right.waitFor(`Type ${pending.length} to go ahead`);
  right.write(`${pending.length}\r`);
  const done = await right.exited;
  expect(done.exitCode, done.screen).toBe(0);
  expect(done.screen).toContain(`invite resend: ${pending.length} new invite link emailed, 0 skipped, 0 failed`);
  expect(await invitations()).toBe(before + pending.length);
});
