// Properties of the server's request handling, over random requests to every operation of the
// contract (random path values, queries, headers, tokens, media types, and bodies: any JSON,
// valid bodies with fields replaced by any JSON, text that is not JSON): no answer is a 5xx,
// every 4xx is a problem document whose status is the answer's, and every answer is one
// openapi.json describes. fast-check prints the seed and the smallest failing request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteDef } from '../../../src/contract/define.js';
import { ProblemSchema } from '../../../src/contract/problems.js';
import { routes } from '../../../src/contract/routes.js';
import { createApp } from '../../../src/server/app.js';
import { openDatabase } from '../../../src/server/db.js';
import { handlers } from '../../../src/server/handlers.js';
import { seedDatabase } from '../../../src/server/seed.js';
import { answerProblems, injected } from '../../helpers/openapi-answers.js';
import { SEED, steppingClock, TOKENS } from '../domain/support.js';

const ROUTES = routes as unknown as Record<string, RouteDef>;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Values a path parameter may take: ids of the seed (so handlers run), and anything else but the
 * dot segments "." and "..", which clients remove from a path before sending it (RFC 3986 5.2.4):
 * `/v1/clients/./cams-link` is another route's path, not an odd id.
 */
const pathValue = fc
  .oneof(
    fc.constantFrom('cl_000012', 'cl_000001', 'st_cwa001', 'pu_000006', 'ln_000007', '210104729', 'CA-3005001'),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  )
  .filter((value) => value !== '.' && value !== '..');

/** Near-valid bodies: what the CLI would send, with fields added or replaced by any JSON. */
const VALID: Record<string, unknown>[] = [
  { firstName: 'Ada', lastName: 'Okafor', email: 'ada.property@example.org' },
  { items: [{ idempotencyKey: 'property-key-1', client: { firstName: 'A', lastName: 'B', email: 'ab@example.org' } }] },
  { staffId: 'st_cwa001' },
  { providerId: 'sp_000002', reason: 'moving' },
  { reason: 'safety' },
  { title: 'Call back', dueDate: '2030-01-01' },
  { text: 'A note' },
  { clientReferenceNumber: '210104729' },
  { reinvite: true },
  {},
];
const FIELD_NAMES = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'dateOfBirth',
  'communication',
  'referral',
  'link',
  'items',
  'client',
  'caseworkerIds',
  'providerId',
  'sendInvite',
  '__proto__',
  'constructor',
];
const nearValid = fc
  .tuple(fc.constantFrom(...VALID), fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.jsonValue({ maxDepth: 3 })))
  .map(([base, changes]) => JSON.stringify({ ...base, ...changes }));

const body = fc.oneof(
  fc.constant(undefined),
  nearValid,
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const request = fc.record({
  route: fc.constantFrom(...Object.keys(ROUTES)),
  method: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
  params: fc.array(pathValue, { minLength: 2, maxLength: 2 }),
  query: fc.dictionary(
    fc.constantFrom('limit', 'cursor', 'status', 'archived', 'search', 'email', 'firstName', 'kind', 'to', 'x'),
    fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constantFrom('true', 'false', '0', '500')),
    { maxKeys: 3 },
  ),
  token: fc.constantFrom<keyof typeof TOKENS | 'none' | 'bad'>(
    'admin',
    'admin',
    'clients',
    'noClients',
    'providerB',
    'none',
    'bad',
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/merge-patch+json',
    null,
  ),
  idempotencyKey: fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.uuid()), { nil: null }),
  prefer: fc.option(fc.constantFrom('return=minimal', 'return=representation', 'x'), { nil: null }),
  body,
});

describe('request validation over random requests', () => {
  it('never answers 5xx, answers every 4xx as a problem, and only as openapi.json says', async () => {
    const db = openDatabase(':memory:');
    const clock = steppingClock();
    seedDatabase(db, SEED, clock);
    const logged: string[] = [];
    const app = createApp({ db, clock, handlers, baseUrl: 'http://portal.test', logError: (l) => logged.push(l) });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const route = ROUTES[r.route]!;
        let at = 0;
        const path = route.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(r.params[at++] ?? ''));
        const search = new URLSearchParams(r.query).toString();
        const url = search ? `${path}?${search}` : path;
        const method = r.method ?? route.method;
        const headers: Record<string, string> = {};
        if (r.token === 'bad') headers.authorization = 'Bearer not-a-token-of-this-portal';
        else if (r.token !== 'none') headers.authorization = `Bearer ${TOKENS[r.token]}`;
        if (r.contentType && r.body !== undefined) headers['content-type'] = r.contentType;
        if (r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey;
        if (r.prefer !== null) headers.prefer = r.prefer;

        const response = await app.inject({
          method,
          url,
          headers,
          ...(r.body === undefined ? {} : { payload: r.body }),
        });
        const answer = injected(response);
        expect(answer.status, answer.text).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(String(answer.headers['content-type'])).toMatch(/^application\/problem\+json/);
          const problem = ProblemSchema().parse(JSON.parse(answer.text));
          expect(problem.status).toBe(answer.status);
        }
        expect(answerProblems(method, url, answer)).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) },
    );
    expect(logged).toEqual([]);
  });
});
