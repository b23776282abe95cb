// clients add --ca-number and clients import through the built binary: a Common Assessment is
// copied once. cams lookup / link / unlink and ca lookup run in-process: test/commands/cams.test.ts.
//
// Seed (fixtures/seed.json): clients with id mod 3 = 1 are CaMS-linked, id mod 6 = 2 are Common
// Assessment imports, the others have no link; cl_000001 is linked to CaMS 140007919. CA-3005001..12
// are submitted. Each test uses its own clients and CaMS numbers.
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { clientByEmail, json, jsonError, runner, usePortal } from '../helpers/e2e.js';
import { CONFLICT, PARTIAL } from '../helpers/exit-codes.js';
import { CLIENTS, PROVIDER_B } from '../helpers/tokens.js';
import { importer, workDir, writeCsv } from './import-support.js';

const portal = usePortal();
const run = runner(portal);

describe('a Common Assessment is copied once', () => {
  it('clients add --ca-number: a second import is refused naming the client who has it', async () => {
    const first = await run(
      ['clients', 'add', '--ca-number', 'CA-3005001', '--no-invite', '--allow-duplicate-name', '--json'],
      CLIENTS,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const emma = ClientSchema.parse(json(first));
    const again = await run(
      [
        ...['clients', 'add', '--ca-number', 'CA-3005001', '--email', 'emma.again@example.org'],
        ...['--no-invite', '--allow-duplicate-name', '--json'],
      ],
      CLIENTS,
    );
    expect(again.exitCode).toBe(CONFLICT);
    expect(again.stderr).toContain(
      `error: Common Assessment CA-3005001 was already imported for client ${emma.id} (Emma Wang); a Common Assessment is copied once`,
    );
    expect(again.stderr).toContain(`portalctl clients get ${emma.id}`);
    expect(jsonError(again)).toMatchObject({ code: 'ca-already-imported', existingClientId: emma.id });
    expect(await clientByEmail(portal(), 'emma.again@example.org')).toBeUndefined();
  });

  it('clients add --ca-number at another provider: refused as "in use at another provider", unnamed', async () => {
    const r = await run(
      ['clients', 'add', '--ca-number', 'CA-3001008', '--email', 'kwame.b@example.org', '--no-invite'],
      PROVIDER_B,
    );
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('error: Common Assessment CA-3001008 is in use at another provider');
    expect(r.stderr).not.toMatch(/cl_000008|Kwame|Chen/);
    expect(await clientByEmail(portal(), 'kwame.b@example.org')).toBeUndefined();
  });

  it('clients import: a row with an imported CA fails, naming the code; the same person is "existing"', async () => {
    const file = writeCsv(
      workDir(),
      'ca.csv',
      'First Name,Last Name,Email,CA Number\n,,,CA-3001020\nOther,Person,other.ca.import@example.org,CA-3001020\nFatima,Nowak,fatima.a@example.org,CA-3005005\nFatima,Nowak,fatima.b@example.org,CA-3005005\n',
    );
    const dry = await importer(portal)([file, '--dry-run', '--json'], { token: CLIENTS });
    expect(dry.exitCode, dry.stderr).toBe(0);
    // The plan counts what the run does: the fourth row, the same name as the third with another
    // email, is a possible duplicate of the client that row becomes (the run then refuses it
    // earlier, for the CA the third row imported).
    expect(JSON.parse(dry.stdout)).toMatchObject({ existing: 1, failed: 2, toCreate: 1 });
    const r = await importer(portal)([file, '--yes', '--no-invite', '--json'], { token: CLIENTS });
    expect(r.exitCode, r.stderr).toBe(PARTIAL);
    // cl_000020 has CA-3001020; the fourth row is refused because the third imported CA-3005005.
    expect(JSON.parse(r.stdout)).toMatchObject({ created: 1, existing: 1, failed: 2 });
    expect(await clientByEmail(portal(), 'other.ca.import@example.org')).toBeUndefined();
    expect(await clientByEmail(portal(), 'fatima.b@example.org')).toBeUndefined();
    expect((await clientByEmail(portal(), 'fatima.a@example.org'))?.link).toMatchObject({ caNumber: 'CA-3005005' });
  });
});

describe("another provider's CaMS link", () => {
  it('clients add refuses it, without naming the client', async () => {
    const add = await run(
      ['clients', 'add', '--cams-ref', '140007919', '--email', 'someone.else@example.org', '--no-invite'],
      PROVIDER_B,
    );
    expect(add.exitCode).toBe(CONFLICT);
    expect(add.stderr).toContain('at another service provider');
    expect(add.stderr).not.toContain('cl_000001');
  });
});
