// gh-style: a command line becomes the options object run() gets, without running the command
// (no portal, no request). One block per command whose flags do more than pass a string through.
import { describe, expect, it } from 'vitest';
import { BULK_CONCURRENCY } from '../../../src/bulk/bulk-flags.js';
import { parseCommandLine } from '../../../src/command/commander.js';
import clientsAssignStaff from '../../../src/commands/clients/assign-staff.js';
import clientsEdit from '../../../src/commands/clients/edit.js';
import clientsExport from '../../../src/commands/clients/export.js';
import clientsFind from '../../../src/commands/clients/find.js';
import clientsPasswordReset from '../../../src/commands/clients/password-reset.js';
import clientsRefer from '../../../src/commands/clients/refer.js';
import representativesInvite from '../../../src/commands/clients/representatives/invite.js';
import inviteResend from '../../../src/commands/invite/resend.js';
import inviteSend from '../../../src/commands/invite/send.js';
import outboxList from '../../../src/commands/outbox/list.js';
import seed from '../../../src/commands/seed.js';

/** The usage error a command line gives, as the user reads it: message and hint. */
async function refusal(promise: Promise<unknown>): Promise<{ message: string; hint: string | undefined }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { kind?: string; message: string; hint?: string } | undefined;
  expect(error?.kind, 'the command line should be refused').toBe('usage');
  return { message: error!.message, hint: error!.hint };
}

/** The defaults of the many-clients form's flags (src/bulk/bulk-flags.ts). */
const BULK_DEFAULTS = { concurrency: BULK_CONCURRENCY, progress: true, again: false };

describe('clients find', () => {
  it('takes the name as words, trimmed flags, and defaults to no words', async () => {
    expect(await parseCommandLine(clientsFind, ['Mary-Ann', "O'Brien", '--provider', ' sp_lakeshore '])).toEqual({
      name: ['Mary-Ann', "O'Brien"],
      provider: 'sp_lakeshore',
    });
    expect(await parseCommandLine(clientsFind, ['--email', 'ada@example.org'])).toEqual({
      name: [],
      email: 'ada@example.org',
    });
    expect(await parseCommandLine(clientsFind, ['aaliyah', '--last-name', ' da silva '])).toEqual({
      name: ['aaliyah'],
      lastName: 'da silva',
    });
  });

  it('refuses a first name alone, naming the flag, with a hint', async () => {
    expect(await refusal(parseCommandLine(clientsFind, ['--first-name', 'Mary']))).toEqual({
      message: '--first-name needs --last-name (a first name alone is too broad)',
      hint: 'add --last-name',
    });
    // A first name with the last name as a word, or with an email, is enough.
    await expect(parseCommandLine(clientsFind, ['obrien', '--first-name', 'Mary'])).resolves.toMatchObject({
      firstName: 'Mary',
    });
    await expect(parseCommandLine(clientsFind, ['ada@example.org', '--first-name', 'Ada'])).resolves.toMatchObject({
      firstName: 'Ada',
    });
  });

  it('refuses name words together with both name flags', async () => {
    expect(
      await refusal(parseCommandLine(clientsFind, ['mary ann', '--first-name', 'mary', '--last-name', 'obrien'])),
    ).toEqual({
      message: '<name>: "mary ann": give the name as words or with --first-name and --last-name, not both',
      hint: 'e.g. portalctl clients find --first-name mary --last-name obrien',
    });
    // An email among the words is not a name.
    await expect(
      parseCommandLine(clientsFind, ['ada@example.org', '--first-name', 'Ada', '--last-name', 'Lovelace']),
    ).resolves.toMatchObject({ name: ['ada@example.org'] });
  });

  it('names the flag of an empty value', async () => {
    expect((await refusal(parseCommandLine(clientsFind, ['--last-name', '  ']))).message).toBe(
      '--last-name must not be empty',
    );
  });
});

describe('clients edit', () => {
  it('collects repeated and comma-separated lists; "" clears a list', async () => {
    expect(
      await parseCommandLine(clientsEdit, [
        'ada@example.org',
        '--service-needs',
        'Resume help, Childcare',
        '--service-needs',
        'Transit',
        '--target-occupations',
        '',
      ]),
    ).toEqual({
      client: 'ada@example.org',
      serviceNeeds: ['Resume help', 'Childcare', 'Transit'],
      targetOccupations: [],
    });
  });

  it('--job-post-updates and --no-job-post-updates: true, false, or left out', async () => {
    expect(await parseCommandLine(clientsEdit, ['cl_1', '--job-post-updates'])).toEqual({
      client: 'cl_1',
      jobPostUpdates: true,
    });
    expect(await parseCommandLine(clientsEdit, ['cl_1', '--no-job-post-updates'])).toEqual({
      client: 'cl_1',
      jobPostUpdates: false,
    });
    expect(await parseCommandLine(clientsEdit, ['cl_1', '--phone', '416-555-0123'])).toEqual({
      client: 'cl_1',
      phone: '416-555-0123',
    });
  });

  it('checks each field with the contract, naming the flag', async () => {
    expect((await refusal(parseCommandLine(clientsEdit, ['cl_1', '--phone', 'call me']))).message).toContain(
      '--phone must be a phone number like 416-555-0123',
    );
    expect((await refusal(parseCommandLine(clientsEdit, ['cl_1', '--transportation', 'bike']))).message).toMatch(
      /^--transportation /,
    );
    expect((await refusal(parseCommandLine(clientsEdit, ['cl_1', '--date-of-birth', 'May 1']))).message).toMatch(
      /^--date-of-birth /,
    );
  });
});

