import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  isRetryableMethod,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from '../../src/api/retry.js';
import { CliError } from '../../src/errors.js';

const policy = { ...DEFAULT_RETRY_POLICY, baseMs: 100, capMs: 1_000 };

describe('backoff with full jitter', () => {
  it('grows exponentially up to the cap, scaled by the random draw', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(backoffMs(3, policy, () => 0.5)).toBe(200);
  });

  it('is never shorter than Retry-After', () => {
    expect(retryDelayMs(1, 5_000, policy, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(4, 10, policy, () => 0.5)).toBe(400);
    expect(retryDelayMs(1, undefined, policy, () => 0.5)).toBe(50);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP-date, relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});

describe('what is retried', () => {
  it('retries safe methods, and POST only with an Idempotency-Key', () => {
    expect(isRetryableMethod('GET', false)).toBe(true);
    expect(isRetryableMethod('PUT', false)).toBe(true);
    expect(isRetryableMethod('DELETE', false)).toBe(true);
    expect(isRetryableMethod('POST', false)).toBe(false);
    expect(isRetryableMethod('POST', true)).toBe(true);
    expect(isRetryableMethod('PATCH', true)).toBe(false);
  });
  it('retries 429 and 5xx, not 4xx', () => {
    expect(isRetryableStatus(429)).toBe(true);
    expect(isRetryableStatus(500)).toBe(true);
    expect(isRetryableStatus(503)).toBe(true);
    expect(isRetryableStatus(501)).toBe(false);
    expect(isRetryableStatus(404)).toBe(false);
    expect(isRetryableStatus(409)).toBe(false);
    expect(isRetryableStatus(409, 'idempotency-key-in-flight')).toBe(true);
  });
});

// A real HTTP server on loopback that answers from a script, to drive the client's retry loop.
type Reply = { status: number; headers?: Record<string, string>; body?: unknown };
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function scripted(replies: Reply[]): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req);
    req.resume();
    const reply = replies.shift() ?? { status: 500 };
    const json = reply.status >= 400;
    res.writeHead(reply.status, {
      'content-type': json ? 'application/problem+json' : 'application/json',
      ...reply.headers,
    });
    res.end(JSON.stringify(reply.body ?? problem(reply.status)));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

function problem(status: number, extra: Record<string, unknown> = {}) {
  const code = status === 429 ? 'rate-limited' : status === 503 ? 'unavailable' : 'internal';
  return { type: 'about:blank', title: `HTTP ${status}`, status, code, ...extra };
}

const ok = { ok: true };
const me = {
  id: 'st_0123456789',
  name: 'Sam',
  email: 'sam@example.org',
  providerId: 'sp_0123456789',
  permissions: ['clients'],
  provider: { id: 'sp_0123456789', name: 'North', groupId: 'g1', groupName: 'G' },
  tokenName: 't',
};

describe('the client retry loop', () => {
  it('retries a GET after 503 and 429, waiting at least Retry-After', async () => {
    const { url, requests } = await scripted([
      { status: 503 },
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 200, body: me },
    ]);
    const waits: number[] = [];
    const api = createApiClient({
      baseUrl: url,
      token: 'secret-token-value',
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    });
    await expect(api.call('getMe')).resolves.toMatchObject({ name: 'Sam' });
    await api.close();
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([125, 2_000]);
    expect(requests[0]!.headers['user-agent']).toMatch(/^portalctl\//);
  });

  it('honours an HTTP-date Retry-After', async () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    const { url } = await scripted([
      { status: 503, headers: { 'retry-after': 'Mon, 23 Nov 2026 10:00:04 GMT' } },
      { status: 200, body: me },
    ]);
    const waits: number[] = [];
    const api = createApiClient({
      baseUrl: url,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
      now: () => now,
    });
    await api.call('getMe');
    await api.close();
    expect(waits).toEqual([4_000]);
  });

  it('stops after maxAttempts and reports the last error', async () => {
    const { url, requests } = await scripted([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    const api = createApiClient({ baseUrl: url, maxAttempts: 3, sleep: async () => {}, random: () => 0 });
    const error = await api.call('getMe').catch((e: unknown) => e);
    await api.close();
    expect(requests).toHaveLength(3);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).kind).toBe('server');
    expect((error as CliError).exitCode).toBe(7);
  });

  it('does not retry a POST without an Idempotency-Key', async () => {
    const { url, requests } = await scripted([{ status: 503 }, { status: 202, body: ok }]);
    const api = createApiClient({ baseUrl: url, sleep: async () => {}, random: () => 0 });
    await expect(api.call('sendPasswordReset', { params: { id: 'cl_0123456789' } })).rejects.toMatchObject({
      kind: 'server',
    });
    await api.close();
    expect(requests).toHaveLength(1);
  });

  it('retries a POST that carries an Idempotency-Key, with the same key', async () => {
    const { url, requests } = await scripted([{ status: 503 }, { status: 202, body: ok }]);
    const api = createApiClient({ baseUrl: url, sleep: async () => {}, random: () => 0 });
    await expect(
      api.call('sendPasswordReset', { params: { id: 'cl_0123456789' } }, { idempotencyKey: 'key-123456789' }),
    ).resolves.toEqual(ok);
    await api.close();
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(['key-123456789', 'key-123456789']);
  });

  it('does not wait for a Retry-After beyond the policy limit', async () => {
    const { url, requests } = await scripted([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const api = createApiClient({ baseUrl: url, sleep: async () => {}, random: () => 0 });
    const error = (await api.call('getMe').catch((e: unknown) => e)) as CliError;
    await api.close();
    expect(requests).toHaveLength(1);
    expect(error.kind).toBe('rate-limit');
    expect(error.hint).toContain('3600 s');
  });

  it('retries network errors on GET, and names the host when it gives up', async () => {
    const { url } = await scripted([]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    let attempts = 0;
    const api = createApiClient({
      baseUrl: url,
      maxAttempts: 2,
      sleep: async () => {
        attempts++;
      },
      random: () => 0,
    });
    const error = (await api.call('getMe').catch((e: unknown) => e)) as CliError;
    await api.close();
    expect(attempts).toBe(1);
    expect(error.kind).toBe('network');
    expect(error.message).toContain(new URL(url).host);
  });

  it('does not follow a redirect, so the token never leaves the origin', async () => {
    const { url, requests } = await scripted([
      { status: 302, headers: { location: 'https://elsewhere.example/v1/me' } },
    ]);
    const api = createApiClient({ baseUrl: url, token: 'secret-token-value' });
    const error = (await api.call('getMe').catch((e: unknown) => e)) as CliError;
    await api.close();
    expect(requests).toHaveLength(1);
    expect(error.message).toContain('https://elsewhere.example/v1/me');
    expect(JSON.stringify(error)).not.toContain('secret-token-value');
  });

  it('names the field when a 2xx body does not match the contract', async () => {
    const { url } = await scripted([{ status: 200, body: { ...me, permissions: 'all' } }]);
    const api = createApiClient({ baseUrl: url });
    const error = (await api.call('getMe').catch((e: unknown) => e)) as CliError;
    await api.close();
    expect(error.message).toContain('permissions');
    expect(error.hint).toMatch(/versions may differ/);
  });
});
