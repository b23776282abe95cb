// Exactly once across a crash, for a caseload moved from one caseworker to another:
// `clients assign-staff --caseworker OLD --staff NEW --replace OLD` on 150 clients is killed with
// SIGKILL halfway (at a point its journal shows, not a time), then run again with the same command
// although the query now selects only the clients not moved yet. The audit log must then hold
// exactly one assignment of the new caseworker and one removal of the old per client.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { type Portal, startPortal } from '../helpers/portal.js';
import { auditEntries, cli, clientsCsv, clientsMatching, counts, killAt, workDir, writeCsv } from './import-support.js';

let portal: Portal;
beforeAll(async () => {
  // Each request waits 15 ms on the server, so the kill lands with requests in flight.
  portal = await startPortal(['--latency', '15']);
});
afterAll(async () => {
  await portal?.stop();
});

const COUNT = 150;
const OLD = 'st_cwa002';
const NEW = 'st_cwa001';

describe('bulk caseload move after kill -9', () => {
  it('killed halfway and run again: each client has the new caseworker, the old one removed, once', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'moving.csv', clientsCsv(COUNT, 'Mover'));
    const added = await cli(['clients', 'import', file, '--yes', '--no-progress'], { portal });
    expect(added.exitCode, added.stderr).toBe(0);
    const given = await cli(
      ['clients', 'assign-staff', '--search', 'mover.', '--staff', OLD, '--yes', '--no-progress'],
      { portal },
    );
    expect(given.exitCode, given.stderr).toBe(0);
    const movers = (await clientsMatching(portal, 'mover.')).map((c: Client) => c.id);
    expect(movers).toHaveLength(COUNT);

    const journal = path.join(dir, 'move.journal');
    const args = [
      'clients',
      'assign-staff',
      '--search',
      'mover.',
      '--caseworker',
      OLD,
      '--staff',
      NEW,
      '--replace',
      OLD,
      '--reason',
      'Caseload moved',
      '--yes',
      '--state',
      journal,
      '--concurrency',
      '4',
      '--no-progress',
    ];
    await killAt(portal, args, journal, (lines) => lines.filter((l) => l.t === 'done').length >= COUNT / 2);
    const movedHalfway = (await auditEntries(portal, 'client.staff.unassign')).filter(
      (e) => e.detail?.staffId === OLD && movers.includes(e.entityId),
    ).length;
    expect(movedHalfway).toBeGreaterThanOrEqual(COUNT / 2);
    expect(movedHalfway).toBeLessThan(COUNT);

    const again = await cli([...args, '--json'], { portal });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('resuming the run started');
    const results = JSON.parse(again.stdout) as { status: string }[];
    expect(results).toHaveLength(COUNT);
    expect(results.every((r) => r.status === 'done')).toBe(true);

    const assigned = counts(
      (await auditEntries(portal, 'client.staff.assign'))
        .filter((e) => e.detail?.staffId === NEW && movers.includes(e.entityId))
        .map((e) => e.entityId),
    );
    const removed = counts(
      (await auditEntries(portal, 'client.staff.unassign'))
        .filter((e) => e.detail?.staffId === OLD && movers.includes(e.entityId))
        .map((e) => e.entityId),
    );
    expect(assigned.size).toBe(COUNT);
    expect([...assigned.values()].every((n) => n === 1)).toBe(true);
    expect(removed.size).toBe(COUNT);
    expect([...removed.values()].every((n) => n === 1)).toBe(true);
    for (const c of await clientsMatching(portal, 'mover.')) expect(c.caseworkerIds).toEqual([NEW]);
  });
});