describe('clients assign-staff and refer', () => {
  it('trims --staff and --provider, and refuses them empty', async () => {
    expect(await parseCommandLine(clientsAssignStaff, ['cl_1', '--staff', ' st_cwa002 '])).toEqual({
      client: 'cl_1',
      staff: 'st_cwa002',
      dryRun: false,
      ...BULK_DEFAULTS,
    });
    expect((await refusal(parseCommandLine(clientsAssignStaff, ['cl_1', '--staff', ' ']))).message).toBe(
      '--staff must not be empty',
    );
    expect((await refusal(parseCommandLine(clientsRefer, ['cl_1', '--provider', '']))).message).toBe(
      '--provider must not be empty',
    );
  });

  it('refer: --reason up to 10,000 characters, --dry-run off unless given, a key of 8 to 200 characters', async () => {
    expect(
      await parseCommandLine(clientsRefer, ['cl_1', '--provider', 'sp_lakeshore', '--reason', ' Closer ']),
    ).toEqual({ client: 'cl_1', provider: 'sp_lakeshore', reason: 'Closer', dryRun: false, ...BULK_DEFAULTS });
    expect((await refusal(parseCommandLine(clientsRefer, ['cl_1', '--reason', 'x'.repeat(10_001)]))).message).toMatch(
      /^--reason /,
    );
    expect((await refusal(parseCommandLine(clientsRefer, ['cl_1', '--idempotency-key', 'short']))).message).toBe(
      '--idempotency-key must be 8 to 200 characters',
    );
  });
});

describe('clients password-reset and representatives invite', () => {
  it('password-reset: the client and --dry-run', async () => {
    expect(await parseCommandLine(clientsPasswordReset, ['ada@example.org', '--dry-run'])).toEqual({
      client: 'ada@example.org',
      dryRun: true,
      ...BULK_DEFAULTS,
    });
  });

  it('representatives invite: the fields are checked with the contract', async () => {
    expect(
      await parseCommandLine(representativesInvite, [
        'cl_1',
        '--first-name',
        'Grace',
        '--last-name',
        'Hopper',
        '--email',
        'grace@example.org',
      ]),
    ).toEqual({
      client: 'cl_1',
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@example.org',
      dryRun: false,
      reinvite: false,
      force: false,
    });
    expect((await refusal(parseCommandLine(representativesInvite, ['cl_1', '--email', 'nope']))).message).toMatch(
      /^--email /,
    );
  });
});

describe('clients export', () => {
  it('the list filters, and --list-separator of one character (default |)', async () => {
    expect(await parseCommandLine(clientsExport, ['--status', 'referral', '--invite', 'pending'])).toEqual({
      status: 'referral',
      invite: 'pending',
      archived: false,
      listSeparator: '|',
    });
    expect(await parseCommandLine(clientsExport, ['--list-separator', ';', '--archived'])).toMatchObject({
      listSeparator: ';',
      archived: true,
    });
    expect((await refusal(parseCommandLine(clientsExport, ['--list-separator', '||']))).message).toBe(
      '--list-separator must be one character',
    );
    expect((await refusal(parseCommandLine(clientsExport, ['--invite', 'maybe']))).message).toMatch(/^--invite /);
  });
});

describe('outbox list', () => {
  it('filters, and --limit as a number (default 50)', async () => {
    expect(
      await parseCommandLine(outboxList, ['--kind', 'invitation', '--client', ' cl_000005 ', '--limit', '2']),
    ).toEqual({ kind: 'invitation', client: 'cl_000005', limit: 2, all: false });
    expect(await parseCommandLine(outboxList, [])).toEqual({ limit: 50, all: false });
    expect((await refusal(parseCommandLine(outboxList, ['--kind', 'postcard']))).message).toMatch(/^--kind /);
    expect((await refusal(parseCommandLine(outboxList, ['--limit', '0']))).message).toBe(
      '--limit must be a whole number of at least 1',
    );
  });
});

describe('seed', () => {
  it('the file, and --dry-run', async () => {
    expect(await parseCommandLine(seed, ['fixtures/ci-seed.json', '--dry-run'])).toEqual({
      file: 'fixtures/ci-seed.json',
      dryRun: true,
    });
    await expect(parseCommandLine(seed, [])).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });
});

describe('invite send and resend', () => {
  it('send: --reinvite, --force, --print-link and --dry-run are off unless given', async () => {
    expect(await parseCommandLine(inviteSend, ['ada@example.org'])).toEqual({
      client: 'ada@example.org',
      reinvite: false,
      force: false,
      printLink: false,
      dryRun: false,
      ...BULK_DEFAULTS,
    });
    expect(
      await parseCommandLine(inviteSend, ['cl_1', '--reinvite', '--print-link', '--idempotency-key', 'key-12345']),
    ).toEqual({
      client: 'cl_1',
      reinvite: true,
      force: false,
      printLink: true,
      dryRun: false,
      idempotencyKey: 'key-12345',
      ...BULK_DEFAULTS,
    });
    expect(await parseCommandLine(inviteSend, ['cl_1', '--reinvite', '--force'])).toMatchObject({ force: true });
  });

  it('resend: the client may be left out (a terminal searches)', async () => {
    expect(await parseCommandLine(inviteResend, ['--dry-run'])).toEqual({
      client: undefined,
      force: false,
      printLink: false,
      dryRun: true,
      ...BULK_DEFAULTS,
    });
    await expect(parseCommandLine(inviteResend, ['cl_1', '--reinvite'])).rejects.toMatchObject({
      code: 'commander.unknownOption',
    });
  });
});
