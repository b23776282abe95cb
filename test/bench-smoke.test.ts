import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/portal.js';

it('bench/server.mjs --smoke measures the server and the bare baseline', async () => {
  const result = await execa(process.execPath, [path.join(ROOT, 'bench/server.mjs'), '--smoke'], { reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  for (const name of [
    '`portalctl server` POST /v1/clients',
    '`portalctl server` GET /v1/clients',
    'platform only',
    'bare node:http',
    'rows of the same size',
  ]) {
    expect(result.stdout).toContain(name);
  }
  expect(result.stdout).toMatch(/1 connection: \d+\.\d\dx/);
  // The GET ratio against its target, and against a bare read of rows of the same size.
  expect(result.stdout).toMatch(
    /1 connection: \d+\.\d\dx \(target (met|NOT met, \d+\.\d\d short)\), against the same rows \d+\.\d\dx/,
  );
}, 120_000);
