// A real Chromium for the browser tests: Debian's chromium-headless-shell (or chromium) package,
// driven by playwright-core, which downloads no browser of its own. Where none is installed the
// tests fail with what to install: a browser test that silently passed would prove nothing.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Where Debian's packages put the browser (the binaries themselves, not the /usr/bin wrapper scripts). */
export const CHROMIUM_CANDIDATES = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
];

export const CHROMIUM_MISSING =
  "No Chromium found for the browser tests. Install Debian's package: apt-get install -y chromium-headless-shell " +
  '(or chromium), or set PORTALCTL_CHROMIUM to a Chromium binary. (.ci/run installs it when it is missing.)';

/** The browser binary: PORTALCTL_CHROMIUM, else the first Debian path that exists; throws when none does. */
export function findChromium(
  env: Record<string, string | undefined> = process.env,
  candidates: readonly string[] = CHROMIUM_CANDIDATES,
  exists: (file: string) => boolean = existsSync,
): string {
  const chosen = env.PORTALCTL_CHROMIUM;
  if (chosen) {
    if (!exists(chosen)) throw new Error(`PORTALCTL_CHROMIUM is ${chosen}, which does not exist. ${CHROMIUM_MISSING}`);
    return chosen;
  }
  const found = candidates.find((file) => exists(file));
  if (!found) throw new Error(CHROMIUM_MISSING);
  return found;
}

/** Launches headless Chromium (as root it needs --no-sandbox). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}
