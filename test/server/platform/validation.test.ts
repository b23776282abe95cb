import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/server/context.js';
import { ADMIN, bearer, makeApp } from './support.js';

const headers = bearer(ADMIN);
const echo = (ctx: { input: unknown }) => ctx.input;

describe('request validation', () => {
  it('answers 422 with a field error per invalid field', async () => {
    const { app } = makeApp({ handlers: { createClient: echo } });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers,
      payload: { firstName: 'Ada', lastName: '', email: 'not-an-email', communication: { frequency: 'hourly' } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem).toMatchObject({
      type: 'https://jobs-portal.example/problems/validation',
      title: 'Validation failed',
      status: 422,
      code: 'validation',
    });
    expect(problem.detail).toContain('email');
    const paths = problem.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['communication.frequency', 'email', 'lastName']);
    expect(problem.errors.find((e: { path: string }) => e.path === 'email').message).toMatch(/email address/);
  });

  it('names each unknown field, nested ones by their dotted path', async () => {
    const { app } = makeApp({ handlers: { createClient: echo } });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers,
      payload: { firstName: 'Ada', lastName: 'L', email: 'ada@example.org', colour: 'red', communication: { mood: 1 } },
    });
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('unknown-fields');
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect([...problem.errors].sort(byPath)).toEqual([
      { path: 'colour', message: 'is not a known field of the body' },
      { path: 'communication.mood', message: 'is not a known field of the body' },
    ]);
    expect(problem.detail).toContain('colour');
    expect(problem.detail).toContain('communication.mood');
  });

  it('reports unknown fields among other errors as a validation problem that still names them', async () => {
    const { app } = makeApp({ handlers: { createClient: echo } });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers,
      payload: { email: 'nope', colour: 'red' },
    });
    const problem = res.json();
    expect(problem.code).toBe('validation');
    expect(problem.errors).toContainEqual({ path: 'colour', message: 'is not a known field of the body' });
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain('email');
  });

  it('validates and converts the query, and refuses unknown query parameters', async () => {
    const { app } = makeApp({ handlers: { listClients: echo } });
    const ok = await app.inject({ url: '/v1/clients?archived=true&status=referral', headers });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().query).toEqual({ archived: true, status: 'referral', limit: 50 });
    const bad = await app.inject({ url: '/v1/clients?limit=0&sort=name', headers });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['limit', 'sort']);
  });

  it('passes path parameters to the handler', async () => {
    const { app } = makeApp({ handlers: { unassignStaff: echo } });
    const res = await app.inject({ method: 'DELETE', url: '/v1/clients/cl_abcdef123/staff/st_abcdef456', headers });
    expect(res.json().params).toEqual({ id: 'cl_abcdef123', staffId: 'st_abcdef456' });
  });

  it('accepts an absent body where the body is optional, and refuses it where it is required', async () => {
    const { app } = makeApp({ handlers: { archiveClient: echo, createNote: echo } });
    const archived = await app.inject({ method: 'POST', url: '/v1/clients/cl_abcdef123/archive', headers });
    expect(archived.statusCode).toBe(200);
    const note = await app.inject({ method: 'POST', url: '/v1/clients/cl_abcdef123/notes', headers });
    expect(note.statusCode).toBe(422);
    expect(note.json().errors[0].path).toBe('(body)');
  });

  it('answers 400 problem to malformed JSON and 415 to other media types', async () => {
    const { app } = makeApp({ handlers: { createClient: echo } });
    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"firstName": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ status: 400, title: 'Malformed JSON', code: 'validation' });
    const text = await app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers: { ...headers, 'content-type': 'text/plain' },
      payload: 'firstName=Ada',
    });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 413 problem to a body over the limit', async () => {
    const { app } = makeApp({ handlers: { createNote: echo }, bodyLimit: 1024 });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients/cl_abcdef123/notes',
      headers,
      payload: { text: 'x'.repeat(2000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, code: 'payload-too-large' });
  });

  it('has a default body limit of 1 MiB', async () => {
    const { app } = makeApp({ handlers: { createNote: echo } });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients/cl_abcdef123/notes',
      headers,
      payload: { text: 'x'.repeat(1024 * 1024) },
    });
    expect(res.statusCode).toBe(413);
  });
});

