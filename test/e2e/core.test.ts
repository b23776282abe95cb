// The CLI core through the built binary against a real `portalctl server`: entry, help, errors
// and exit codes, output formats, the reference commands (clients list/get), login on a terminal,
// and that the token never shows in any output. login, whoami, profiles and the config file mode
// run in-process: test/commands/login.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { cli, type Result, runner, usePortal } from '../helpers/e2e.js';
import { CANCELLED, FORBIDDEN, NOT_AUTHENTICATED, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { isolatedEnv, ROOT } from '../helpers/portal.js';
import { ADMIN, NO_CLIENTS, PROVIDER_B } from '../helpers/tokens.js';
import { runPty } from './pty.js';

const KNOWN_ID = 'cl_000001';
const KNOWN_EMAIL = 'maryann.obrien1@example.org';
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

const portal = usePortal();
const run = runner(portal);

describe('entry', () => {
  it('--help lists every group and global option without a portal', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const text of ['clients <command>', 'invite <command>', 'portal <command>', 'login', '--json', 'Examples:']) {
      expect(r.stdout).toContain(text);
    }
    const group = await cli(['clients', '--help']);
    expect(group.stdout).toMatch(/list\s+List clients, with filters/);
    expect(group.stdout).toContain('representatives <command>');
  });

  it('a command help has a description and examples', async () => {
    const r = await cli(['clients', 'list', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--status <status>');
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('$ portalctl clients list');
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('an unknown flag is a usage error (exit 2) naming it', async () => {
    const r = await run(['clients', 'list', '--bogus']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain("error: unknown option '--bogus'");
    expect(r.stderr).toContain('hint:');
    expect(r.stdout).toBe('');
  });

  it('an unknown command suggests the closest one', async () => {
    const r = await run(['clients', 'lst']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain("unknown command 'lst'");
    expect(r.stderr).toContain('did you mean list?');
  });

  it('a group without a command shows its help and exits 2', async () => {
    const r = await cli(['clients']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain("missing command after 'portalctl clients'");
  });

  it('help exit-codes prints the table', async () => {
    const r = await cli(['help', 'exit-codes']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\s+2\s+Usage/m);
    expect(r.stdout).toMatch(/^\s+130\s+Cancelled/m);
    // As the portal answers: a missing permission is 4, another provider's client is not found (5).
    expect(r.stdout).toMatch(/^\s+4\s+Forbidden: the token lacks a permission \(named\)/m);
    expect(r.stdout).toMatch(/^\s+5\s+Not found: .*another provider's client is not found/m);
    expect(r.stdout).not.toContain('not yours');
    const json = await cli(['help', 'exit-codes', '--json']);
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ code: 4, kinds: ['forbidden'] }));
  });

  it('completion scripts come from the registry', async () => {
    const bash = await cli(['completion', 'bash']);
    expect(bash.exitCode).toBe(0);
    expect(bash.stdout).toContain('complete -o default -F _portalctl portalctl');
    expect(bash.stdout).toContain("'portal users') opts=");
    const fish = await cli(['completion', 'fish']);
    expect(fish.stdout).toContain("-a 'expire-link'");
    const bad = await cli(['completion', 'tcsh']);
    expect(bad.exitCode).toBe(USAGE);
  });
});

describe('clients list', () => {
  it('--json is an array of API clients, 50 by default', async () => {
    const r = await run(['clients', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const clients = JSON.parse(r.stdout) as unknown[];
    expect(clients).toHaveLength(50);
    for (const c of clients) ClientSchema.parse(c);
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
    ClientSchema.parse(records[0]);

    const fields = await run(['clients', 'list', '--limit', '1', '--json', '--fields', 'id,status']);
    expect(Object.keys(JSON.parse(fields.stdout)[0])).toEqual(['id', 'status']);

    const quiet = await run(['clients', 'list', '--limit', '3', '-q']);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(3);
    expect(quiet.stdout).toMatch(/^cl_\w+\ncl_\w+\ncl_\w+$/);
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
    const client = ClientSchema.parse(JSON.parse(byId.stdout));
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
    const r = await cli(['clients', 'list'], {
      env: { PORTALCTL_URL: 'http://portal.example.org', PORTALCTL_TOKEN: ADMIN },
    });
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('refusing to send your token over plain http:// to portal.example.org');
    expect(r.stderr).toContain('--insecure-http');
  });
});

describe('the token never appears in any output', () => {
  it('not in data, messages, errors, or --debug lines', async () => {
    const secret = 'pct_secret_never_printed_0123456789';
    const env = isolatedEnv();
    const outputs: string[] = [];
    const collect = (r: Result) => outputs.push(r.stdout, r.stderr);
    // A real token (the admin's) through every path: login, whoami, list, get, errors, --debug.
    collect(
      await cli(['login', '--url', portal().url, '--with-token', '--debug'], { env, stdin: 'pipe', input: ADMIN }),
    );
    for (const args of [
      ['whoami', '--debug'],
      ['whoami', '--json', '--debug'],
      ['clients', 'list', '--limit', '2', '--debug'],
      ['clients', 'get', KNOWN_ID, '--debug', '--json'],
      ['clients', 'get', 'cl_doesnotexist', '--debug', '--json'],
      ['profiles', 'list', '--json'],
    ]) {
      const r = await cli(args, { env });
      collect(r);
      expect(r.stderr).not.toBe(undefined);
    }
    // A token the portal refuses, through the environment.
    for (const args of [
      ['clients', 'list', '--debug'],
      ['whoami', '--debug', '--json'],
    ]) {
      collect(await cli(args, { env: { PORTALCTL_URL: portal().url, PORTALCTL_TOKEN: secret } }));
    }
    // ...and to a host that http:// must not reach.
    collect(
      await cli(['clients', 'list', '--debug'], {
        env: { PORTALCTL_URL: 'http://portal.example.org', PORTALCTL_TOKEN: secret },
      }),
    );
    const all = outputs.join('\n');
    expect(all).toContain('debug: GET');
    expect(all).not.toContain(ADMIN);
    expect(all).not.toContain(secret);
    expect(all.toLowerCase()).not.toContain('authorization');
  });
});

describe('the built-in local portal', () => {
  it('with nothing configured, commands use the seeded local database and leave no token behind', async () => {
    const env = isolatedEnv();
    const list = await cli(['clients', 'list', '--limit', '5', '--json'], { env });
    expect(list.exitCode, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(5);
    const whoami = await cli(['whoami', '--json'], { env });
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      permissions: ['administrator'],
      portal: { profile: null, urlSource: 'local', tokenSource: 'local' },
    });
    // The same database file the next command (and `portalctl server`) uses.
    const file = path.join(env.XDG_DATA_HOME!, 'portalctl', 'portal.db');
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const row = db.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE name = 'server admin token'").get() as {
        n: number;
      };
      expect(row.n).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('a real terminal', () => {
  it('login asks for the token with hidden input and never echoes it', async () => {
    const env = isolatedEnv();
    const term = runPty(['login', '--url', portal().url, '--profile', 'pty'], { env });
    await term.waitFor('API token for');
    term.write(`${ADMIN}\r`);
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(0);
    expect(screen).toContain('Logged in to');
    expect(screen).not.toContain(ADMIN);
    const whoami = await cli(['whoami', '--json'], { env });
    expect(JSON.parse(whoami.stdout).portal.profile).toBe('pty');
  });

  it('clients get with no client searches interactively', async () => {
    const term = runPty(['clients', 'get', '-o', 'json'], {
      env: { PORTALCTL_URL: portal().url, PORTALCTL_TOKEN: ADMIN },
    });
    await term.waitFor('Find a client');
    // A client beyond the first page, so its email appears only once the search has answered.
    term.write('thi whitehead');
    await term.waitFor(/thi whitehead[\s\S]*thi\.whitehead72@example\.com/);
    term.write('\r');
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(0);
    expect(screen).toContain('"id": "cl_000072"');
  });

  it('on a terminal, the local portal says so, and data is a table', async () => {
    const term = runPty(['clients', 'list', '--limit', '2']);
    await term.waitFor('Using the local portal at');
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(0);
    expect(screen).toContain('run portalctl login to use yours');
    expect(screen).toMatch(/ID\s+NAME\s+EMAIL\s+STATUS\s+INVITE\s+LINK/);
  });

  it('Ctrl-C at a prompt cancels with exit 130 and no stack', async () => {
    const term = runPty(['login', '--url', portal().url]);
    await term.waitFor('API token for');
    term.write('\u0003');
    const { exitCode, screen } = await term.exited;
    expect(exitCode).toBe(CANCELLED);
    expect(screen).toContain('error: cancelled');
    expect(screen).not.toMatch(/\n\s+at /);
  });
});
