// What the CLI shows of a CaMS link that stays current: `clients get` says when the CaMS fields
// were last refreshed (local time on a terminal, the ISO time in JSON), and `audit list` shows
// the change as made by CaMS with the old and new values. CaMS itself is played by the local
// portal's test-only route PATCH /v1/_test/cams/clients/:ref.
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { api, clientById, json } from '../helpers/e2e.js';
import { CONFLICT } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const TZ = 'America/Toronto';

/** CaMS changes its record of this Client Reference Number. */
async function camsChanges(ref: string, body: Record<string, unknown>): Promise<void> {
  const { status, body: answer } = await api(portal(), `/v1/_test/cams/clients/${ref}`, { method: 'PATCH', body });
  expect(status, JSON.stringify(answer)).toBe(200);
}

/** An ISO time as a person in Toronto reads it, to the minute. */
function torontoTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TZ,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

describe('a CaMS-linked client stays current', () => {
  // cl_000004 is linked to CaMS (seed: ids 1 mod 3).
  const id = 'cl_000004';

  it('clients get: the new CaMS values, and when they were refreshed (local time; ISO in JSON)', async () => {
    const before = await clientById(portal(), id);
    if (before.link.type !== 'cams') throw new Error(`${id} is not linked to CaMS`);
    await camsChanges(before.link.clientReferenceNumber, { phone: '613-555-0177' });

    const r = await run(['clients', 'get', id, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    if (client.link.type !== 'cams') throw new Error('not linked');
    expect(client.phone).toBe('613-555-0177');
    expect(client.link.refreshedAt > before.link.linkedAt).toBe(true);

    const later = new Date(Date.parse(client.link.refreshedAt) + 2 * 86_400_000);
    const table = await run(['clients', 'get', id, '-o', 'table'], undefined, { env: { TZ }, clock: () => later });
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Link\n(?:.*\n)*?CAMS REFRESHED: +.+$/m);
    expect(table.stdout).toMatch(
      new RegExp(`^CAMS REFRESHED: +${torontoTime(client.link.refreshedAt)} \\(2 days ago\\)$`, 'm'),
    );
    expect(table.stdout).toMatch(/^PHONE: +613-555-0177$/m);
  });

  it('a client without a CaMS link has no refresh time', async () => {
    const r = await run(['clients', 'get', 'cl_000003', '-o', 'table'], undefined, { env: { TZ } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^CAMS REFRESHED: +—$/m);
  });

  it('audit list: the change by CaMS, with the old and new value; --actor cams lists only those', async () => {
    const before = await clientById(portal(), id);
    if (before.link.type !== 'cams') throw new Error(`${id} is not linked to CaMS`);
    await camsChanges(before.link.clientReferenceNumber, { address: '40 Bank Street, Ottawa ON K1P 5N2' });
    const r = await run(['audit', 'list', '--entity', id, '--limit', '1', '-o', 'table']);
    expect(r.exitCode, r.stderr).toBe(0);
    const [header, row] = r.stdout.split('\n');
    expect(header).toMatch(/ACTOR +ACTION/);
    expect(row).toMatch(/ CaMS +client\.update +client +cl_000004 /);
    expect(row).toContain(`address: ${before.address ?? '(none)'} → 40 Bank Street, Ottawa ON K1P 5N2`);
    const json = await run(['audit', 'list', '--entity', id, '--limit', '1', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject([{ actorId: 'cams', action: 'client.update' }]);
    const byCams = await run(['audit', 'list', '--actor', 'CaMS', '--json']);
    expect(byCams.exitCode, byCams.stderr).toBe(0);
    const entries = JSON.parse(byCams.stdout) as Array<{ actorId: string }>;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.actorId === 'cams')).toBe(true);
  });

  it('clients edit still refuses the CaMS-owned fields', async () => {
    const r = await run(['clients', 'edit', id, '--phone', '416-555-0100']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('update this in CaMS');
    expect((await clientById(portal(), id)).phone).toBe('613-555-0177');
  });
});