describe('responses and errors', () => {
  it('serialises the handler output as JSON with the route status', async () => {
    const { app } = makeApp({ handlers: { createNote: () => ({ id: 'n1', text: 'hello' }) } });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients/cl_abcdef123/notes',
      headers,
      payload: { text: 'hello' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe('{"id":"n1","text":"hello"}');
  });

  it('turns a ProblemError into problem details with its extras', async () => {
    const { app } = makeApp({
      handlers: {
        createClient: () => {
          throw new ProblemError(409, 'email-taken', 'Email already used', 'Another client has this email.', {
            existingClientId: 'cl_existing01',
          });
        },
      },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers,
      payload: { firstName: 'A', lastName: 'B', email: 'a@example.org' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'https://jobs-portal.example/problems/email-taken',
      title: 'Email already used',
      status: 409,
      detail: 'Another client has this email.',
      code: 'email-taken',
      existingClientId: 'cl_existing01',
    });
  });

  it('answers 500 without the message or stack of an unexpected error, and logs it without its message', async () => {
    const { app, logged } = makeApp({
      handlers: {
        getMe: () => {
          throw new TypeError('cannot read grace.hopper@example.org of undefined');
        },
      },
    });
    const res = await app.inject({ url: '/v1/me', headers });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ status: 500, code: 'internal', title: 'Internal server error' });
    expect(res.body).not.toContain('grace.hopper');
    expect(res.body).not.toContain('TypeError');
    expect(res.body).not.toMatch(/\bat .*\.ts/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('getMe');
    expect(logged[0]).toContain('TypeError');
    expect(logged[0]).not.toContain('grace.hopper');
  });

  it('answers 501 problem for a route without a handler', async () => {
    const { app } = makeApp();
    const res = await app.inject({ url: '/v1/me', headers });
    expect(res.statusCode).toBe(501);
    expect(res.json()).toMatchObject({ status: 501 });
  });

  it('runs a mutating handler in a transaction: a refusal rolls its writes back', async () => {
    const { app, db } = makeApp({
      handlers: {
        createNote: (ctx) => {
          ctx.db.prepare("INSERT INTO provider_groups (id, name) VALUES ('gr_rollback', 'x')").run();
          throw new ProblemError(409, 'archived', 'Archived', 'The client is archived.');
        },
        archiveClient: (ctx) => {
          ctx.db.prepare("INSERT INTO provider_groups (id, name) VALUES ('gr_committed', 'x')").run();
          return { ok: true };
        },
      },
    });
    await app.inject({ method: 'POST', url: '/v1/clients/cl_abcdef123/notes', headers, payload: { text: 'x' } });
    await app.inject({ method: 'POST', url: '/v1/clients/cl_abcdef123/archive', headers });
    const ids = (db.prepare('SELECT id FROM provider_groups ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    expect(ids).toContain('gr_committed');
    expect(ids).not.toContain('gr_rollback');
  });

  it('gives the handler its clock, base URL and the caller IP', async () => {
    const fixed = new Date('2026-11-23T10:00:00.000Z');
    const { app } = makeApp({
      clock: () => fixed,
      baseUrl: 'http://portal.test',
      handlers: { getMe: (ctx) => ({ now: ctx.clock().toISOString(), baseUrl: ctx.baseUrl, ip: ctx.ip }) },
    });
    const res = await app.inject({ url: '/v1/me', headers, remoteAddress: '127.0.0.9' });
    expect(res.json()).toEqual({ now: '2026-11-23T10:00:00.000Z', baseUrl: 'http://portal.test', ip: '127.0.0.9' });
  });
});
