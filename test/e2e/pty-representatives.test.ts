// `clients representatives resend` on a real pseudo-terminal: the representative left out is
// picked from the client's pending ones, the resend confirmed, and the fresh link is the one the
// outbox holds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OutboxMessage } from '../../src/contract/schemas.js';
import { type Portal, startPortal } from '../helpers/portal.js';
import { runPty } from './pty.js';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.stop();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${portal.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${portal.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

it('picks the representative from the pending ones, confirms, and sends a fresh link', async () => {
  const invite = (firstName: string, email: string) =>
    api<{ id: string }>('POST', '/v1/clients/cl_000009/representatives', { firstName, lastName: 'Nwosu', email });
  await invite('Grace', 'grace.pty@example.org');
  const declined = await invite('Omar', 'omar.pty@example.org');
  await api('POST', `/v1/clients/cl_000009/representatives/${declined.id}/decline`, {});
  const outbox = () =>
    api<{ data: OutboxMessage[] }>('GET', '/v1/outbox?to=grace.pty%40example.org').then((page) => page.data);
  const [first] = await outbox();

  // Invited moments ago: --force sends past the resend cooldown.
  const term = runPty(['clients', 'representatives', 'resend', 'cl_000009', '--force'], {
    env: { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: 'demo-admin-token' },
  });
  await term.waitFor('Whose invitation should be resent?');
  await term.waitFor('Grace Nwosu <grace.pty@example.org>');
  await term.waitFor('· invited · pending'); // the highlighted one's line, drawn under the list
  // Only the pending one is offered: Omar declined.
  expect(term.screen()).not.toContain('omar.pty@example.org');
  term.write('\r');
  await term.waitFor('Resend the invitation to Grace Nwosu');
  await term.waitFor('(y/N)');
  term.write('y\r');
  const { exitCode, screen } = await term.exited;
  expect(exitCode, screen).toBe(0);
  expect(screen).toContain('✓ Invitation sent to grace.pty@example.org with a fresh link');
  const mails = await outbox();
  expect(mails).toHaveLength(2);
  expect(mails[0]?.link).not.toBe(first?.link);
});
