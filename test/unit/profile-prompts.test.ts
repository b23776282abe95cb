// The profile walks of `clients add` (a new client) and `clients edit` (current values as
// defaults) on a terminal. The person at the terminal is the only fake: it answers from a script
// and records what it was asked.
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../src/command/deps.js';
import type { Client } from '../../src/contract/schemas.js';
import { promptNewProfile, promptProfileEdits } from '../../src/io/profile-prompts.js';
import type { Choice, Prompter } from '../../src/io/prompter.js';

interface Asked {
  message: string;
  flag: string;
  default?: unknown;
}

/** Answers by message (text, or a select's choice value); otherwise keeps the default / first choice. */
function terminal(answers: Record<string, unknown>) {
  const asked: Asked[] = [];
  const info: string[] = [];
  const refuse = () => Promise.reject(new Error('not asked in this test'));
  const prompter: Prompter = {
    interactive: true,
    async input(o) {
      asked.push({ message: o.message, flag: o.flag, default: o.default });
      return (answers[o.message] as string | undefined) ?? o.default ?? '';
    },
    async select<T>(o: { message: string; flag: string; choices: Choice<T>[] }) {
      asked.push({ message: o.message, flag: o.flag });
      const wanted = answers[o.message];
      const choice = o.choices.find((c) => c.value === wanted) ?? o.choices[0]!;
      return choice.value;
    },
    password: refuse,
    confirm: refuse,
    search: refuse,
  };
  const deps = { prompter, out: { info: (line: string) => info.push(line) } } as unknown as Deps;
  return { deps, asked, info };
}

const client: Client = {
  id: 'cl_000001',
  firstName: 'Ada',
  lastName: 'Lovelace',
  preferredName: null,
  pronouns: 'she/her',
  email: 'ada@example.org',
  pendingEmail: null,
  phone: '416-555-0100',
  address: null,
  dateOfBirth: '1980-01-02',
  selfIdentification: ['Veteran'],
  targetOccupations: [],
  serviceNeeds: [],
  transportation: 'own-vehicle',
  communication: { channel: 'email', jobPostUpdates: true, frequency: 'weekly' },
  referral: { source: null, referenceNumber: null, reasons: 'Wants warehouse work' },
  link: { type: 'none' },
} as unknown as Client;

describe('a new client (clients add)', () => {
  it('asks every field, the known values as defaults; no frequency once job-post updates are declined', async () => {
    const { deps, asked } = terminal({ 'Job-post updates': 'no', 'Access to transportation': 'public-transit' });
    const known = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', phone: '905-555-0000' };
    const fields = await promptNewProfile(deps, {}, known, false);
    expect(asked.map((a) => a.flag)).toEqual([
      '--first-name',
      '--last-name',
      '--preferred-name',
      '--pronouns',
      '--email',
      '--phone',
      '--address',
      '--date-of-birth',
      '--self-identification',
      '--target-occupations',
      '--reasons',
      '--referral-source',
      '--referral-reference',
      '--service-needs',
      '--transportation',
      '--channel',
      '--job-post-updates / --no-job-post-updates',
    ]);
    expect(asked.find((a) => a.flag === '--phone')?.default).toBe('905-555-0000');
    expect(fields).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.org',
      phone: '905-555-0000',
      transportation: 'public-transit',
      jobPostUpdates: false,
    });
    expect(fields.frequency).toBeUndefined();
  });

  it('with a CaMS link, shows what CaMS supplies instead of asking it', async () => {
    const { deps, asked, info } = terminal({ 'Job-post updates': 'yes', 'Frequency of job-post updates': 'daily' });
    const fields = await promptNewProfile(deps, {}, { email: 'ada@example.org' }, true);
    const flags = asked.map((a) => a.flag);
    for (const owned of ['--first-name', '--last-name', '--phone', '--address', '--date-of-birth']) {
      expect(flags).not.toContain(owned);
    }
    expect(info[0]).toMatch(/^From CaMS/);
    expect(fields).toMatchObject({ email: 'ada@example.org', jobPostUpdates: true, frequency: 'daily' });
  });
});

describe('an existing client (clients edit)', () => {
  it('offers the current values and returns only what changed; the frequency is asked even after "no"', async () => {
    const { deps, asked } = terminal({
      'Phone (optional)': '416-555-0199',
      'Job-post updates': 'no',
      'Frequency of job-post updates': 'daily',
    });
    const edits = await promptProfileEdits(deps, client);
    expect(asked.find((a) => a.flag === '--first-name')?.default).toBe('Ada');
    expect(asked.find((a) => a.flag === '--reasons')?.default).toBe('Wants warehouse work');
    expect(asked.map((a) => a.flag).slice(-4)).toEqual([
      '--transportation',
      '--channel',
      '--job-post-updates / --no-job-post-updates',
      '--frequency',
    ]);
    expect(edits).toEqual({ phone: '416-555-0199', jobPostUpdates: false, frequency: 'daily' });
  });

  it('while linked to CaMS, does not ask the fields CaMS owns', async () => {
    const { deps, asked, info } = terminal({});
    const linked = { ...client, link: { type: 'cams', clientReferenceNumber: '210104729' } } as Client;
    const edits = await promptProfileEdits(deps, linked);
    const flags = asked.map((a) => a.flag);
    for (const owned of [
      '--first-name',
      '--last-name',
      '--phone',
      '--address',
      '--date-of-birth',
      '--self-identification',
    ]) {
      expect(flags).not.toContain(owned);
    }
    expect(info).toEqual([expect.stringContaining('Linked to CaMS 210104729')]);
    expect(edits).toEqual({});
  });
});
