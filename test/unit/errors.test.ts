import { describe, expect, it } from 'vitest';
import { checkPortalUrl, createApiClient, isLoopbackHost, kindForStatus, problemError } from '../../src/api/client.js';
import { CliError, EXIT_CODES, errorJson, exitCodeFor, formatError } from '../../src/errors.js';

describe('the exit-code table', () => {
  it('maps every kind to one code', () => {
    expect(exitCodeFor('usage')).toBe(2);
    expect(exitCodeFor('auth')).toBe(3);
    expect(exitCodeFor('forbidden')).toBe(4);
    expect(exitCodeFor('not-found')).toBe(5);
    expect(exitCodeFor('conflict')).toBe(6);
    expect(exitCodeFor('validation')).toBe(6);
    expect(exitCodeFor('network')).toBe(7);
    expect(exitCodeFor('server')).toBe(7);
    expect(exitCodeFor('rate-limit')).toBe(7);
    expect(exitCodeFor('partial')).toBe(8);
    expect(exitCodeFor('cancelled')).toBe(130);
    expect(exitCodeFor('unexpected')).toBe(1);
  });
  it('lists no kind twice', () => {
    const kinds = EXIT_CODES.flatMap((row) => row.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('problem details -> typed errors', () => {
  const base = { type: 'about:blank', title: 'x' };
  it('maps statuses to kinds', () => {
    expect([400, 401, 403, 404, 409, 422, 429, 500, 503].map(kindForStatus)).toEqual([
      'validation',
      'auth',
      'forbidden',
      'not-found',
      'conflict',
      'validation',
      'rate-limit',
      'server',
      'server',
    ]);
  });
  it('401 says to log in', () => {
    const error = problemError(401, { ...base, status: 401, code: 'unauthenticated', detail: 'bad token' });
    expect(error.exitCode).toBe(3);
    expect(error.hint).toContain('portalctl login');
  });
  it('403 names the missing permission', () => {
    const error = problemError(403, { ...base, status: 403, code: 'forbidden', missingPermission: 'clients' });
    expect(error.message).toBe('your token lacks the `clients` permission');
    expect(error.exitCode).toBe(4);
  });
  it('409 keeps the problem, so commands can react to its code', () => {
    const error = problemError(409, {
      ...base,
      status: 409,
      code: 'email-taken',
      detail: 'ada@example.org belongs to cl_0123456789',
      existingClientId: 'cl_0123456789',
    });
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('email-taken');
    expect(error.problem?.existingClientId).toBe('cl_0123456789');
  });
  it('422 lists each field and why, on stderr and in JSON', () => {
    const error = problemError(422, {
      ...base,
      title: 'Invalid request',
      status: 422,
      code: 'validation',
      errors: [{ path: 'email', message: 'must be an email address' }],
    });
    const text = formatError(error, { json: true, debug: false, color: false });
    expect(text).toContain('error: Invalid request');
    expect(text).toContain('  email: must be an email address');
    const json = JSON.parse(text.trim().split('\n').at(-1)!);
    expect(json.error).toMatchObject({ kind: 'validation', code: 'validation', status: 422, exitCode: 6 });
    expect(json.error.errors).toEqual([{ path: 'email', message: 'must be an email address' }]);
  });
});

describe('printing errors', () => {
  it('prints error and hint, the stack only with --debug', () => {
    const error = new CliError('usage', '--email is required', { hint: 'pass --email' });
    const plain = formatError(error, { json: false, debug: false, color: false });
    expect(plain).toBe('error: --email is required\nhint: pass --email\n');
    expect(formatError(error, { json: false, debug: true, color: false })).toContain('at ');
  });
  it('describes an unexpected error without a stack', () => {
    const text = formatError(new TypeError('boom'), { json: false, debug: false, color: false });
    expect(text).toContain('error: unexpected: boom');
    expect(text).not.toContain('at ');
    expect(errorJson(new TypeError('boom')).error).toMatchObject({ kind: 'unexpected', exitCode: 1 });
  });
});

describe('plain http is refused except to loopback', () => {
  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.5.6.7', 'localhost', '[::1]', 'api.localhost']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['10.0.0.1', '192.168.1.1', 'example.org', '128.0.0.1', '[::2]']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
  it('refuses http:// to another host before any request, naming --insecure-http', () => {
    const attempt = () => createApiClient({ baseUrl: 'http://portal.example.org', token: 'secret-token-value' });
    expect(attempt).toThrowError(/refusing to send your token over plain http/);
    try {
      attempt();
    } catch (error) {
      expect((error as CliError).kind).toBe('usage');
      expect((error as CliError).hint).toContain('--insecure-http');
      expect(JSON.stringify(errorJson(error))).not.toContain('secret-token-value');
    }
  });
  it('allows loopback http, https, and http with --insecure-http', () => {
    expect(() => checkPortalUrl('http://127.0.0.1:4010')).not.toThrow();
    expect(() => checkPortalUrl('http://localhost:4010')).not.toThrow();
    expect(() => checkPortalUrl('https://portal.example.org')).not.toThrow();
    expect(() => checkPortalUrl('http://portal.example.org', true)).not.toThrow();
  });
  it('refuses other schemes and URLs with credentials', () => {
    expect(() => checkPortalUrl('ftp://portal.example.org')).toThrow(/https/);
    expect(() => checkPortalUrl('https://user:pw@portal.example.org')).toThrow(/user name or password/);
    expect(() => checkPortalUrl('not a url')).toThrow(/not a valid URL/);
  });
});
