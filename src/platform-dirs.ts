// Where portalctl keeps its files, decided once for the CLI and the server. An absolute
// XDG_*_HOME wins on every platform (a relative one is ignored, as the XDG spec says); otherwise
// each platform's usual place. env-paths is not used: it reads process.env and the home directory
// when first loaded, not the environment a command is given, and its macOS and Windows places for
// config and state are not the ones portalctl has always used.
import os from 'node:os';
import path from 'node:path';

export interface PlatformDirs {
  /** Profiles and tokens (config.json). */
  config: string;
  /** The local portal's database. */
  data: string;
  /** Import journals of CSVs read from stdin. */
  state: string;
}

const APP = 'portalctl';

/**
 * The environment's HOME first: a command given another environment (a test world) uses its home.
 * An empty or relative one is not used: the files would land wherever each command happens to run.
 */
function homeOf(env: Record<string, string | undefined>): string {
  const given = [env.HOME, env.USERPROFILE].find((home) => home && path.isAbsolute(home));
  if (given) return given;
  try {
    return os.userInfo().homedir;
  } catch {
    return path.resolve(os.homedir());
  }
}

export function platformDirs(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homeOf(env),
): PlatformDirs {
  const xdg = (name: string) => {
    const value = env[name];
    return value && path.isAbsolute(value) ? path.join(value, APP) : undefined;
  };
  const config =
    platform === 'win32'
      ? path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP)
      : path.join(home, '.config', APP);
  const data =
    platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support', APP)
      : platform === 'win32'
        ? path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), APP, 'Data')
        : path.join(home, '.local', 'share', APP);
  return {
    config: xdg('XDG_CONFIG_HOME') ?? config,
    data: xdg('XDG_DATA_HOME') ?? data,
    state: xdg('XDG_STATE_HOME') ?? path.join(home, '.local', 'state', APP),
  };
}
