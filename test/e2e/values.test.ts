// Values a record must not take, through the built binary against a real portal: a date of birth
// in the future or before 1900, control characters, a name that is only punctuation. The flags
// refuse them naming the flag (exit 2, nothing sent), the importer's check names the row, its line
// and the column. And `--text -` (and the other free-text flags that offer `-`) read standard
// input instead of storing a dash.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoteSchema } from '../../src/contract/schemas.js';
import { api, argv, clientByEmail, clientById, json, runner, usePortal } from '../helpers/e2e.js';
import { USAGE } from '../helpers/exit-codes.js';
import { GROUP_ADMIN } from '../helpers/tokens.js';
import { workDir, writeCsv } from './import-support.js';
import { runPty } from './pty.js';

const portal = usePortal();
const run = runner(portal);
const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

async function notesOf(id: string) {
  const { body } = await api<{ data: unknown[] }>(portal(), `/v1/clients/${id}/notes`);
  return NoteSchema().array().parse(body.data);
}

describe('clients add / edit flags', () => {
  it('refuse a date of birth in the future or before 1900, naming --date-of-birth; nothing is added', async () => {
    for (const [date, reason] of [
      [tomorrow(), 'must not be in the future'],
      ['1899-12-31', 'must be on or after 1900-01-01'],
    ]) {
      const r = await run(
        argv`clients add --first-name Ada --last-name Values --email ada.values@example.org --date-of-birth ${date!} --provider sp_northstar --no-link`,
      );
      expect(r.exitCode, r.stderr).toBe(USAGE);
      expect(r.stderr).toContain(`error: --date-of-birth ${reason}\n`);
    }
    expect(await clientByEmail(portal(), 'ada.values@example.org')).toBeUndefined();

    const edit = await run(argv`clients edit cl_000005 --date-of-birth ${'2999-01-01'}`);
    expect(edit.exitCode).toBe(USAGE);
    expect(edit.stderr).toContain('error: --date-of-birth must not be in the future');
    expect((await clientById(portal(), 'cl_000005')).dateOfBirth).not.toBe('2999-01-01');
  });

  it('refuse a name that is only punctuation, and control characters, naming the flag', async () => {
    const punctuation = await run(
      argv`clients add --first-name ${"'-."} --last-name Values --email punct.values@example.org --provider sp_northstar --no-link`,
    );
    expect(punctuation.exitCode).toBe(USAGE);
    expect(punctuation.stderr).toContain('error: --first-name must contain a letter (not only punctuation)');

    const control = await run(
      argv`clients add --first-name Ada --last-name ${'Val\u0007ues'} --email ctl.values@example.org --provider sp_northstar --no-link`,
    );
    expect(control.exitCode).toBe(USAGE);
    expect(control.stderr).toContain(
      'error: --last-name must not contain control characters (line breaks, tabs, NUL and the like)',
    );
    const edit = await run(argv`clients edit cl_000005 --preferred-name ${'An\nne'}`);
    expect(edit.exitCode).toBe(USAGE);
    expect(edit.stderr).toContain('error: --preferred-name must not contain control characters');
    for (const email of ['punct.values@example.org', 'ctl.values@example.org']) {
      expect(await clientByEmail(portal(), email)).toBeUndefined();
    }
  });
});

describe('clients import: the validation pass', () => {
  it('names the row, its line and the column of each such value, and sends nothing', async () => {
    const csv = [
      'First Name,Last Name,Email,Date of Birth,Reasons for Referral',
      `Ada,Future,ada.future.imp@example.org,${tomorrow()},ok`,
      'Bea,Old,bea.old.imp@example.org,1899-12-31,"two',
      'lines are fine"',
      '"-.",Dash,dash.imp@example.org,1990-01-01,ok',
      'Cy,"Ra\u0000y",cy.ray.imp@example.org,1985-02-03,"tab\there is fine"',
      'Dee,Bell,dee.bell.imp@example.org,1985-02-03,"bell\u0007"',
      'Eve,Fine,eve.fine.imp@example.org,1985-02-03,"line one\r\nline two"',
    ].join('\n');
    const file = writeCsv(workDir(), 'values.csv', `${csv}\n`);
    const r = await run(['clients', 'import', file, '--yes', '--report', `${file}.report.csv`]);
    expect(r.exitCode, r.stderr).toBe(USAGE);
    expect(r.stderr).toContain('5 invalid rows:');
    expect(r.stderr).toContain('row 1 (line 2): Date of Birth: must not be in the future');
    expect(r.stderr).toContain('row 2 (line 3): Date of Birth: must be on or after 1900-01-01');
    expect(r.stderr).toContain('row 3 (line 5): First Name: must contain a letter (not only punctuation)');
    expect(r.stderr).toContain(
      'row 4 (line 6): Last Name: must not contain control characters (line breaks, tabs, NUL and the like)',
    );
    expect(r.stderr).toContain(
      'row 5 (line 7): Reasons for Referral: must not contain control characters other than tabs and line breaks',
    );
    expect(r.stderr).not.toMatch(/row 6 /);
    for (const email of ['ada.future.imp@example.org', 'eve.fine.imp@example.org']) {
      expect(await clientByEmail(portal(), email)).toBeUndefined();
    }
    // The report says the same, without the values.
    const report = readFileSync(`${file}.report.csv`, 'utf8');
    expect(report).toContain('1,2,invalid,,invalid,Date of Birth: must not be in the future');
    expect(report).not.toContain('Future');
  });
});

