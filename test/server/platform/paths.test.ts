import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath } from '../../../src/server/paths.js';

describe('defaultDatabasePath', () => {
  it('uses XDG_DATA_HOME when set (on every platform)', () => {
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ada')).toBe(
      path.join('/data', 'portalctl', 'portal.db'),
    );
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, 'darwin', '/Users/ada')).toBe(
      path.join('/data', 'portalctl', 'portal.db'),
    );
  });

  it('falls back to the platform data directory', () => {
    expect(defaultDatabasePath({}, 'linux', '/home/ada')).toBe(path.join('/home/ada/.local/share/portalctl/portal.db'));
    expect(defaultDatabasePath({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/ada')).toBe(
      path.join('/home/ada/.local/share/portalctl/portal.db'),
    );
    expect(defaultDatabasePath({}, 'darwin', '/Users/ada')).toBe(
      path.join('/Users/ada/Library/Application Support/portalctl/portal.db'),
    );
    expect(defaultDatabasePath({ LOCALAPPDATA: '/c/Users/ada/AppData/Local' }, 'win32', '/c/Users/ada')).toBe(
      path.join('/c/Users/ada/AppData/Local', 'portalctl', 'Data', 'portal.db'),
    );
  });
});
