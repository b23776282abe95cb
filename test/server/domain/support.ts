// Shared by the domain route tests: the real app (createApp with the domain handlers) over a fresh
// in-memory database loaded with fixtures/seed.json, called through Fastify's inject.
import { readFileSync } from 'node:fs';
import { ProblemSchema } from '../../../src/contract/problems.js';
import { createApp } from '../../../src/server/app.js';
import { DEFAULT_RESEND_COOLDOWN_MS, type PortalSettings } from '../../../src/server/context.js';
import { openDatabase } from '../../../src/server/db.js';
import { handlers, testHandlers } from '../../../src/server/handlers.js';
import { seedDatabase } from '../../../src/server/seed.js';
import { answerProblems, injected } from '../../helpers/openapi-answers.js';

export const SEED: unknown = JSON.parse(readFileSync(new URL('../../../fixtures/seed.json', import.meta.url), 'utf8'));

/** Demo tokens of fixtures/seed.json. */
export const TOKENS = {
  admin: 'demo-admin-token',
  clients: 'demo-clients-token',
  noClients: 'demo-no-clients-token',
  spAdmin: 'demo-sp-admin-token',
  groupAdmin: 'demo-group-admin-token',
  portalUsers: 'demo-portal-users-token',
  full: 'demo-full-staff-token',
  providerB: 'demo-provider-b-token',
  providerC: 'demo-provider-c-token',
} as const;
export type TokenName = keyof typeof TOKENS;

export const BASE_URL = 'http://portal.test';

/** A clock that moves one second at each reading, so every change has its own time. */
export function steppingClock(start = '2026-11-23T10:00:00.000Z'): () => Date {
  let ms = Date.parse(start);
  return () => {
    const now = new Date(ms);
    ms += 1000;
    return now;
  };
}

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read field by field in assertions (and checked against the schemas where it matters)
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** Long enough for the resend cooldown of a portal with the default settings to pass. */
export const AFTER_COOLDOWN_MS = DEFAULT_RESEND_COOLDOWN_MS + 1000;

export function portal(options: { settings?: Partial<PortalSettings> } = {}) {
  const db = openDatabase(':memory:');
  const stepping = steppingClock();
  // `later(ms)` moves the portal's time on, as if that long passed between two requests.
  let skewMs = 0;
  const clock = () => new Date(stepping().getTime() + skewMs);
  seedDatabase(db, SEED, clock);
  const errors: string[] = [];
  const app = createApp({
    db,
    clock,
    handlers,
    testHandlers,
    testEndpoints: true,
    baseUrl: BASE_URL,
    logError: (line) => errors.push(line),
    ...(options.settings ? { settings: options.settings } : {}),
  });

  async function call<T = Json>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    as: TokenName,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${TOKENS[as]}`, ...headers },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    // Every answer of every domain test is also checked against openapi.json (test-only routes are not in it).
    if (!url.startsWith('/v1/_test/')) {
      const problems = answerProblems(method, url, injected(response));
      if (problems.length > 0) throw new Error(`${method} ${url}: not as openapi.json says: ${problems.join('; ')}`);
    }
    const text = response.body;
    // A file's bytes (a download) are not JSON: the body is the text as it came.
    const json = /json/.test(String(response.headers['content-type'] ?? 'json'));
    return {
      status: response.statusCode,
      body: (text ? (json ? JSON.parse(text) : text) : undefined) as T,
      headers: response.headers,
    };
  }

  return {
    db,
    app,
    errors,
    call,
    later(ms: number) {
      skewMs += ms;
    },
    get: <T = Json>(url: string, as: TokenName = 'admin') => call<T>('GET', url, as),
    post: <T = Json>(url: string, body: unknown = {}, as: TokenName = 'admin', headers: Record<string, string> = {}) =>
      call<T>('POST', url, as, body, headers),
    patch: <T = Json>(url: string, body: unknown, as: TokenName = 'admin') => call<T>('PATCH', url, as, body),
    put: <T = Json>(url: string, body: unknown, as: TokenName = 'admin') => call<T>('PUT', url, as, body),
    del: <T = Json>(url: string, as: TokenName = 'admin') => call<T>('DELETE', url, as),
  };
}

export type Portal = ReturnType<typeof portal>;

let emailCounter = 0;
/** A fresh, valid client body (unique email). */
export function newClient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  emailCounter++;
  return {
    firstName: 'Robin',
    lastName: 'Testcase',
    email: `robin.testcase${emailCounter}@example.org`,
    ...overrides,
  };
}

/** Asserts an RFC 9457 answer with this status and code; returns the problem. */
export function expectProblem(answer: Answer, status: number, code: string): Json {
  const { body } = answer;
  if (answer.status !== status || body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${answer.status} ${JSON.stringify(body)}`);
  }
  ProblemSchema().parse(body);
  return body;
}

/** Asserts a success status; returns the body. */
export function expectOk(answer: Answer, status = 200): Json {
  if (answer.status !== status)
    throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
