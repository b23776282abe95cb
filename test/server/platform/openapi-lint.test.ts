// The committed openapi.json through a third-party OpenAPI linter, Redocly CLI, with its
// recommended rules (redocly.yaml; telemetry off there, so nothing is sent anywhere). Zero errors
// and zero warnings; a finding that is not a fault is listed with its reason in
// .redocly.lint-ignore.yaml. `npm run lint:openapi` shows the linter's own report.
import { createRequire } from 'node:module';
import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { ROOT } from '../../helpers/portal.js';

const REDOCLY = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
  'bin/cli.js',
);

// Each linter is a whole program reading a 500 KB document: on a busy 2-core machine Spectral
// alone has taken 49 s, so these two get more than the suite's 30 s default.
const SLOW = { timeout: 120_000 };

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

it('openapi.json passes Redocly lint (recommended rules) with no error and no warning', SLOW, async () => {
  const result = await execa(process.execPath, [REDOCLY, 'lint', 'openapi.json', '--format=json'], {
    cwd: ROOT,
    reject: false,
    env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  });
  expect(result.stdout, result.stderr).toMatch(/^\{/);
  const report = JSON.parse(result.stdout) as LintReport;
  const findings = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  expect(findings).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  expect(result.exitCode).toBe(0);
});

// The same document through Stoplight Spectral's `spectral:oas` rules (.spectral.yaml): another
// linter's reading, as integrators' pipelines often run it. Offline: the ruleset is built in.
const SPECTRAL = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@stoplight/spectral-cli/package.json')),
  'dist/index.js',
);

it('openapi.json passes Spectral (spectral:oas) with no error and no warning', SLOW, async () => {
  const result = await execa(
    process.execPath,
    [SPECTRAL, 'lint', 'openapi.json', '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'],
    { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } },
  );
  const findings = (JSON.parse(result.stdout || '[]') as { code: string; message: string; path: string[] }[]).map(
    (f) => `${f.code} at ${f.path.join('.')}: ${f.message}`,
  );
  expect(findings, result.stderr).toEqual([]);
  expect(result.exitCode).toBe(0);
});