describe('free text from standard input (-)', () => {
  it('clients notes add ID --text - stores what standard input holds, not a dash', async () => {
    const text = 'Called on Monday.\nStarts the forklift course next week.\n';
    const r = await run(['clients', 'notes', 'add', 'cl_000007', '--text', '-', '--json'], undefined, {
      stdin: 'pipe',
      input: text,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(NoteSchema().parse(json(r)).text).toBe('Called on Monday.\nStarts the forklift course next week.');
    expect((await notesOf('cl_000007'))[0]!.text).toBe('Called on Monday.\nStarts the forklift course next week.');
  });

  it('refuses empty standard input or control characters in it, naming --text -; adds nothing', async () => {
    const before = (await notesOf('cl_000011')).length;
    const empty = await run(['clients', 'notes', 'add', 'cl_000011', '--text', '-'], undefined, {
      stdin: 'pipe',
      input: '\n',
    });
    expect(empty.exitCode).toBe(USAGE);
    expect(empty.stderr).toContain('error: --text -: the text read from standard input must not be empty');
    const nul = await run(['clients', 'notes', 'add', 'cl_000011', '--text', '-'], undefined, {
      stdin: 'pipe',
      input: 'a\u0000b',
    });
    expect(nul.exitCode).toBe(USAGE);
    expect(nul.stderr).toContain(
      'error: --text -: the text read from standard input must not contain control characters other than tabs and line breaks',
    );
    expect(await notesOf('cl_000011')).toHaveLength(before);
  });

  it('--reasons - (clients add, clients edit) and clients refer --reason - read standard input too', async () => {
    const added = await run(
      argv`clients add --first-name Stdin --last-name Reasons --email stdin.reasons@example.org --provider sp_northstar --no-link --no-invite --reasons - --json`,
      undefined,
      { stdin: 'pipe', input: 'Laid off in March.\nWants warehouse work.\n' },
    );
    expect(added.exitCode, added.stderr).toBe(0);
    const id = (json(added) as { id: string }).id;
    expect((await clientById(portal(), id)).referral.reasons).toBe('Laid off in March.\nWants warehouse work.');

    const edited = await run(['clients', 'edit', id, '--reasons', '-'], undefined, {
      stdin: 'pipe',
      input: 'Now also open to retail.\n',
    });
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect((await clientById(portal(), id)).referral.reasons).toBe('Now also open to retail.');

    const referred = await run(argv`clients refer ${id} --provider sp_lakeshore --reason - --yes`, GROUP_ADMIN, {
      stdin: 'pipe',
      input: 'Closer to home.\nBus route 7.\n',
    });
    expect(referred.exitCode, referred.stderr).toBe(0);
    const moved = await clientById(portal(), id);
    expect(moved).toMatchObject({ providerId: 'sp_lakeshore', referral: { reasons: 'Closer to home.\nBus route 7.' } });
    const texts = (await notesOf(id)).map((n) => n.text);
    expect(texts).toContain('Closer to home.\nBus route 7.');
    expect(texts).not.toContain('-');
  });

  it('on a terminal, where prompts may follow, --text - asks for a file or pipe instead of waiting', async () => {
    const env = { PORTALCTL_URL: portal().url, PORTALCTL_TOKEN: portal().adminToken };
    const term = runPty(['clients', 'notes', 'add', 'cl_000011', '--text', '-'], { env });
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(USAGE);
    expect(screen).toContain('error: --text - reads the note from standard input, but standard input is this terminal');
    expect(screen).toContain('hint: redirect or pipe the text in (--text - < file.txt)');
  });
});
