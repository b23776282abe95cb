import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/portal.js';

it('bench/startup.mjs --smoke measures every command', async () => {
  const result = await execa(process.execPath, [path.join(ROOT, 'bench/startup.mjs'), '--smoke'], { reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  for (const name of ['node -e 0', 'portalctl --version', 'portalctl --help', 'portalctl clients list --json']) {
    expect(result.stdout).toContain(name);
  }
  expect(result.stdout).toMatch(/clients list --json`, nothing configured \|.*the running server's/);
}, 120_000);
