// Saved profiles ({ name: { url, token } } and the current one), stored with `conf` under
// $XDG_CONFIG_HOME/portalctl/config.json. The file holds tokens: it is kept at mode 0600 and its
// directory at 0700 whatever the umask, and a broader mode found on disk is narrowed with a warning.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import { platformDirs } from '../platform-dirs.js';

export interface Profile {
  url: string;
  token?: string;
}

export interface ConfigData {
  current?: string;
  profiles: Record<string, Profile>;
}

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** `$XDG_CONFIG_HOME/portalctl`, else the platform's place (src/platform-dirs.ts). */
export function configDirectory(
  env: Record<string, string | undefined> = process.env,
  platform?: NodeJS.Platform,
  home?: string,
): string {
  return platformDirs(env, platform, home).config;
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ProfileStore {
  readonly path: string;
  current(): string | undefined;
  setCurrent(name: string | undefined): void;
  get(name: string): Profile | undefined;
  list(): { name: string; profile: Profile; current: boolean }[];
  set(name: string, profile: Profile): void;
  remove(name: string): boolean;
}

/** Narrows a file or directory to `mode` if group/other can reach it; says so on stderr. */
function narrow(target: string, mode: number, what: string, warn: (message: string) => void): void {
  let current: number;
  try {
    current = statSync(target).mode & 0o777;
  } catch {
    return;
  }
  if ((current & ~mode) === 0) return;
  chmodSync(target, mode);
  warn(
    `${what} ${target} was readable by others (mode ${current.toString(8).padStart(4, '0')}); changed it to ${mode.toString(8).padStart(4, '0')}`,
  );
}

/**
 * Whether a config file exists: without one there is no profile to read, and choosing the portal
 * need not load `conf` (and its JSON Schema validator), a large part of a command's start-up.
 */
export function hasConfigFile(env: Record<string, string | undefined> = process.env): boolean {
  return existsSync(path.join(configDirectory(env), 'config.json'));
}

/** The profiles when there is no config file: none, and nothing current. Read-only. */
export const NO_PROFILES: Pick<ProfileStore, 'current' | 'get'> = {
  current: () => undefined,
  get: () => undefined,
};

export async function openProfileStore(options: {
  env?: Record<string, string | undefined>;
  warn: (message: string) => void;
  directory?: string;
}): Promise<ProfileStore> {
  const directory = options.directory ?? configDirectory(options.env);
  mkdirSync(directory, { recursive: true, mode: DIR_MODE });
  narrow(directory, DIR_MODE, 'the config directory', options.warn);
  const file = path.join(directory, 'config.json');
  // Checked before conf reads it: a token file others can read is fixed first.
  narrow(file, FILE_MODE, 'the config file', options.warn);

  const { default: ConfClass } = await import('conf');
  const conf: Conf<ConfigData> = new ConfClass<ConfigData>({
    projectName: 'portalctl',
    projectSuffix: '',
    cwd: directory,
    configName: 'config',
    configFileMode: FILE_MODE,
    defaults: { profiles: {} },
  });

  const afterWrite = () => {
    // conf writes through a temporary file and renames it; make sure of the result whatever happened.
    try {
      chmodSync(conf.path, FILE_MODE);
    } catch {
      // the file may not exist when nothing was written
    }
  };
  const profiles = (): Record<string, Profile> => ({ ...(conf.get('profiles') ?? {}) });

  return {
    path: conf.path,
    current: () => conf.get('current'),
    setCurrent(name) {
      if (name === undefined) conf.delete('current');
      else conf.set('current', name);
      afterWrite();
    },
    get: (name) => profiles()[name],
    list() {
      const current = conf.get('current');
      return Object.entries(profiles())
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, profile]) => ({ name, profile, current: name === current }));
    },
    set(name, profile) {
      conf.set('profiles', { ...profiles(), [name]: profile });
      afterWrite();
    },
    remove(name) {
      const all = profiles();
      if (!(name in all)) return false;
      delete all[name];
      conf.set('profiles', all);
      if (conf.get('current') === name) conf.delete('current');
      afterWrite();
      return true;
    },
  };
}
