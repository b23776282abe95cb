// clients list and clients get, the reference commands, in-process against a seeded portal: paging,
// filters, output formats and fields, lookups by id and email, and their refusals (permissions, a
// wrong token, plain http to another host). Entry, help and exit codes through the built binary:
// test/e2e/core.test.ts, exit-codes.test.ts.
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { FORBIDDEN, NOT_AUTHENTICATED, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, NO_CLIENTS, PROVIDER_B } from '../helpers/tokens.js';
import { run as runAlone, runner, useInProcessPortal } from '../helpers/world.js';

const KNOWN_ID = 'cl_000001';
const KNOWN_EMAIL = 'maryann.obrien1@example.org';

const portal = useInProcessPortal();
const run = runner(portal);

describe('clients list', () => {
  it('--json is an array of API clients, 50 by default', async () => {
    const r = await run(['clients', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const clients = JSON.parse(r.stdout) as unknown[];
    expect(clients).toHaveLength(50);
    for (const c of clients) ClientSchema().parse(c);
  });

  it('--all follows the cursor; --limit caps', async () => {
    const all = JSON.parse((await run(['clients', 'list', '--all', '--json'])).stdout) as { id: string }[];
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    const few = JSON.parse((await run(['clients', 'list', '--limit', '3', '--json'])).stdout) as unknown[];
    expect(few).toHaveLength(3);
  });

  it('filters by status, archived, search and invite state', async () => {
    const referrals = JSON.parse((await run(['clients', 'list', '--status', 'referral', '--all', '--json'])).stdout);
    expect(referrals.length).toBeGreaterThan(0);
    expect(referrals.every((c: { status: string }) => c.status === 'referral')).toBe(true);
    const archived = JSON.parse((await run(['clients', 'list', '--archived', '--all', '--json'])).stdout);
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.every((c: { archived: boolean }) => c.archived)).toBe(true);
    const found = JSON.parse((await run(['clients', 'list', '--search', 'obrien', '--json'])).stdout);
    expect(found.map((c: { id: string }) => c.id)).toContain(KNOWN_ID);
    const pending = JSON.parse((await run(['clients', 'list', '--invite', 'pending', '--all', '--json'])).stdout);
    expect(pending.every((c: { invite: { status: string } }) => c.invite.status === 'pending')).toBe(true);
  });

  it('--provider of another provider is refused naming the permission, not an empty list (exit 4)', async () => {
    const r = await run(['clients', 'list', '--provider', 'Northstar Employment Services'], PROVIDER_B);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: your token lacks the `administrator` permission');
    expect(r.stderr).toContain('sp_northstar');
    const own = await run(['clients', 'list', '--provider', 'sp_lakeshore', '--json'], PROVIDER_B);
    expect(own.exitCode, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout).every((c: { providerId: string }) => c.providerId === 'sp_lakeshore')).toBe(true);
    // A client of another provider is not found (exit 5), and the exit-code table says so.
    expect((await run(['clients', 'get', 'cl_000001'], PROVIDER_B)).exitCode).toBe(NOT_FOUND);
  });

  it('a bad filter value names the flag', async () => {
    const r = await run(['clients', 'list', '--status', 'active']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('--status');
  });

  it('piped without -o it is tsv with a header; -o csv, ndjson, --fields and -q', async () => {
    const tsv = await run(['clients', 'list', '--limit', '2']);
    const lines = tsv.stdout.trim().split('\n');
    expect(lines[0]).toBe('id\tname\temail\tstatus\tinvite\tlink');
    expect(lines).toHaveLength(3);
    expect(tsv.stdout).not.toMatch(/\u001b\[/);

    const csv = await run(['clients', 'list', '--limit', '2', '-o', 'csv', '--fields', 'id,email']);
    expect(csv.stdout.trim().split('\n')[0]).toBe('id,email');
    expect(csv.stdout.trim().split('\n')[1]).toMatch(/^cl_\w+,\S+@\S+$/);

    const ndjson = await run(['clients', 'list', '--limit', '2', '-o', 'ndjson']);
    const records = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    ClientSchema().parse(records[0]);

    const fields = await run(['clients', 'list', '--limit', '1', '--json', '--fields', 'id,status']);
    expect(Object.keys(JSON.parse(fields.stdout)[0])).toEqual(['id', 'status']);

    const quiet = await run(['clients', 'list', '--limit', '3', '-q']);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(3);
    expect(quiet.stdout).toMatch(/^cl_\w+\ncl_\w+\ncl_\w+\n$/);
  });

  it('an unknown --fields name lists the valid ones, before any request', async () => {
    const r = await run(['clients', 'list', '--fields', 'id,shoeSize']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('unknown field "shoeSize" for --fields');
    expect(r.stderr).toMatch(/valid fields for clients: id, name, /);
  });
});

describe('clients get', () => {
  it('by id and by email: the API object', async () => {
    const byId = await run(['clients', 'get', KNOWN_ID, '--json']);
    expect(byId.exitCode, byId.stderr).toBe(0);
    const client = ClientSchema().parse(JSON.parse(byId.stdout));
    expect(client.id).toBe(KNOWN_ID);
    const byEmail = await run(['clients', 'get', KNOWN_EMAIL.toUpperCase(), '--json']);
    expect(JSON.parse(byEmail.stdout).id).toBe(KNOWN_ID);
  });

  it('a table on request, with every field', async () => {
    const r = await run(['clients', 'get', KNOWN_ID, '-o', 'table']);
    expect(r.stdout).toMatch(/^ID:\s+cl_000001$/m);
    expect(r.stdout).toMatch(/^INVITE LINK:/m);
  });

  it('an unknown client is not found (exit 5)', async () => {
    const r = await run(['clients', 'get', 'cl_doesnotexist']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain('error: no client cl_doesnotexist');
    const byEmail = await run(['clients', 'get', 'nobody@nowhere.example']);
    expect(byEmail.exitCode).toBe(NOT_FOUND);
    expect(byEmail.stderr).toContain('no client with the email nobody@nowhere.example');
  });

  it('neither an id nor an email is a usage error', async () => {
    const r = await run(['clients', 'get', 'Mary']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('must be a client id (cl_…) or an email address');
  });

  it('no client and no terminal: fails naming the argument', async () => {
    const r = await run(['clients', 'get']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('<client> is required when not running interactively');
  });

  it('--json errors are also a JSON object on stderr', async () => {
    const r = await run(['clients', 'get', 'cl_doesnotexist', '--json']);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ error: { kind: 'not-found', status: 404, exitCode: NOT_FOUND } });
    expect(r.stdout).toBe('');
  });
});

describe('authentication and permissions', () => {
  it('a wrong token: exit 3 and the login hint', async () => {
    const r = await run(['clients', 'list'], 'wrong-token-0123456789');
    expect(r.exitCode).toBe(NOT_AUTHENTICATED);
    expect(r.stderr).toContain('error: not authenticated');
    expect(r.stderr).toContain('hint: run portalctl login');
    expect(r.stdout).toBe('');
  });

  it('a token without the clients permission: exit 4 naming it', async () => {
    const r = await run(['clients', 'list'], NO_CLIENTS);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stderr).toContain('your token lacks the `clients` permission');
  });

  it('plain http to a non-loopback host is refused, naming --insecure-http', async () => {
    const r = await runAlone(['clients', 'list'], {
      env: { PORTALCTL_URL: 'http://portal.example.org', PORTALCTL_TOKEN: ADMIN },
    });
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('refusing to send your token over plain http:// to portal.example.org');
    expect(r.stderr).toContain('--insecure-http');
  });
});
