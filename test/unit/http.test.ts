// The HTTP client under the API client and the import (src/api/http.ts), against real servers on
// loopback: answers in pieces, kept-alive connections, silence, answers that stop half-way.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import { createHttpPool } from '../../src/api/http.js';
import { importTransport } from '../../src/bulk/transport.js';
import { me } from '../helpers/fake-portal.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A loopback server; `connections` counts the TCP connections it accepted. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: URL; connections: () => number }> {
  let connections = 0;
  server = createServer(handler);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), connections: () => connections };
}

describe('the HTTP client', () => {
  it('sends the body with its length and reads an answer that comes in pieces', async () => {
    const seen: { method?: string | undefined; url?: string | undefined; length?: string | undefined; body: string } = {
      body: '',
    };
    const { url } = await serve((req, res) => {
      seen.method = req.method;
      seen.url = req.url;
      seen.length = req.headers['content-length'];
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        seen.body += chunk;
      });
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'retry-after': '3' });
        res.write('{"name":"Zoë ');
        res.end(`${'x'.repeat(100_000)}"}`);
      });
    });
    const pool = createHttpPool(url, { connections: 2, timeoutMs: 5_000 });
    const answer = await pool.request({
      method: 'POST',
      path: '/v1/things?x=1',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Zoë"}',
      maxBytes: 1_000_000,
    });
    await pool.close();
    expect(seen).toEqual({ method: 'POST', url: '/v1/things?x=1', length: '15', body: '{"name":"Zoë"}' });
    expect(answer.status).toBe(201);
    expect(answer.headers['retry-after']).toBe('3');
    expect(JSON.parse(answer.text ?? '').name).toBe(`Zoë ${'x'.repeat(100_000)}`);
  });

  it('keeps the connection open between calls', async () => {
    const { url, connections } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(me));
    });
    const api = createApiClient({ baseUrl: url.href });
    for (let i = 0; i < 5; i++) await api.call('getMe');
    await api.close();
    expect(connections()).toBe(1);
  });

  it('gives up on an answer that stops half-way', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":');
    });
    const pool = createHttpPool(url, { connections: 1, timeoutMs: 300 });
    await expect(pool.request({ method: 'GET', path: '/', headers: {}, maxBytes: 1_000 })).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
    await pool.close();
  });

  it('the import is told of a portal that does not answer (the error carries a code)', async () => {
    const { url } = await serve(() => {
      // never answers
    });
    const client = createApiClient({ baseUrl: url.href, connections: 1, timeoutMs: 300 });
    const transport = importTransport(client);
    await expect(
      transport.createOne({ row: 1, key: 'key-0123456789', gen: 0, json: '{}', invite: false }),
    ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await client.destroy();
  });

  it('closes only after the requests still open are answered', async () => {
    let answer!: () => void;
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { url } = await serve((_req, res) => {
      answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      };
      arrived();
    });
    const pool = createHttpPool(url, { connections: 1, timeoutMs: 5_000 });
    const order: string[] = [];
    const answered = pool
      .request({ method: 'GET', path: '/', headers: {}, maxBytes: 1_000 })
      .then(() => order.push('answered'));
    await requestArrived;
    const closed = pool.close().then(() => order.push('closed'));
    answer();
    await Promise.all([closed, answered]);
    expect(order).toEqual(['answered', 'closed']);
  });

  it('destroy() fails the requests still open at once', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { url } = await serve(() => arrived());
    const pool = createHttpPool(url, { connections: 1, timeoutMs: 60_000 });
    const request = pool.request({ method: 'GET', path: '/', headers: {}, maxBytes: 1_000 });
    await requestArrived;
    await pool.destroy();
    await expect(request).rejects.toThrow();
  });
});
