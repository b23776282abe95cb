// Where the local portal keeps its database by default: the user's data directory, so data
// survives restarts (src/platform-dirs.ts).
import path from 'node:path';
import { platformDirs } from '../platform-dirs.js';

/** `$XDG_DATA_HOME/portalctl/portal.db`, else the platform's conventional data directory. */
export function defaultDatabasePath(
  env: Record<string, string | undefined> = process.env,
  platform?: NodeJS.Platform,
  home?: string,
): string {
  return path.join(platformDirs(env, platform, home).data, 'portal.db');
}
