// `invite resend` on a real pseudo-terminal, for clients it cannot apply to: the search shows
// them (after those it applies to), marked with why not; the highlighted one says what to run
// instead, and choosing it prints that advice and exits with the conflict code, sending nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, ClientSchema, type OutboxMessage } from '../../src/contract/schemas.js';
import { CONFLICT } from '../helpers/exit-codes.js';
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

it('shows a client who has logged in and one who declined, marked; choosing one gives the advice, exit 6', async () => {
  // Mei Chen has logged in, Kwame Chen declined, Ananya Chen was never invited (fixtures/seed.json).
  const mei = ClientSchema().parse(await get<Client>('/v1/clients/cl_000012'));
  expect(mei.invite.status).toBe('accepted');
  const mails = (await get<{ data: OutboxMessage[] }>('/v1/outbox?clientId=cl_000012')).data.length;

  const term = runPty(['invite', 'resend'], {
    env: { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: 'demo-admin-token' },
  });
  await term.waitFor('Whose invitation should be resent?');
  term.write('chen');
  await term.waitFor(/Ananya Chen .*<ananya\.chen40@example\.com> \(not invited yet\)/);
  const list = term.screen();
  expect(list).toMatch(/Kwame Chen <kwame\.chen8@example\.com> \(declined\)/);
  expect(list).toMatch(/Mei Chen <mei\.chen12@example\.com> \(has logged in\)/);
  // Those a resend applies to come first: the pending Chens are listed above the marked ones.
  const shown = list.slice(list.lastIndexOf('chen\n'));
  expect(shown.indexOf('(declined)')).toBeGreaterThan(shown.indexOf('Noah Chen'));
  // Down to Mei Chen: the line under the list says why not and what to run instead.
  term.write('\u001b[B\u001b[B\u001b[B');
  await term.waitFor('cl_000012 · has logged in; instead: portalctl clients password-reset cl_000012');
  term.write('\r');
  const { exitCode, screen } = await term.exited;
  expect(exitCode, screen).toBe(CONFLICT);
  expect(screen).toContain('error: Mei Chen (cl_000012) has already logged in, so the invitation cannot be resent');
  expect(screen).toContain(
    'hint: to help them back in, send a password reset: portalctl clients password-reset cl_000012',
  );
  expect((await get<{ data: OutboxMessage[] }>('/v1/outbox?clientId=cl_000012')).data).toHaveLength(mails);
});
