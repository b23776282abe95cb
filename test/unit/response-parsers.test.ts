// The built CLI checks answers with zod's compiled checks of the response schemas, generated at
// build time (scripts/response-parsers.mjs), before the schema itself. For real answers of the
// seeded portal, and for each of them broken field by field, a check must agree with the schema:
// the same parsed value when the schema accepts, INVALID when it refuses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFn } from 'zod/v4/core';
import { responseParsersSource } from '../../scripts/response-parsers.mjs';
import { fillPath, type RouteDef } from '../../src/api/define.js';
import { routes } from '../../src/api/routes.js';
import { portal } from '../server/domain/support.js';

const dir = mkdtempSync(path.join(tmpdir(), 'portalctl-response-parsers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = path.join(dir, 'response-parsers.mjs');
writeFileSync(file, responseParsersSource(routes, compileFn));
const generated = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
  INVALID: symbol;
  responseParsers: Record<string, (() => (input: unknown) => unknown) | undefined>;
};

/** The answer broken one field at a time (top level, and the first item of a list). */
function variants(answer: unknown): unknown[] {
  const out: unknown[] = [answer, null, [], 'text'];
  const breakFields = (target: Record<string, unknown>, rebuild: (broken: Record<string, unknown>) => unknown) => {
    for (const key of Object.keys(target)) {
      for (const value of [undefined, null, 12345, 'x', {}, [], true]) {
        const broken = { ...target };
        if (value === undefined) delete broken[key];
        else broken[key] = value;
        out.push(rebuild(broken));
      }
    }
  };
  if (answer && typeof answer === 'object' && !Array.isArray(answer)) {
    const object = answer as Record<string, unknown>;
    breakFields(object, (broken) => broken);
    const first = Array.isArray(object.data) ? object.data[0] : undefined;
    if (first && typeof first === 'object') {
      breakFields(first as Record<string, unknown>, (broken) => ({
        ...object,
        data: [broken, ...(object.data as unknown[])],
      }));
    }
  }
  return out;
}

describe('compiled response checks', () => {
  it('agree with the response schemas on real answers and on each of them broken', async () => {
    const p = portal();
    const clients = (await p.get('/v1/clients?limit=5')).body.data as { id: string }[];
    const users = (await p.get('/v1/portal-users?limit=5')).body.data as { id: string }[];
    // Seeded records (fixtures/seed.json) for the routes' path parameters.
    const params: Record<string, string> = { id: clients[0]!.id, ref: '210104729', caNumber: 'CA-3005001' };
    // The seed has no messages: an invitation sent now gives GET /v1/outbox/:id one to read.
    await p.post(`/v1/clients/${clients[0]!.id}/invitations`, { reinvite: true });
    const message = (await p.get('/v1/outbox?limit=1')).body.data[0] as { id: string };
    const idFor = (routePath: string) =>
      routePath.startsWith('/v1/portal-users')
        ? users[0]?.id
        : routePath.startsWith('/v1/shared-links')
          ? 'ln_000001'
          : routePath.startsWith('/v1/outbox')
            ? message.id
            : params.id;
    const queries: Record<string, string> = {
      findDuplicates: '?firstName=Kwame&lastName=Chen',
      previewCamsLink: '?clientReferenceNumber=140007919', // cl_000001's own link
    };
    let compared = 0;
    const notCompared: string[] = [];
    for (const [name, route] of Object.entries(routes) as [string, RouteDef][]) {
      const build = generated.responseParsers[name];
      if (!build || route.method !== 'GET') continue;
      const id = idFor(route.path);
      const url = fillPath(route.path, { ...params, ...(id ? { id } : {}) }) + (queries[name] ?? '');
      const answer = await p.get(url);
      if (answer.status !== 200) {
        notCompared.push(`${name} ${url}: ${answer.status}`);
        continue;
      }
      const check = build();
      for (const input of variants(answer.body)) {
        const expected = route.response.safeParse(input);
        const actual = check(structuredClone(input));
        if (expected.success) expect(actual, `${name}: ${JSON.stringify(input)}`).toEqual(expected.data);
        else expect(actual, `${name}: ${JSON.stringify(input)}`).toBe(generated.INVALID);
      }
      compared++;
    }
    expect(notCompared).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('are generated for the routes the CLI calls most', () => {
    for (const name of ['getMe', 'listClients', 'getClient', 'createClient', 'sendInvite', 'listOutbox']) {
      expect(generated.responseParsers[name], name).toBeTypeOf('function');
    }
  });
});
