// cams lookup / link / unlink and ca lookup through the built binary against a real portal.
//
// Seed (fixtures/seed.json): clients with id mod 3 = 1 are CaMS-linked, id mod 6 = 2 are Common
// Assessment imports, the others have no link; cl_000001 is linked to CaMS 140007919, whose case
// is C-24100037; 2101… numbers are CaMS clients not linked yet. CA-3005001..12 are submitted,
// CA-3009013..20 in progress. Each test uses its own clients and CaMS numbers.
import { describe, expect, it } from 'vitest';
import { AssessmentSchema, CamsClientSchema, ClientSchema } from '../../src/api/schemas.js';
import { clientById, expectHelp, jsonError, runner, usePortal } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { NO_CLIENTS } from '../helpers/tokens.js';

const portal = usePortal();
const run = runner(portal);
const client = (id: string) => clientById(portal(), id);

describe('cams lookup', () => {
  it('a linked CaMS client: the API object, and the linked portal client on a table', async () => {
    const r = await run(['cams', 'lookup', '140007919', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const record = CamsClientSchema.parse(JSON.parse(r.stdout));
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
    expect(r.stderr).toContain('error: no CaMS client matches C-24100037: that is a CaMS Case Reference Number');
    expect(r.stderr).toContain('hint: that is a CaMS Case Reference Number; use the Client Reference Number');
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
  it('links with --yes: CaMS fields replace the portal values; lookup shows the link', async () => {
    expect((await client('cl_000006')).link.type).toBe('none');
    const r = await run(['cams', 'link', 'cl_000006', '210104729', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const linked = ClientSchema.parse(JSON.parse(r.stdout));
    expect(linked.link).toMatchObject({ type: 'cams', clientReferenceNumber: '210104729' });
    expect(linked).toMatchObject({ firstName: 'Amelia', lastName: 'Bouchard', dateOfBirth: '1973-03-28' });
    expect(r.stderr).toContain('✓ Linked cl_000006 to CaMS client 210104729');
    const lookup = JSON.parse((await run(['cams', 'lookup', '210104729', '--json'])).stdout);
    expect(lookup.linkedClientId).toBe('cl_000006');
  });

  it('without --yes and no terminal: a usage error naming --yes, nothing linked', async () => {
    const r = await run(['cams', 'link', 'cl_000009', '210418916']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('linking cl_000009 to CaMS client 210418916');
    expect(r.stderr).toContain('pass --yes to confirm when not running interactively');
    expect((await client('cl_000009')).link.type).toBe('none');
  });

  it('--dry-run shows the CaMS record and what would change, and changes nothing', async () => {
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
      replaces: { type: 'ca' },
    });
    expect(plan.changes).toContainEqual({ field: 'lastName', from: before.lastName, to: plan.camsClient.lastName });
    const text = await run(['cams', 'link', 'cl_000026', '210314187', '--dry-run', '-o', 'table']);
    expect(text.stdout).toContain('Dry run: would link cl_000026 to CaMS client 210314187.');
    expect(text.stdout).toContain('Linking takes these fields from CaMS (then read-only in the portal):');
    expect(text.stdout).toContain('The link replaces the Common Assessment import');
    expect(await client('cl_000026')).toEqual(before);
  });

  it('a Common Assessment import is replaced by the link', async () => {
    expect((await client('cl_000014')).link.type).toBe('ca');
    const r = await run(['cams', 'link', 'cl_000014', '210209458', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).link).toMatchObject({ type: 'cams', clientReferenceNumber: '210209458' });
  });

  it('a Case Reference Number is refused with the hint', async () => {
    const r = await run(['cams', 'link', 'cl_000012', 'C-24100037', '--yes']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain('use the Client Reference Number');
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
    });
    expect((await client('cl_000007')).link.type).toBe('cams');

    const noYes = await run(['cams', 'unlink', 'cl_000007']);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain(`this removes the link of cl_000007 to CaMS client ${ref}`);
    expect(noYes.stderr).toContain('--yes');
    expect((await client('cl_000007')).link.type).toBe('cams');

    const r = await run(['cams', 'unlink', before.email, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const after = ClientSchema.parse(JSON.parse(r.stdout));
    expect(after.link).toEqual({ type: 'none' });
    // The values stay (and become editable).
    expect(after).toMatchObject({ firstName: before.firstName, lastName: before.lastName, phone: before.phone });
    expect(r.stderr).toContain(`✓ Removed the CaMS link of cl_000007 (was ${ref})`);

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
    expect(AssessmentSchema.parse(JSON.parse(r.stdout))).toMatchObject({ caNumber: 'CA-3005001', status: 'submitted' });
    const table = await run(['ca', 'lookup', 'ca-3005001', '-o', 'table']);
    expect(table.stdout).toMatch(/^STATUS:\s+submitted$/m);
    expect(table.stderr).toContain('portalctl clients add --ca-number CA-3005001');
  });

  it('an in-progress assessment is refused: only submitted assessments can be imported', async () => {
    const r = await run(['ca', 'lookup', 'CA-3009013', '--json']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('error: no match: only submitted assessments can be imported');
    expect(r.stderr).toContain('CA-3009013 is still in progress');
    expect(jsonError(r)).toMatchObject({ code: 'ca-in-progress', status: 422 });
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
