import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/portal.js';

it('bench/bulk-resend.mjs --smoke resends to every client once, from its --json summary, against the endpoint before and after', async () => {
  const result = await execa(process.execPath, [path.join(ROOT, 'bench/bulk-resend.mjs'), '--smoke'], {
    reject: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toContain('SMOKE RUN');
  // At the default concurrency: the send pass and the whole command, each against the capacity before / after.
  expect(result.stdout).toMatch(
    /\| \d+ \(default\) \| 300 \| [\d.]+ \| [\d,]+ \| [\d.]+ \| [\d,]+ \| [\d,]+ \([\d,]+ \/ [\d,]+\) \| [\d.]+ \| [\d.]+ \| >= 0\.7 (met|NOT met) \|/,
  );
  expect(result.stdout).toMatch(/\| 8 \| [\d.]+ \| [\d,]+ \| [\d.]+ \| [\d,]+ \|/);
  expect(result.stdout).toMatch(/Load average \(1 min\) before and after: [\d.]+ \/ [\d.]+/);
}, 180_000);
