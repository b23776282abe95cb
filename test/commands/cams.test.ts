// cams lookup / link / unlink and ca lookup run in-process against a portal in the same process:
// the API objects and tables, what linking replaces (and the audit entry), --force, --dry-run,
// --yes, and the refusals.
//
// Seed (fixtures/seed.json): clients with id mod 3 = 1 are CaMS-linked, id mod 6 = 2 are Common
// Assessment imports, the others have no link; cl_000001 is linked to CaMS 140007919, whose case
// is C-24100037; 2101… numbers are CaMS clients not linked yet. CA-3005001..12 are submitted,
// CA-3009013..20 in progress. Each test uses its own clients and CaMS numbers.
import { describe, expect, it } from 'vitest';
import { AssessmentSchema, type AuditEntry, CamsClientSchema, ClientSchema } from '../../src/contract/schemas.js';
import { api, apiGet, clientById, expectHelp, json, jsonError } from '../helpers/e2e.js';
import { CANCELLED, CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, NO_CLIENTS, PROVIDER_B } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const client = (id: string) => clientById(portal(), id);
const audit = async (entityId: string, action: string) =>
  (await apiGet<{ data: AuditEntry[] }>(portal(), `/v1/audit?entityId=${entityId}&action=${action}`)).data;
/** A client added by hand (no link, no invitation), as the clients-permission staff member; returns its id. */
async function manualClient(firstName: string, lastName: string, email: string, phone: string): Promise<string> {
  const { status, body } = await api<{ id: string }>(portal(), '/v1/clients', {
    method: 'POST',
    token: CLIENTS,
    body: { firstName, lastName, email, phone, sendInvite: false },
    headers: { 'idempotency-key': `manual-${email}` },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.id;
}

describe('cams lookup', () => {
  it('a linked CaMS client: the API object, and the linked portal client on a table', async () => {
    const r = await run(['cams', 'lookup', '140007919', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const record = CamsClientSchema().parse(JSON.parse(r.stdout));
    expect(record).toMatchObject({ clientReferenceNumber: '140007919', linkedClientId: 'cl_000001' });
    const table = await run(['cams', 'lookup', '140007919', '-o', 'table']);
    expect(table.stdout).toMatch(/^CLIENT REFERENCE NUMBER:\s+140007919$/m);
    expect(table.stdout).toMatch(/^LINKED CLIENT:\s+cl_000001$/m);
    expect(table.stderr).toContain("Linked to portal client cl_000001: Mary-Ann O'Brien");
  });

  it('a CaMS client not linked yet says how to link it', async () => {
    const r = await run(['cams', 'lookup', '210942561', '-o', 'table']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^LINKED CLIENT:\s+none$/m);
    expect(r.stderr).toContain('portalctl cams link CLIENT 210942561');
    const json = JSON.parse((await run(['cams', 'lookup', '210942561', '--json'])).stdout);
    expect(json.linkedClientId).toBeNull();
  });

  it('a Case Reference Number is no match, with the Client Reference Number hint', async () => {
    const r = await run(['cams', 'lookup', 'C-24100037', '--json']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain(
      'error: no CaMS client matches C-24100037: that is a CaMS Case Reference Number, not a Client Reference Number',
    );
    expect(r.stderr).toContain(
      "hint: use the client's Client Reference Number (9 digits), shown on their client record in CaMS",
    );
    expect(jsonError(r)).toMatchObject({ kind: 'not-found', code: 'cams-case-reference', exitCode: NOT_FOUND });
    expect(r.stdout).toBe('');
  });

  it('an unknown number is not found', async () => {
    const unknown = await run(['cams', 'lookup', '999999999']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('no CaMS client has the Client Reference Number 999999999');
  });
});

describe('cams link', () => {
  it('names that clearly differ are refused, showing what would be replaced and hinting at a wrong number', async () => {
    // The reported case: a client added by hand, linked with --yes to someone else's CaMS record.
    const id = await manualClient('Emma', 'Wang', 'emma2@example.org', '416-555-0142');
    const before = await client(id);
    const r = await run(['cams', 'link', 'emma2@example.org', '210523645', '--yes'], CLIENTS);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Linking replaces these fields with the CaMS values (then read-only in the portal):');
    expect(r.stderr).toMatch(/^ {2}FIELD +CURRENT +CAMS$/m);
    expect(r.stderr).toMatch(/^ {2}first name +Emma +Amara$/m);
    expect(r.stderr).toMatch(/^ {2}last name +Wang +Hassan$/m);
    expect(r.stderr).toMatch(/^ {2}phone +416-555-0142 +647-555-0105$/m);
    expect(r.stderr).toContain(
      `error: the names differ: ${id} is Emma Wang in the portal, CaMS client 210523645 is Amara Hassan; nothing was linked`,
    );
    expect(r.stderr).toContain(
      'hint: the Client Reference Number may be wrong: check it with portalctl cams lookup 210523645; if this is the same person, pass --force',
    );
    expect(await client(id)).toEqual(before);
    const asJson = await run(['cams', 'link', id, '210523645', '--yes', '--json'], CLIENTS);
    expect(asJson.exitCode).toBe(CONFLICT);
    expect(jsonError(asJson)).toMatchObject({ kind: 'conflict', code: 'cams-name-mismatch', exitCode: CONFLICT });
    expect(await audit(id, 'client.cams.link')).toEqual([]);
  });

  it('--force links anyway; the audit entry keeps the old and new value of each replaced field', async () => {
    const before = await client('cl_000006');
    expect(before.link.type).toBe('none');
    const r = await run(['cams', 'link', 'cl_000006', '210104729', '--force', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const linked = ClientSchema().parse(JSON.parse(r.stdout));
    expect(linked.link).toMatchObject({ type: 'cams', clientReferenceNumber: '210104729' });
    expect(linked).toMatchObject({ firstName: 'Amelia', lastName: 'Bouchard', dateOfBirth: '1973-03-28' });
    expect(r.stderr).toMatch(new RegExp(`^ {2}first name +${before.firstName} +Amelia$`, 'm'));
    expect(r.stderr).toContain(
      `! The names differ: ${before.firstName} ${before.lastName} in the portal, Amelia Bouchard in CaMS. Linking anyway (--force).`,
    );
    expect(r.stderr).toMatch(
      /✓ Linked cl_000006 to CaMS client 210104729; replaced \d+ fields \(the previous values are kept in the audit log\)/,
    );
    const lookup = JSON.parse((await run(['cams', 'lookup', '210104729', '--json'])).stdout);
    expect(lookup.linkedClientId).toBe('cl_000006');
    const [entry] = await audit('cl_000006', 'client.cams.link');
    expect(entry?.detail).toMatchObject({ clientReferenceNumber: '210104729', nameMismatch: true, forced: true });
    expect(entry?.detail?.changes).toEqual(
      expect.arrayContaining([
        { field: 'firstName', from: before.firstName, to: 'Amelia' },
        { field: 'lastName', from: before.lastName, to: 'Bouchard' },
        { field: 'dateOfBirth', from: before.dateOfBirth, to: '1973-03-28' },
      ]),
    );
  });

  it('the same person: the table of replaced fields, then the link, with --yes', async () => {
    const id = await manualClient('ETHAN', 'Sutherland', 'ethan.s.link@example.org', '416-555-0177');
    const r = await run(['cams', 'link', id, '210418916', '--yes', '-o', 'table'], CLIENTS);
    expect(r.exitCode, r.stderr).toBe(0);
    // The names agree after normalisation (case): only their spelling is replaced.
    expect(r.stderr).toMatch(/^ {2}first name +ETHAN +Ethan$/m);
    expect(r.stderr).toMatch(/^ {2}phone +416-555-0177 +437-555-0104$/m);
    expect(r.stderr).toMatch(/^ {2}address +\(empty\) +693 Rideau St, North York, ON M3J 8J9$/m);
    expect(r.stderr).not.toContain('names differ');
    expect(r.stderr).toContain(`✓ Linked ${id} to CaMS client 210418916; replaced 5 fields`);
    expect(r.stdout).toMatch(/^LINK:\s+CaMS 210418916$/m);
    const [entry] = await audit(id, 'client.cams.link');
    expect(entry?.detail?.changes).toContainEqual({ field: 'phone', from: '416-555-0177', to: '437-555-0104' });
    expect(entry?.detail).not.toHaveProperty('forced');
  });

  it('without --yes and no terminal: a usage error naming --yes, nothing linked', async () => {
    const r = await run(['cams', 'link', 'cl_000009', '210837832', '--force']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('linking cl_000009 to CaMS client 210837832');
    expect(r.stderr).toContain('pass --yes to confirm when not running interactively');
    expect((await client('cl_000009')).link.type).toBe('none');
  });

  it('--dry-run --json: what would be replaced, whether the names differ, and nothing changes', async () => {
    const before = await client('cl_000026');
    expect(before.link.type).toBe('ca');
    const r = await run(['cams', 'link', 'cl_000026', '210314187', '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({
      dryRun: true,
      action: 'cams.link',
      clientId: 'cl_000026',
      camsClient: { clientReferenceNumber: '210314187', linkedClientId: null },
      replaces: { type: 'ca', caNumber: before.link.type === 'ca' ? before.link.caNumber : '' },
      nameMismatch: true,
      needsForce: true,
    });
    expect(plan.changes).toContainEqual({ field: 'lastName', from: before.lastName, to: plan.camsClient.lastName });
    const forced = JSON.parse(
      (await run(['cams', 'link', 'cl_000026', '210314187', '--dry-run', '--force', '--json'])).stdout,
    );
    expect(forced).toMatchObject({ nameMismatch: true, needsForce: false });
    const text = await run(['cams', 'link', 'cl_000026', '210314187', '--dry-run', '-o', 'table']);
    expect(text.stdout).toContain('Dry run: would link cl_000026 to CaMS client 210314187.');
    expect(text.stdout).toContain('Linking replaces these fields with the CaMS values (then read-only in the portal):');
    expect(text.stdout).toMatch(new RegExp(`^ {2}last name +${before.lastName} +Rodríguez$`, 'm'));
    expect(text.stdout).toContain('Linking would be refused: check the Client Reference Number; pass --force');
    expect(text.stdout).toContain('The link replaces the Common Assessment import');
    expect(await client('cl_000026')).toEqual(before);
  });

  it('a Common Assessment import is replaced by the link; the assessment stays used', async () => {
    expect((await client('cl_000014')).link).toMatchObject({ type: 'ca', caNumber: 'CA-3001014' });
    const r = await run(['cams', 'link', 'cl_000014', '210209458', '--force', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).link).toMatchObject({ type: 'cams', clientReferenceNumber: '210209458' });
    expect(json(await run(['ca', 'lookup', 'CA-3001014', '--json']))).toMatchObject({
      imported: true,
      importedClientId: 'cl_000014',
    });
  });

  it('a Case Reference Number is refused with the hint', async () => {
    const r = await run(['cams', 'link', 'cl_000012', 'C-24100037', '--yes']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain("hint: use the client's Client Reference Number");
    expect((await client('cl_000012')).link.type).toBe('none');
  });

  it('a CaMS client already linked to another portal client is refused, naming it', async () => {
    const r = await run(['cams', 'link', 'cl_000011', '140007919', '--yes', '--json']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('CaMS client 140007919 is already linked to portal client cl_000001');
    expect(jsonError(r)).toMatchObject({ code: 'cams-already-linked', existingClientId: 'cl_000001' });
  });

  it('a client linked to another CaMS client must be unlinked first; the same link changes nothing', async () => {
    const other = await run(['cams', 'link', 'cl_000004', '210523645', '--yes']);
    expect(other.exitCode).toBe(CONFLICT);
    expect(other.stderr).toContain('is already linked to CaMS client');
    expect(other.stderr).toContain('hint: remove that link first: portalctl cams unlink cl_000004');
    const same = await run(['cams', 'link', 'cl_000001', '140007919']);
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stderr).toContain('is already linked to CaMS client 140007919; nothing changed');
  });

  it('missing reference, unknown client', async () => {
    const noRef = await run(['cams', 'link', 'cl_000015', '--yes']);
    expect(noRef.exitCode).toBe(USAGE);
    expect(noRef.stderr).toContain('<ref> is required when not running interactively');
    const unknown = await run(['cams', 'link', 'cl_doesnotexist', '210628374', '--yes']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('no client cl_doesnotexist');
  });
});

describe('cams link on a terminal', () => {
  it('asks for the reference number, shows what CaMS replaces, and links only once confirmed', async () => {
    const id = await manualClient('Samuel', 'Lavoie', 'samuel.l.link@example.org', '416-555-0161');
    const no = await run(['cams', 'link', id], CLIENTS, { answers: { '<ref>': '211361477', '--yes': false } });
    expect(no.asked).toEqual(['<ref>', '--yes']);
    expect(no.exitCode).toBe(CANCELLED);
    expect(no.stderr).toMatch(/^ {2}phone +416-555-0161 +\S+$/m);
    expect((await client(id)).link.type).toBe('none');

    const yes = await run(['cams', 'link', id, '--json'], CLIENTS, {
      answers: { '<ref>': ' 211361477 ', '--yes': true },
    });
    expect(yes.exitCode, yes.stderr).toBe(0);
    expect(json(yes)).toMatchObject({ id, link: { type: 'cams', clientReferenceNumber: '211361477' } });
  });
});

describe('cams unlink', () => {
  it('--dry-run changes nothing; without --yes it names --yes; with --yes the link is removed', async () => {
    const before = await client('cl_000007');
    expect(before.link.type).toBe('cams');
    const ref = before.link.type === 'cams' ? before.link.clientReferenceNumber : '';

    const dry = await run(['cams', 'unlink', 'cl_000007', '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      dryRun: true,
      action: 'cams.unlink',
      clientId: 'cl_000007',
      clientReferenceNumber: ref,
      valuesKept: ['firstName', 'lastName', 'phone', 'address', 'dateOfBirth', 'selfIdentification'],
      notify: [],
    });
    expect((await client('cl_000007')).link.type).toBe('cams');

    const noYes = await run(['cams', 'unlink', 'cl_000007']);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain(`this removes the link of cl_000007 to CaMS client ${ref}`);
    expect(noYes.stderr).toContain('--yes');
    expect((await client('cl_000007')).link.type).toBe('cams');

    const r = await run(['cams', 'unlink', before.email, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const after = ClientSchema().parse(JSON.parse(r.stdout));
    expect(after.link).toEqual({ type: 'none' });
    // The values stay (and become editable).
    expect(after).toMatchObject({ firstName: before.firstName, lastName: before.lastName, phone: before.phone });
    expect(r.stderr).toContain(`✓ Removed the CaMS link of cl_000007 (was ${ref})`);
    expect(r.stderr).toContain(
      'The first name, last name, phone, address, date of birth and self-identification keep their current values, now edited in the portal; CaMS no longer updates them.',
    );

    const again = await run(['cams', 'unlink', 'cl_000007', '--yes']);
    expect(again.exitCode).toBe(CONFLICT);
    expect(again.stderr).toContain('is not linked to CaMS');
  });

  it('an unknown client is not found', async () => {
    const unknown = await run(['cams', 'unlink', 'cl_doesnotexist', '--yes']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
  });
});

describe('ca lookup', () => {
  it('a submitted assessment: the API object', async () => {
    const r = await run(['ca', 'lookup', 'CA-3005001', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(AssessmentSchema().parse(JSON.parse(r.stdout))).toMatchObject({
      caNumber: 'CA-3005001',
      status: 'submitted',
      imported: false,
      importedClientId: null,
    });
    const table = await run(['ca', 'lookup', 'ca-3005001', '-o', 'table']);
    expect(table.stdout).toMatch(/^STATUS:\s+submitted$/m);
    expect(table.stdout).toMatch(/^IMPORTED FOR:\s+none$/m);
    expect(table.stderr).toContain(
      'Not imported yet. To add this person as a client: portalctl clients add --ca-number CA-3005001',
    );
  });

  it('an imported assessment: for whom, or only "another provider" when the caller may not see the client', async () => {
    const mine = await run(['ca', 'lookup', 'CA-3001002', '-o', 'table'], CLIENTS);
    expect(mine.exitCode, mine.stderr).toBe(0);
    expect(mine.stdout).toMatch(/^IMPORTED FOR:\s+cl_000002$/m);
    expect(mine.stderr).toContain(
      'Already imported for client cl_000002: José Côté <jose.cote2@example.com>; a Common Assessment is copied once.',
    );
    expect(json(await run(['ca', 'lookup', 'CA-3001002', '--json'], CLIENTS))).toMatchObject({
      imported: true,
      importedClientId: 'cl_000002',
    });
    const other = await run(['ca', 'lookup', 'CA-3001002', '-o', 'table'], PROVIDER_B);
    expect(other.exitCode, other.stderr).toBe(0);
    expect(other.stdout).toMatch(/^IMPORTED FOR:\s+in use at another provider$/m);
    expect(other.stderr).toContain('Already imported: in use at another provider; a Common Assessment is copied once.');
    // The assessment's own details are shown; the client it was imported for is not.
    expect(`${other.stdout}${other.stderr}`).not.toContain('cl_000002');
  });

  it('an in-progress assessment is no match (exit 5): only submitted assessments can be imported', async () => {
    const r = await run(['ca', 'lookup', 'CA-3009013', '--json']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain('error: no match: only submitted assessments can be imported');
    expect(r.stderr).toContain('CA-3009013 is still in progress');
    expect(jsonError(r)).toMatchObject({ code: 'ca-in-progress', status: 404 });
    expect(r.stdout).toBe('');
  });

  it('an unknown number is not found', async () => {
    const unknown = await run(['ca', 'lookup', 'CA-0000000']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('no Common Assessment has the number CA-0000000');
  });
});

describe('the clients permission', () => {
  it.each([
    'cams lookup 140007919',
    'cams link cl_000015 210628374 --yes',
    'cams unlink cl_000010 --yes',
    'ca lookup CA-3005002',
  ])('%s, without it: exit 4 naming it', async (command) => {
    const forbidden = await run(command.split(' '), NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
  });
});

describe('--help', () => {
  it('each command has a description and examples', async () => {
    await expectHelp(run, ['cams lookup', 'cams link', 'cams unlink', 'ca lookup']);
  });
});

describe("another provider's CaMS link", () => {
  it('cams lookup says linked at another service provider, without naming the client', async () => {
    const lookup = await run(['cams', 'lookup', '140007919', '-o', 'table'], PROVIDER_B);
    expect(lookup.exitCode).toBe(0);
    expect(lookup.stdout).toContain('at another service provider');
    expect(lookup.stdout + lookup.stderr).not.toContain('cl_000001');
  });
});

/** The error line and the hint line a refusal prints on stderr. */
function errorAndHint(stderr: string): { error: string; hint: string } {
  const error = /^error: (.*)$/m.exec(stderr)?.[1];
  const hint = /^hint: (.*)$/m.exec(stderr)?.[1];
  expect(error, stderr).toBeDefined();
  expect(hint, `no hint in:\n${stderr}`).toBeDefined();
  return { error: error as string, hint: hint as string };
}

describe('cams and ca refusals: the error says what happened, the hint what to do', () => {
  it.each([
    ['cams lookup C-24100037', NOT_FOUND],
    ['cams lookup 1234', NOT_FOUND],
    ['cams lookup 219999999', NOT_FOUND],
    ['cams link cl_000012 C-24100037 --yes', NOT_FOUND],
    ['cams link cl_000012 219999999 --yes', NOT_FOUND],
    ['cams link cl_000001 210104729 --yes', CONFLICT],
    ['cams unlink cl_000003 --yes', CONFLICT],
    ['cams eap cl_000003', CONFLICT],
    ['ca lookup CA-0000000', NOT_FOUND],
    ['ca lookup 3005001', NOT_FOUND],
    ['ca lookup CA-3009013', NOT_FOUND],
    ['clients add --cams-ref C-24100037 --email case.ref2@example.org --provider sp_northstar', NOT_FOUND],
  ])('%s: no part of the error is said again in the hint', async (line, exitCode) => {
    const r = await run(line.split(' '));
    expect(r.exitCode, r.stderr).toBe(exitCode);
    const { error, hint } = errorAndHint(r.stderr);
    const parts = (text: string) =>
      text
        .split(/[:;,] /)
        .map((part) => part.trim().toLowerCase())
        .filter((part) => part.split(' ').length > 2);
    for (const part of parts(hint)) expect(error.toLowerCase(), `"${part}" is in both`).not.toContain(part);
    for (const part of parts(error)) expect(hint.toLowerCase(), `"${part}" is in both`).not.toContain(part);
  });

  it('a number that has not the shape of a CaMS or CA number says so in the error', async () => {
    const cams = errorAndHint((await run(['cams', 'lookup', '1234'])).stderr);
    expect(cams).toEqual({
      error: 'no CaMS client matches 1234: a Client Reference Number has 9 digits',
      hint: "check the number against the client's record in CaMS",
    });
    const ca = errorAndHint((await run(['ca', 'lookup', '3005001'])).stderr);
    expect(ca).toEqual({
      error: 'no Common Assessment has the number 3005001: a CA number is CA- and 7 digits',
      hint: 'check the number against the Common Assessment',
    });
  });
});
