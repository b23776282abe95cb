import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/portal.js';

it('bench/import.mjs --smoke measures both ways and memory by size', async () => {
  const result = await execa(process.execPath, [path.join(ROOT, 'bench/import.mjs'), '--smoke'], { reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toContain('SMOKE RUN');
  expect(result.stdout).toMatch(/\| one request per row \(--no-batch\) \| 32 \| [\d,]+ \|/);
  expect(result.stdout).toMatch(/\| batched \(100 rows a request\) \| 4 \| [\d,]+ \|/);
  expect(result.stdout).toMatch(/\| 3,000 \| .* MiB \| [\d.]+ \|/);
}, 180_000);
