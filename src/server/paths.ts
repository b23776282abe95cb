// Where the local portal keeps its database by default: the user's data directory, so data
// survives restarts. XDG_DATA_HOME wins on every platform (tests and XDG users rely on it).
import os from 'node:os';
import path from 'node:path';

export function dataDirectory(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'portalctl');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'portalctl');
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
    return path.join(local, 'portalctl', 'Data');
  }
  return path.join(home, '.local', 'share', 'portalctl');
}

/** `$XDG_DATA_HOME/portalctl/portal.db`, else the platform's conventional data directory. */
export function defaultDatabasePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  return path.join(dataDirectory(env, platform, home), 'portal.db');
}
