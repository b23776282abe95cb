import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/command/deps.js';
import { resolveConnection } from '../../src/config/connection.js';
import { configDirectory, openProfileStore, type ProfileStore } from '../../src/config/store.js';
import { isolatedEnv } from '../helpers/portal.js';

const mode = (p: string) => statSync(p).mode & 0o777;
let previousUmask: number;
let dir: string;

beforeEach(() => {
  // The broadest umask: nothing masked, so only the code's own modes protect the token file.
  previousUmask = process.umask(0);
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'portalctl-config-')), 'portalctl');
});
afterEach(() => {
  process.umask(previousUmask);
});

describe('the profile store', () => {
  it('creates the directory 0700 and the token file 0600 whatever the umask', async () => {
    const warnings: string[] = [];
    const store = await openProfileStore({ directory: dir, warn: (m) => warnings.push(m) });
    store.set('default', { url: 'https://portal.example.org', token: 'tok_secret_value' });
    store.setCurrent('default');
    expect(mode(dir)).toBe(0o700);
    expect(mode(store.path)).toBe(0o600);
    expect(warnings).toEqual([]);
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toMatchObject({
      current: 'default',
      profiles: { default: { url: 'https://portal.example.org', token: 'tok_secret_value' } },
    });
  });

  it('narrows a broader existing mode, with a warning', async () => {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ profiles: { a: { url: 'https://a.example', token: 't' } } }));
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    const store = await openProfileStore({ directory: dir, warn: (m) => warnings.push(m) });
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/0644.*0600/);
    expect(store.get('a')?.url).toBe('https://a.example');
  });

  it('lists, switches and removes profiles', async () => {
    const store = await openProfileStore({ directory: dir, warn: () => {} });
    store.set('prod', { url: 'https://p.example', token: 't1' });
    store.set('staging', { url: 'https://s.example' });
    store.setCurrent('prod');
    expect(store.list().map((p) => [p.name, p.current])).toEqual([
      ['prod', true],
      ['staging', false],
    ]);
    expect(store.remove('prod')).toBe(true);
    expect(store.current()).toBeUndefined();
    expect(store.remove('prod')).toBe(false);
  });

  it('lives under $XDG_CONFIG_HOME/portalctl', () => {
    expect(configDirectory({ XDG_CONFIG_HOME: '/x/config' }, 'linux', '/home/u')).toBe('/x/config/portalctl');
    expect(configDirectory({}, 'linux', '/home/u')).toBe('/home/u/.config/portalctl');
    expect(configDirectory({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.config/portalctl');
  });
});

describe('connection precedence: flags > env > profile > local portal', () => {
  let store: ProfileStore;
  let opened = 0;
  const open = async () => {
    opened++;
    return store;
  };
  beforeEach(async () => {
    opened = 0;
    store = await openProfileStore({ directory: dir, warn: () => {} });
    store.set('prod', { url: 'https://prod.example', token: 'prod-token' });
    store.set('other', { url: 'https://other.example', token: 'other-token' });
    store.setCurrent('prod');
  });

  it('uses the current profile when nothing else is given', async () => {
    const c = await resolveConnection({}, {}, open);
    expect(c).toMatchObject({
      url: 'https://prod.example',
      token: 'prod-token',
      urlSource: 'profile',
      tokenSource: 'profile',
      profile: 'prod',
    });
  });
  it('env beats the profile; --url and --profile beat env', async () => {
    const env = { PORTALCTL_URL: 'https://env.example', PORTALCTL_TOKEN: 'env-token', PORTALCTL_PROFILE: 'other' };
    expect(await resolveConnection({}, { PORTALCTL_TOKEN: 'env-token' }, open)).toMatchObject({
      url: 'https://prod.example',
      token: 'env-token',
      tokenSource: 'env',
    });
    expect(await resolveConnection({}, { PORTALCTL_PROFILE: 'other' }, open)).toMatchObject({
      profile: 'other',
      token: 'other-token',
    });
    expect(await resolveConnection({ url: 'https://flag.example' }, env, open)).toMatchObject({
      url: 'https://flag.example',
      urlSource: 'flag',
      token: 'env-token',
    });
    expect(await resolveConnection({ profile: 'prod' }, { PORTALCTL_PROFILE: 'other' }, open)).toMatchObject({
      profile: 'prod',
    });
  });
  it('does not open the config file when env gives both URL and token', async () => {
    await resolveConnection({}, { PORTALCTL_URL: 'https://e.example', PORTALCTL_TOKEN: 't' }, open);
    expect(opened).toBe(0);
  });
  it("never sends a profile's token to another URL", async () => {
    const attempt = resolveConnection({ url: 'https://elsewhere.example' }, {}, open);
    await expect(attempt).rejects.toMatchObject({
      kind: 'auth',
      message: 'no API token for https://elsewhere.example',
    });
  });
  it('falls back to the local portal when nothing is configured', async () => {
    store.remove('prod');
    store.remove('other');
    expect(await resolveConnection({}, {}, open)).toMatchObject({
      local: true,
      urlSource: 'local',
      tokenSource: 'local',
    });
  });
  it('refuses an unknown --profile', async () => {
    await expect(resolveConnection({ profile: 'nope' }, {}, open)).rejects.toMatchObject({ kind: 'usage' });
  });
});

describe('choosing the portal with no config file', () => {
  const world = (env: Record<string, string>) => ({
    stdin: Readable.from([]),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env,
  });

  it('resolves to the local portal without creating the config directory', async () => {
    const env = isolatedEnv();
    const deps = createDeps({}, world(env));
    expect(await deps.connection()).toMatchObject({ local: true, urlSource: 'local' });
    expect(existsSync(configDirectory(env))).toBe(false);
  });

  it('reads the current profile once a config file exists', async () => {
    const env = isolatedEnv();
    const store = await openProfileStore({ env, warn: () => {} });
    store.set('prod', { url: 'https://prod.example', token: 'prod-token' });
    store.setCurrent('prod');
    const deps = createDeps({}, world(env));
    expect(await deps.connection()).toMatchObject({ local: false, url: 'https://prod.example', profile: 'prod' });
  });
});
