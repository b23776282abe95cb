// gh-style: command lines of clients add become the options run() gets, without running anything.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/command/commander.js';
import clientsAdd from '../../../src/commands/clients/add.js';

/** The usage error a command line gives, as the user reads it. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { kind?: string; message: string } | undefined;
  expect(error?.kind, 'the command line should be refused').toBe('usage');
  return error!.message;
}

const defaults = { link: true, invite: true, printLink: false, allowDuplicateName: false, dryRun: false };

describe('clients add', () => {
  it('with no flags: a link and an invitation, nothing else (on a terminal, the wizard)', async () => {
    expect(await parseCommandLine(clientsAdd, [])).toEqual(defaults);
  });

  it('--no-link and --no-invite turn them off; the link numbers are trimmed', async () => {
    expect(await parseCommandLine(clientsAdd, ['--no-link', '--no-invite'])).toEqual({
      ...defaults,
      link: false,
      invite: false,
    });
    expect(await parseCommandLine(clientsAdd, ['--cams-ref', ' 210104729 ', '--ca-number', 'CA-3005001 '])).toEqual({
      ...defaults,
      camsRef: '210104729',
      caNumber: 'CA-3005001',
    });
  });

  it('collects --caseworker and the profile lists, repeated and comma-separated', async () => {
    const options = await parseCommandLine(clientsAdd, [
      ...['--caseworker', 'st_cwa001, kevin.nguyen@northstar.example.org', '--caseworker', 'st_cwa003'],
      ...['--target-occupations', 'Cook,Baker', '--target-occupations', ' Welder '],
      '--no-job-post-updates',
    ]);
    expect(options).toEqual({
      ...defaults,
      caseworker: ['st_cwa001', 'kevin.nguyen@northstar.example.org', 'st_cwa003'],
      targetOccupations: ['Cook', 'Baker', 'Welder'],
      jobPostUpdates: false,
    });
  });

  it('names the flag of a bad value, before any request', async () => {
    expect(await refusal(parseCommandLine(clientsAdd, ['--cams-ref', ' ']))).toBe('--cams-ref must not be empty');
    expect(await refusal(parseCommandLine(clientsAdd, ['--provider', '']))).toBe('--provider must not be empty');
    expect(await refusal(parseCommandLine(clientsAdd, ['--email', 'not-an-email']))).toMatch(
      /^--email must be an email address/,
    );
    expect(await refusal(parseCommandLine(clientsAdd, ['--idempotency-key', 'short']))).toMatch(
      /^--idempotency-key must be 8 to 200 characters/,
    );
  });
});
