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
  waitNotice,
} from '../../src/api/retry.js';
import { CliError } from '../../src/errors.js';
import { me } from '../helpers/fake-portal.js';

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

// A portal that answers oddly: each test scripts the raw answer (no body, a wrong list, a huge
// body, no answer at all) on a real loopback server.
type Raw = (req: IncomingMessage, res: ServerResponse) => void;
async function raw(answer: Raw): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  server = createServer((req, res) => {
    requests.push(req);
    req.resume();
    answer(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

describe('answers that do not match the contract', () => {
  const noWait = { sleep: async () => {}, random: () => 0 };

  it('a 204 with no body where a body is due is an error naming the endpoint, for list, get and resend', async () => {
    const { url } = await raw((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const api = createApiClient({ baseUrl: url, ...noWait });
    const calls = [
      ['listClients', () => api.call('listClients', { query: { limit: 5 } }), 'GET /v1/clients'],
      ['getClient', () => api.call('getClient', { params: { id: 'cl_000001' } }), 'GET /v1/clients/:id'],
      [
        'sendInvite',
        () => api.call('sendInvite', { params: { id: 'cl_000001' }, body: {} }, { idempotencyKey: 'key-123456789' }),
        'POST /v1/clients/:id/invitations',
      ],
    ] as const;
    for (const [name, call, endpoint] of calls) {
      const error = (await call().catch((e: unknown) => e)) as CliError;
      expect(error, name).toBeInstanceOf(CliError);
      expect(error.exitCode).toBe(7);
      expect(error.message).toBe(
        `the portal's answer to ${name} (${endpoint}) is not what portalctl expects: HTTP 204 with no body`,
      );
    }
    await api.close();
  });

  it('a list page of 5,000 wrong items is refused at the first one, without overflowing the stack', async () => {
    const { url } = await raw((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: Array.from({ length: 5000 }, (_, i) => ({ wrong: i })), nextCursor: null }));
    });
    const api = createApiClient({ baseUrl: url, ...noWait });
    const error = (await api.call('listClients', {}).catch((e: unknown) => e)) as CliError;
    await api.close();
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(7);
    expect(error.message).toMatch(/^the portal's answer to listClients \(GET \/v1\/clients\) is not what .* data\.0\./);
  });

  it('stops reading an answer larger than the cap, with or without Content-Length', async () => {
    const page = JSON.stringify({ data: [], nextCursor: null, padding: 'x'.repeat(64 * 1024) });
    for (const declared of [true, false]) {
      const { url } = await raw((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(declared ? { 'content-length': String(Buffer.byteLength(page)) } : {}),
        });
        res.on('error', () => {});
        res.end(page);
      });
      const api = createApiClient({ baseUrl: url, maxAnswerBytes: 16 * 1024, ...noWait });
      const error = (await api.call('listClients', {}).catch((e: unknown) => e)) as CliError;
      await api.close();
      expect(error, `content-length: ${declared}`).toBeInstanceOf(CliError);
      expect(error.exitCode).toBe(7);
      expect(error.message).toMatch(/answer to listClients \(GET \/v1\/clients\) is larger than/);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
  });
});

describe('the timeout bounds the whole call', () => {
  it('a portal that never answers is asked once within the timeout, not once per attempt', async () => {
    const { url, requests } = await raw(() => {
      // never answers
    });
    const api = createApiClient({ baseUrl: url, timeoutMs: 300, sleep: async () => {}, random: () => 0 });
    const error = (await api.call('getMe').catch((e: unknown) => e)) as CliError;
    await api.close();
    expect(error).toBeInstanceOf(CliError);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/did not answer within 300 ms/);
    expect(requests).toHaveLength(1);
    for (const request of requests) request.socket.destroy();
  });

  it('does not start a retry that would end after the deadline', async () => {
    let clock = 0;
    const { url, requests } = await scripted([{ status: 503 }, { status: 503 }, { status: 200, body: me }]);
    const waits: number[] = [];
    const api = createApiClient({
      baseUrl: url,
      timeoutMs: 1_000,
      retry: { baseMs: 800, capMs: 800 },
      now: () => clock,
      random: () => 0.99,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    const error = (await api.call('getMe').catch((e: unknown) => e)) as CliError;
    await api.close();
    // One wait of 792 ms fits in the second of budget; a second one would not.
    expect(waits).toEqual([792]);
    expect(requests).toHaveLength(2);
    expect(error.kind).toBe('server');
  });
});

describe('long waits', () => {
  it('says on stderr when the portal asks for a wait of more than a few seconds, and when it ends', async () => {
    const start = new Date(2026, 10, 23, 10, 42, 0).getTime();
    let clock = start;
    const { url } = await scripted([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 429, headers: { 'retry-after': '60' } },
      { status: 200, body: me },
    ]);
    const notices: string[] = [];
    const api = createApiClient({
      baseUrl: url,
      now: () => clock,
      random: () => 0,
      sleep: async (ms) => {
        clock += ms;
      },
      onWait: (message) => notices.push(message),
    });
    await api.call('getMe');
    await api.close();
    expect(notices).toEqual(['portal asked to wait 60 s; retrying at 10:43:01']);
  });

  it('one cap for every caller: a Retry-After beyond it is not waited for', () => {
    expect(retryDelayMs(1, 60_000, DEFAULT_RETRY_POLICY, () => 0)).toBe(60_000);
    expect(retryDelayMs(1, 3_600_000, DEFAULT_RETRY_POLICY, () => 0)).toBeUndefined();
    expect(waitNotice(4_000, 0, 4_000)).toBeUndefined();
  });
});
