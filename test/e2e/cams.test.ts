// clients import through the built binary: a Common Assessment is copied once. cams lookup / link /
// unlink and ca lookup run in-process (test/commands/cams.test.ts), and so does clients add
// --ca-number (test/commands/clients-add.test.ts).
//
// Seed (fixtures/seed.json): clients with id mod 3 = 1 are CaMS-linked, id mod 6 = 2 are Common
// Assessment imports, the others have no link; cl_000001 is linked to CaMS 140007919. CA-3005001..12
// are submitted. Each test uses its own clients and CaMS numbers.
import { describe, expect, it } from 'vitest';
import { clientByEmail, usePortal } from '../helpers/e2e.js';
import { PARTIAL } from '../helpers/exit-codes.js';
import { CLIENTS } from '../helpers/tokens.js';
import { importer, workDir, writeCsv } from './import-support.js';

const portal = usePortal();

describe('a Common Assessment is copied once', () => {
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
