// The server's answers, success and every kind of error, checked against the committed
// openapi.json by a JSON Schema validator that reads the document (test/helpers/openapi-answers.ts):
// a change of the server that the document does not describe fails here.
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type AppOptions, createApp } from '../../../src/server/app.js';
import { openDatabase } from '../../../src/server/db.js';
import { handlers } from '../../../src/server/handlers.js';
import { seedDatabase } from '../../../src/server/seed.js';
import { type Answer, answerProblems, injected } from '../../helpers/openapi-answers.js';
import { newClient, SEED, steppingClock, TOKENS } from '../domain/support.js';

function seededApp(options: Partial<AppOptions> = {}) {
  const db = openDatabase(':memory:');
  const clock = steppingClock();
  seedDatabase(db, SEED, clock);
  const logged: string[] = [];
  const app = createApp({
    db,
    clock,
    handlers,
    baseUrl: 'http://portal.test',
    logError: (l) => logged.push(l),
    ...options,
  });
  return { app, logged };
}

const as = (token: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[token]}` });

/** Sends one request and asserts its status, and that the document describes the answer. */
async function expectDocumented(
  app: ReturnType<typeof seededApp>['app'],
  request: InjectOptions & { method: string; url: string },
  status: number,
): Promise<Answer> {
  const answer = injected(await app.inject(request));
  expect({ status: answer.status, body: answer.text.slice(0, 300) }).toMatchObject({ status });
  expect(answerProblems(request.method, request.url, answer)).toEqual([]);
  return answer;
}

describe('the server answers as openapi.json describes', () => {
  it('success answers of several operations (200, 201, 202, an idempotent replay, return=minimal)', async () => {
    const { app } = seededApp();
    await expectDocumented(app, { method: 'GET', url: '/v1/me', headers: as('clients') }, 200);
    await expectDocumented(app, { method: 'GET', url: '/v1/clients?limit=3', headers: as('admin') }, 200);
    await expectDocumented(app, { method: 'GET', url: '/v1/clients/cl_000012', headers: as('admin') }, 200);
    const create = {
      method: 'POST',
      url: '/v1/clients',
      headers: { ...as('clients'), 'idempotency-key': 'conformance-create-1' },
      payload: newClient(),
    };
    await expectDocumented(app, create, 201);
    const replay = await expectDocumented(app, create, 201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await expectDocumented(
      app,
      { method: 'POST', url: '/v1/clients/cl_000012/password-reset', headers: as('clients'), payload: {} },
      202,
    );
    await expectDocumented(
      app,
      {
        method: 'POST',
        url: '/v1/clients/batch',
        headers: { ...as('admin'), prefer: 'return=minimal' },
        payload: { items: [{ idempotencyKey: 'conformance-batch-1', client: newClient() }] },
      },
      200,
    );
    await expectDocumented(app, { method: 'GET', url: '/v1/outbox?limit=2', headers: as('admin') }, 200);
    await expectDocumented(app, { method: 'GET', url: '/v1/audit?limit=2', headers: as('admin') }, 200);
  });

  it('refusals of the domain and of validation (401, 403, 404, 409, 422)', async () => {
    const { app } = seededApp();
    await expectDocumented(app, { method: 'GET', url: '/v1/clients' }, 401);
    await expectDocumented(app, { method: 'GET', url: '/v1/clients', headers: { authorization: 'Bearer nope' } }, 401);
    await expectDocumented(app, { method: 'GET', url: '/v1/clients', headers: as('noClients') }, 403);
    await expectDocumented(app, { method: 'GET', url: '/v1/clients/cl_999999', headers: as('admin') }, 404);
    const taken = newClient();
    await expectDocumented(app, { method: 'POST', url: '/v1/clients', headers: as('admin'), payload: taken }, 201);
    await expectDocumented(app, { method: 'POST', url: '/v1/clients', headers: as('admin'), payload: taken }, 409);
    await expectDocumented(
      app,
      { method: 'PATCH', url: '/v1/clients/cl_000012', headers: as('admin'), payload: { email: 'no', colour: 1 } },
      422,
    );
    await expectDocumented(app, { method: 'GET', url: '/v1/clients?limit=0', headers: as('admin') }, 422);
    const key = { 'idempotency-key': 'conformance-reused-1' };
    await expectDocumented(
      app,
      { method: 'POST', url: '/v1/clients', headers: { ...as('admin'), ...key }, payload: newClient() },
      201,
    );
    await expectDocumented(
      app,
      { method: 'POST', url: '/v1/clients', headers: { ...as('admin'), ...key }, payload: newClient() },
      422,
    );
  });

  it('answers about the request itself (400, 405, 404 for an unknown path, 413, 415)', async () => {
    const { app } = seededApp({ bodyLimit: 2048 });
    const json = { ...as('admin'), 'content-type': 'application/json' };
    await expectDocumented(app, { method: 'POST', url: '/v1/clients', headers: json, payload: '{"firstName": ' }, 400);
    await expectDocumented(
      app,
      { method: 'POST', url: '/v1/clients', headers: { ...as('admin'), 'content-type': 'text/plain' }, payload: 'x' },
      415,
    );
    await expectDocumented(
      app,
      { method: 'POST', url: '/v1/clients/cl_000012/notes', headers: json, payload: { text: 'x'.repeat(4096) } },
      413,
    );
    const notAllowed = await expectDocumented(app, { method: 'PUT', url: '/v1/clients', headers: as('admin') }, 405);
    expect(notAllowed.headers.allow).toBe('GET, POST');
    await expectDocumented(app, { method: 'GET', url: '/v1/no-such-thing', headers: as('admin') }, 404);
  });

  it('rate limits and failures (429, 500, 503)', async () => {
    const limited = seededApp({ rateLimit: 1, clock: () => new Date('2026-11-23T10:00:00.500Z') }).app;
    await expectDocumented(limited, { method: 'GET', url: '/v1/me', headers: as('admin') }, 200);
    const refused = await expectDocumented(limited, { method: 'GET', url: '/v1/me', headers: as('admin') }, 429);
    expect(refused.headers['retry-after']).toBe('1');
    await expectDocumented(limited, { method: 'DELETE', url: '/v1/clients', headers: as('admin') }, 429);

    // fail(): the first draw decides to fail, the second picks 500 (< 0.5) or 503.
    const draws = [0, 0.1, 0, 0.9];
    const failing = seededApp({ failRate: 1, random: () => draws.shift() ?? 0 }).app;
    await expectDocumented(failing, { method: 'GET', url: '/v1/clients', headers: as('admin') }, 500);
    const unavailable = await expectDocumented(
      failing,
      { method: 'POST', url: '/v1/clients', headers: as('admin'), payload: newClient() },
      503,
    );
    expect(unavailable.headers['retry-after']).toBe('1');

    // A handler that throws something unexpected: the generic 500 problem.
    const broken = seededApp({
      handlers: {
        ...handlers,
        getMe: () => {
          throw new TypeError('broken');
        },
      },
    });
    await expectDocumented(broken.app, { method: 'GET', url: '/v1/me', headers: as('admin') }, 500);
    expect(broken.logged).toHaveLength(1);
  });
});

describe('the check against the document', () => {
  const problem = (status: number, code = 'validation') =>
    JSON.stringify({ type: 'https://jobs-portal.example/problems/x', title: 'X', status, code });
  const problemJson = { 'content-type': 'application/problem+json; charset=utf-8' };

  it('finds an undocumented status, a wrong media type, a body off its schema and a missing header', () => {
    expect(answerProblems('GET', '/v1/me', { status: 413, headers: problemJson, text: problem(413) })).toEqual([
      expect.stringContaining('413 is not documented for GET /v1/me'),
    ]);
    expect(
      answerProblems('GET', '/v1/me', {
        status: 401,
        headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="jobs-portal"' },
        text: problem(401),
      }),
    ).toEqual([expect.stringContaining('answered as application/json, documented as application/problem+json')]);
    expect(
      answerProblems('GET', '/v1/me', { status: 200, headers: { 'content-type': 'application/json' }, text: '{}' }),
    ).toEqual([expect.stringContaining('does not match its schema')]);
    expect(
      answerProblems('GET', '/v1/me', { status: 503, headers: problemJson, text: problem(503, 'unavailable') }),
    ).toEqual([expect.stringContaining('header Retry-After is required and missing')]);
    expect(answerProblems('PUT', '/v1/clients', { status: 404, headers: problemJson, text: problem(404) })).toEqual([
      expect.stringContaining('is no operation of the document'),
    ]);
    // A code the document does not list for this operation and status.
    const archived = JSON.stringify({ ...JSON.parse(problem(409)), code: 'archived' });
    expect(answerProblems('POST', '/v1/clients', { status: 409, headers: problemJson, text: archived })).toEqual([
      expect.stringContaining('problem code archived is not documented (documented: email-taken, duplicate-name'),
    ]);
    // Headers described once in components.headers are checked there too.
    expect(
      answerProblems('GET', '/v1/me', {
        status: 200,
        headers: { 'content-type': 'application/json', 'ratelimit-limit': 'many' },
        text: JSON.stringify({
          id: 'st_admin01',
          name: 'A',
          email: 'a@example.org',
          providerId: 'sp_northstar',
          permissions: [],
          provider: { id: 'sp_northstar', name: 'N', groupId: 'g', groupName: 'G' },
          tokenName: 't',
        }),
      }),
    ).toEqual([expect.stringContaining('header RateLimit-Limit')]);
  });
});
