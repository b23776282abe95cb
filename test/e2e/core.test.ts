// The CLI core through the built binary: entry, help, errors and exit codes, the built-in local
// portal, login on a terminal, and that the token never shows in any output. The reference commands'
// logic (clients list/get: formats, filters, refusals) runs in-process:
// test/commands/clients-list-get-output.test.ts; login, whoami, profiles and the config file mode:
// test/commands/login.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { cli, type Result, runner, usePortal } from '../helpers/e2e.js';
import { CANCELLED, USAGE } from '../helpers/exit-codes.js';
import { isolatedEnv, ROOT } from '../helpers/portal.js';
import { ADMIN } from '../helpers/tokens.js';
import { runPty } from './pty.js';

const KNOWN_ID = 'cl_000001';
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
