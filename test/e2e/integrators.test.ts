// Another team integrates from openapi.json alone. Two mainstream generators make a client of the
// committed document (openapi-typescript for openapi-fetch, and orval's fetch functions), with no
// warning; TypeScript checks a small integrator's program against each (test/integrators/*-example.ts,
// which also prove that ClientCreate refuses {}); each program then runs against
// `portalctl server` on an ephemeral port: the whole list by cursor, a create replayed by its
// Idempotency-Key, a get, a resend, a CaMS look-up and link, a portal user and their link, the
// outbox, and one refusal of each kind read as the document's Problem.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePortal } from '../helpers/e2e.js';
import { type Portal, ROOT, startPortal } from '../helpers/portal.js';
import { ADMIN, NO_CLIENTS } from '../helpers/tokens.js';

const DIR = path.join(ROOT, 'test', 'integrators');
const fromIntegrators = createRequire(path.join(DIR, 'package.json'));
const fromRoot = createRequire(path.join(ROOT, 'package.json'));

/** A package's command, run with this Node (the packages of test/integrators, or the root's). */
function bin(require: NodeJS.Require, name: string, command = name): string {
  const manifest = require.resolve(`${name}/package.json`);
  const { bin: bins } = require(manifest) as { bin: string | Record<string, string> };
  return path.join(path.dirname(manifest), typeof bins === 'string' ? bins : bins[command]!);
}

async function generate(args: string[]): Promise<string[]> {
  const result = await execa(process.execPath, args, { cwd: DIR, reject: false, env: { NO_COLOR: '1', CI: 'true' } });
  expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  // Generation without warnings: every line of output is the tool's banner or its "done".
  return `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /warn|⚠|error|deprecat/i.test(line));
}

interface Seen {
  listed: number;
  pages: number;
  created: string;
  replayed: string | null;
  fetchedEmail: string;
  resentLink: string;
  camsName: string;
  linkedTo: string | null;
  portalUser: string;
  expiredLinkStatus: string;
  outboxKinds: string[];
  outboxText: string;
  problems: Record<string, { status: number; code: string; extra?: string }>;
}
interface Example {
  run(baseUrl: string, token: string, options: { unique: string; noClientsToken: string }): Promise<Seen>;
  rateLimited(baseUrl: string, token: string): Promise<{ status: number; code: string; retryAfter: string | null }>;
}
const load = (file: string) => import(pathToFileURL(path.join(DIR, file)).href) as Promise<Example>;

const portal = usePortal();
let limited: Portal | undefined;

beforeAll(async () => {
  rmSync(path.join(DIR, 'out'), { recursive: true, force: true });
  const [openapiTypescript, orval] = await Promise.all([
    generate([
      bin(fromIntegrators, 'openapi-typescript'),
      '../../openapi.json',
      '--output',
      'out/openapi-typescript/portal.d.ts',
    ]),
    generate([bin(fromIntegrators, 'orval'), '--config', 'orval.config.mjs']),
  ]);
  expect({ openapiTypescript, orval }).toEqual({ openapiTypescript: [], orval: [] });
  // The programs, type-checked against what was generated (the project's TypeScript, strict).
  const typecheck = await execa(
    process.execPath,
    [bin(fromRoot, 'typescript', 'tsc'), '-p', 'test/integrators/tsconfig.json'],
    { cwd: ROOT, reject: false },
  );
  expect(typecheck.stdout + typecheck.stderr).toBe('');
  expect(typecheck.exitCode).toBe(0);
  limited = await startPortal(['--rate-limit', '1']);
  return async () => {
    await limited?.stop();
  };
}, 120_000);

function expectScenario(seen: Seen): void {
  expect(seen.pages).toBeGreaterThan(2);
  expect(seen.listed).toBeGreaterThan(100);
  expect(seen.created).toMatch(/^cl_/);
  expect(seen.replayed).toBe('true');
  expect(seen.fetchedEmail).toContain('@example.org');
  expect(seen.resentLink).toContain('/invite/');
  expect(seen.expiredLinkStatus).toBe('expired');
  expect(seen.outboxKinds).toContain('invitation');
  expect(seen.outboxText).toContain(seen.resentLink);
  expect(seen.problems).toEqual({
    unauthenticated: { status: 401, code: 'unauthenticated' },
    forbidden: { status: 403, code: 'forbidden', extra: 'clients' },
    notFound: { status: 404, code: 'not-found' },
    conflict: { status: 409, code: 'email-taken', extra: seen.created },
    validation: { status: 422, code: 'validation', extra: 'dateOfBirth' },
  });
}

describe('clients generated from openapi.json, as an integrator uses them', () => {
  it('openapi-typescript + openapi-fetch', async () => {
    const example = await load('openapi-fetch-example.ts');
    const seen = await example.run(portal().url, ADMIN, { unique: 'openapi-fetch', noClientsToken: NO_CLIENTS });
    expectScenario(seen);
    expect(seen.camsName).toBe('Thi Meekis');
    expect(seen.linkedTo).toBe('210209458');
    expect(await example.rateLimited(limited!.url, ADMIN)).toEqual({
      status: 429,
      code: 'rate-limited',
      retryAfter: '1',
    });
  });

  it('orval (fetch functions)', async () => {
    const example = await load('orval-example.ts');
    const seen = await example.run(portal().url, ADMIN, { unique: 'orval', noClientsToken: NO_CLIENTS });
    expectScenario(seen);
    expect(seen.camsName).toBe('Ethan Sutherland');
    expect(seen.linkedTo).toBe('210418916');
    expect(await example.rateLimited(limited!.url, ADMIN)).toMatchObject({ status: 429, code: 'rate-limited' });
  });
});
