import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../src/commands/clients/import.js';
import { ROOT } from './helpers/portal.js';

it('bench/import.mjs --smoke measures both ways and memory by size', async () => {
  const result = await execa(process.execPath, [path.join(ROOT, 'bench/import.mjs'), '--smoke'], { reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toContain('SMOKE RUN');
  // Each mode runs at the import's default concurrency, read from its --help.
  expect(result.stdout).toMatch(
    new RegExp(`\\| one request per row \\(--no-batch\\) \\| ${DEFAULT_CONCURRENCY.perRow} \\| [\\d,]+ \\|`),
  );
  expect(result.stdout).toMatch(
    new RegExp(`\\| batched \\(100 rows a request\\) \\| ${DEFAULT_CONCURRENCY.batched} \\| [\\d,]+ \\|`),
  );
  expect(result.stdout).toMatch(/\| 3,000 \| .* MiB \| [\d.]+ \|/);
  // The workbook part: the same rows as .xlsx and as CSV, peak memory of each.
  expect(result.stdout).toMatch(/\| 1,000 \| [\d.]+ \/ [\d.]+ MiB \| \d+ MiB \| \d+ MiB \|/);
}, 180_000);
