import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/portal.js';

it('bench/bulk-resend.mjs --smoke resends to every client once and measures the endpoint', async () => {
  const result = await execa(process.execPath, [path.join(ROOT, 'bench/bulk-resend.mjs'), '--smoke'], {
    reject: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toContain('SMOKE RUN');
  expect(result.stdout).toMatch(/\| 8 \| 300 \| [\d.]+ \| [\d,]+ \| [\d.]+ \|/);
  expect(result.stdout).toMatch(/[\d,]+ req\/s at 8/);
}, 180_000);
