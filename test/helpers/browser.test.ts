// Where the browser tests find Chromium, and that they fail (not skip) naming the package when
// there is none.
import { describe, expect, it } from 'vitest';
import { CHROMIUM_CANDIDATES, findChromium } from './browser.js';

describe('findChromium', () => {
  it('takes the first Debian path that exists', () => {
    const present = new Set([CHROMIUM_CANDIDATES[1]!, CHROMIUM_CANDIDATES[3]!]);
    expect(findChromium({}, CHROMIUM_CANDIDATES, (f) => present.has(f))).toBe(CHROMIUM_CANDIDATES[1]);
  });

  it('fails naming the package to install when no browser is there', () => {
    expect(() => findChromium({}, CHROMIUM_CANDIDATES, () => false)).toThrow(
      /apt-get install -y chromium-headless-shell/,
    );
  });

  it('PORTALCTL_CHROMIUM chooses the binary, and must exist', () => {
    expect(findChromium({ PORTALCTL_CHROMIUM: '/opt/chrome' }, [], (f) => f === '/opt/chrome')).toBe('/opt/chrome');
    expect(() =>
      findChromium({ PORTALCTL_CHROMIUM: '/opt/none' }, CHROMIUM_CANDIDATES, (f) => f !== '/opt/none'),
    ).toThrow(/PORTALCTL_CHROMIUM is \/opt\/none, which does not exist/);
  });
});
