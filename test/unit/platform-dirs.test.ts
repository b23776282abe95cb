import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformDirs } from '../../src/platform-dirs.js';

describe('platformDirs', () => {
  it('an absolute XDG_*_HOME wins on every platform', () => {
    const env = { XDG_CONFIG_HOME: '/x/config', XDG_DATA_HOME: '/x/data', XDG_STATE_HOME: '/x/state' };
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(platformDirs(env, platform, '/home/ada')).toEqual({
        config: path.join('/x/config', 'portalctl'),
        data: path.join('/x/data', 'portalctl'),
        state: path.join('/x/state', 'portalctl'),
      });
    }
  });

  it('a relative XDG_*_HOME is ignored, as the XDG spec says', () => {
    const env = { XDG_CONFIG_HOME: 'c', XDG_DATA_HOME: 'd', XDG_STATE_HOME: 's' };
    expect(platformDirs(env, 'linux', '/home/ada')).toEqual(platformDirs({}, 'linux', '/home/ada'));
  });

  it('the places portalctl has always used on Linux, macOS and Windows', () => {
    expect(platformDirs({}, 'linux', '/home/ada')).toEqual({
      config: path.join('/home/ada/.config/portalctl'),
      data: path.join('/home/ada/.local/share/portalctl'),
      state: path.join('/home/ada/.local/state/portalctl'),
    });
    expect(platformDirs({}, 'darwin', '/Users/ada')).toEqual({
      config: path.join('/Users/ada/.config/portalctl'),
      data: path.join('/Users/ada/Library/Application Support/portalctl'),
      state: path.join('/Users/ada/.local/state/portalctl'),
    });
    const windows = { APPDATA: '/c/ada/Roaming', LOCALAPPDATA: '/c/ada/Local' };
    expect(platformDirs(windows, 'win32', '/c/ada')).toEqual({
      config: path.join('/c/ada/Roaming/portalctl'),
      data: path.join('/c/ada/Local/portalctl/Data'),
      state: path.join('/c/ada/.local/state/portalctl'),
    });
  });

  it("uses the HOME of the environment it is given, not the process's", () => {
    expect(platformDirs({ HOME: '/tmp/world-home' }, 'linux').state).toBe(
      path.join('/tmp/world-home/.local/state/portalctl'),
    );
  });

  it('an empty or relative HOME is not used: the places stay absolute, the same from any directory', () => {
    for (const HOME of ['', '.', 'ada']) {
      const dirs = platformDirs({ HOME }, 'linux');
      expect(dirs).toEqual(platformDirs({ HOME: os.userInfo().homedir }, 'linux'));
      for (const place of Object.values(dirs)) expect(path.isAbsolute(place), place).toBe(true);
    }
  });
});
