// The portal's resend cooldown as the CLI shows it: a second invitation to the same client within
// minutes is refused, saying when the last one went out in local time; --force sends it anyway
// (invite resend, invite send --reinvite) and the audit log records the override.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { api, apiGet, clientById, jsonError, outbox } from '../helpers/e2e.js';
import { CONFLICT } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const TZ = 'America/Toronto';

let counter = 0;
/** A new client, invited just now by the portal. */
async function invitedClient(): Promise<Client> {
  counter++;
  const { status, body } = await api<Client>(portal(), '/v1/clients', {
    method: 'POST',
    body: {
      firstName: 'Noor',
      lastName: `Cooldown${'abcdefgh'[counter]}`,
      email: `noor.cooldown${counter}@example.org`,
    },
  });
  expect(status).toBe(201);
  return body;
}

/** "15:02" in TZ. */
const hhmm = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

/** The CLI's clock, three minutes after the invitation went out. */
const threeMinutesAfter = (client: Client) => () => new Date(Date.parse(client.invite.sentAt!) + 3 * 60_000 + 5000);

describe('resend cooldown', () => {
  it('invite resend within minutes: refused, saying when the last one went out in local time; nothing sent', async () => {
    const client = await invitedClient();
    const before = await outbox(portal(), `clientId=${client.id}`);
    const r = await run(['invite', 'resend', client.id, '--yes', '--json'], undefined, {
      env: { TZ },
      clock: threeMinutesAfter(client),
    });
    expect(r.exitCode).toBe(CONFLICT);
    const retryAt = new Date(Date.parse(client.invite.sentAt!) + 10 * 60_000).toISOString();
    expect(r.stderr).toContain(
      `error: Noor ${client.lastName} (${client.id}) was sent an invitation (sent 3 minutes ago at ${hhmm(client.invite.sentAt!)}); the portal refuses another one until ${hhmm(retryAt)}`,
    );
    expect(r.stderr).toContain(`hint: wait until ${hhmm(retryAt)}, or send it anyway with --force`);
    expect(jsonError(r)).toMatchObject({
      kind: 'conflict',
      code: 'resend-cooldown',
      exitCode: CONFLICT,
      lastSentAt: client.invite.sentAt,
      retryAt,
    });
    expect(await outbox(portal(), `clientId=${client.id}`)).toEqual(before);
    expect((await clientById(portal(), client.id)).invite.link).toBe(client.invite.link);
  });

  it('invite resend --force sends it, and the audit log records the override', async () => {
    const client = await invitedClient();
    const r = await run(['invite', 'resend', client.id, '--yes', '--force', '--print-link']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).not.toBe(client.invite.link);
    const [latest] = await outbox(portal(), `clientId=${client.id}`);
    expect(latest).toMatchObject({ kind: 'invitation', link: r.stdout.trim() });
    const { data } = await apiGet<{ data: { action: string; detail: unknown }[] }>(
      portal(),
      `/v1/audit?entityId=${client.id}&action=client.invite.resend`,
    );
    expect(data[0]?.detail).toEqual({ cooldownOverridden: true, previousSentAt: client.invite.sentAt });
  });

  it('invite send --reinvite after a decline minutes ago: refused naming --force; --force sends it', async () => {
    const client = await invitedClient();
    expect((await run(['invite', 'decline', client.id, '--yes'])).exitCode).toBe(0);
    const refused = await run(['invite', 'send', client.id, '--reinvite', '--yes']);
    expect(refused.exitCode).toBe(CONFLICT);
    expect(refused.stderr).toContain('was sent an invitation (sent just now at');
    expect(refused.stderr).toContain('--force');
    const forced = await run(['invite', 'send', client.id, '--reinvite', '--force', '--yes', '--json']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).client.invite.status).toBe('pending');
    const { data } = await apiGet<{ data: { detail: unknown }[] }>(
      portal(),
      `/v1/audit?entityId=${client.id}&action=client.invite.reinvite`,
    );
    expect(data[0]?.detail).toMatchObject({ cooldownOverridden: true });
  });
});
