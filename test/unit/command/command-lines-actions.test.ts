// gh-style: command lines of cams link / lookup / unlink, ca lookup, clients archive / restore /
// unassign-staff and invite decline become the options run() gets, without running anything.
import { describe, expect, it } from 'vitest';
import { BULK_CONCURRENCY } from '../../../src/bulk/bulk-flags.js';
import { parseCommandLine } from '../../../src/command/commander.js';
import caLookup from '../../../src/commands/ca/lookup.js';
import camsLink from '../../../src/commands/cams/link.js';
import camsLookup from '../../../src/commands/cams/lookup.js';
import camsUnlink from '../../../src/commands/cams/unlink.js';
import clientsArchive from '../../../src/commands/clients/archive.js';
import clientsRestore from '../../../src/commands/clients/restore.js';
import clientsUnassignStaff from '../../../src/commands/clients/unassign-staff.js';
import inviteDecline from '../../../src/commands/invite/decline.js';

/** The usage error a command line gives, as the user reads it. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { kind?: string; message: string } | undefined;
  expect(error?.kind, 'the command line should be refused').toBe('usage');
  return error!.message;
}

describe('cams link', () => {
  it('takes the client and the reference number as words (trimmed); --force and --dry-run default to off', async () => {
    expect(await parseCommandLine(camsLink, ['ada@example.org', ' 210104729 '])).toEqual({
      client: 'ada@example.org',
      ref: '210104729',
      dryRun: false,
      force: false,
    });
    expect(await parseCommandLine(camsLink, ['cl_000006', '210104729', '--force', '--dry-run'])).toMatchObject({
      force: true,
      dryRun: true,
    });
    // Both words may be left out: a terminal asks for them.
    expect(await parseCommandLine(camsLink, [])).toEqual({ dryRun: false, force: false });
  });

  it('names the argument of an empty or overlong reference', async () => {
    expect(await refusal(parseCommandLine(camsLink, ['cl_000006', '  ']))).toBe('<ref> must not be empty');
    expect(await refusal(parseCommandLine(camsLink, ['cl_000006', '9'.repeat(51)]))).toMatch(/^<ref> /);
  });
});

describe('cams lookup and ca lookup', () => {
  it('take one number, trimmed', async () => {
    expect(await parseCommandLine(camsLookup, [' 140007919 '])).toEqual({ ref: '140007919' });
    expect(await parseCommandLine(caLookup, ['CA-3005001 '])).toEqual({ number: 'CA-3005001' });
  });

  it('refuse an empty number, naming the argument', async () => {
    expect(await refusal(parseCommandLine(camsLookup, ['']))).toBe('<ref> must not be empty');
    expect(await refusal(parseCommandLine(caLookup, [' ']))).toBe('<number> must not be empty');
  });
});

describe('the one-client actions', () => {
  it('archive, restore and unlink take --dry-run; decline only the client', async () => {
    // The defaults of the many-clients form's flags (src/bulk/bulk-flags.ts).
    const bulkDefaults = { concurrency: BULK_CONCURRENCY, progress: true, again: false };
    expect(await parseCommandLine(clientsArchive, ['cl_000021', '--dry-run'])).toEqual({
      client: 'cl_000021',
      dryRun: true,
      ...bulkDefaults,
    });
    expect(await parseCommandLine(camsUnlink, ['cl_000007'])).toEqual({ client: 'cl_000007', dryRun: false });
    expect(await parseCommandLine(clientsRestore, ['cl_000019'])).toEqual({
      client: 'cl_000019',
      dryRun: false,
      ...bulkDefaults,
    });
    expect(await parseCommandLine(inviteDecline, [])).toEqual({});
  });

  it('unassign-staff trims --staff and refuses an empty one', async () => {
    expect(await parseCommandLine(clientsUnassignStaff, ['cl_000014', '--staff', ' st_cwa001 '])).toEqual({
      client: 'cl_000014',
      staff: 'st_cwa001',
      dryRun: false,
      concurrency: BULK_CONCURRENCY,
      progress: true,
      again: false,
    });
    expect(await refusal(parseCommandLine(clientsUnassignStaff, ['cl_000014', '--staff', ' ']))).toBe(
      '--staff must not be empty',
    );
  });
});
