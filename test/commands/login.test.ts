// `portalctl login` run in-process against a portal in the same process: the token from standard
// input (--with-token) or a hidden prompt, checked with the portal and saved in a 0600 config file
// as the current profile; a refused token saves nothing; no token ever from a flag. Hidden input on
// a real terminal: test/e2e/core.test.ts.
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOT_AUTHENTICATED, USAGE } from '../helpers/exit-codes.js';
import { isolatedEnv } from '../helpers/portal.js';
import { ADMIN, NO_CLIENTS } from '../helpers/tokens.js';
import { run, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const url = () => portal().url;

describe('login', () => {
  it('login --with-token, whoami from the profile, config file 0600, logout', async () => {
    const env = isolatedEnv();
    const login = await run(['login', '--url', url(), '--with-token'], { env, stdin: `${ADMIN}\n` });
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stderr).toContain('✓ Logged in to');
    const file = path.join(env.XDG_CONFIG_HOME!, 'portalctl', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const whoami = await run(['whoami', '--json'], { env });
    expect(whoami.exitCode, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      name: 'Priya Raman',
      permissions: ['administrator'],
      portal: { profile: 'default', urlSource: 'profile', tokenSource: 'profile' },
    });

    const list = await run(['clients', 'list', '--limit', '1', '-q'], { env });
    expect(list.stdout.trim()).toMatch(/^cl_\w+$/);

    const profiles = await run(['profiles', 'list', '--json'], { env });
    expect(JSON.parse(profiles.stdout)).toEqual([{ name: 'default', url: url(), current: true, hasToken: true }]);

    const envWins = await run(['whoami', '--json'], { env: { ...env, PORTALCTL_TOKEN: NO_CLIENTS } });
    expect(JSON.parse(envWins.stdout).portal.tokenSource).toBe('env');

    const logout = await run(['logout'], { env });
    expect(logout.exitCode).toBe(0);
    const after = await run(['whoami'], { env });
    expect(after.exitCode).toBe(NOT_AUTHENTICATED);
    expect(after.stderr).toContain('no API token for');
  });

  it('login refuses a wrong token and saves nothing', async () => {
    const env = isolatedEnv();
    const r = await run(['login', '--url', url(), '--with-token'], { env, stdin: 'not-a-real-token-xyz\n' });
    expect(r.exitCode).toBe(NOT_AUTHENTICATED);
    expect(r.stderr).toContain('refused this token');
    const profiles = await run(['profiles', 'list', '--json'], { env });
    expect(JSON.parse(profiles.stdout)).toEqual([]);
  });

  it('login without a terminal and without --with-token names the flag; there is no --token flag', async () => {
    const r = await run(['login', '--url', url()]);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('--with-token');
    const flag = await run(['login', '--url', url(), '--token', ADMIN]);
    expect(flag.exitCode).toBe(USAGE);
    expect(flag.stderr).toContain("unknown option '--token'");
    expect(flag.stderr).not.toContain(ADMIN);
  });

  it('on a terminal, asks for the URL and the token (a prompt of its own, never a flag value)', async () => {
    const env = isolatedEnv();
    const r = await run(['login', '--profile', 'asked'], {
      env,
      answers: { '--url': ` ${url()} `, '--with-token': ADMIN },
    });
    expect(r.asked).toEqual(['--url', '--with-token']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Logged in to ${url()} as Priya Raman (profile asked`);
    const profiles = await run(['profiles', 'list', '--json'], { env });
    expect(JSON.parse(profiles.stdout)).toEqual([{ name: 'asked', url: url(), current: true, hasToken: true }]);
  });

  it('refuses an invalid profile name before asking for anything; --json prints the login', async () => {
    const bad = await run(['login', '--url', url(), '--profile', 'no spaces'], { answers: {} });
    expect(bad.exitCode).toBe(USAGE);
    expect(bad.stderr).toContain('--profile: "no spaces" is not a valid profile name');
    const env = isolatedEnv();
    const json = await run(['login', '--url', url(), '--with-token', '--json'], { env, stdin: ADMIN });
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      profile: 'default',
      url: url(),
      name: 'Priya Raman',
      email: 'priya.raman@northstar.example.org',
      permissions: ['administrator'],
    });
    expect(json.stdout).not.toContain(ADMIN);
  });
});
