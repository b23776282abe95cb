// Errors raised before any route runs, by Fastify's router or by Node's HTTP parser, are answered
// as problem details like every other error: a client parses one error shape, whatever refused it.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../../src/contract/problems.js';
import { ADMIN, bearer, makeApp } from './support.js';

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** Sends `request` as raw bytes and resolves with everything the server wrote before closing. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

function parseRaw(answer: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe('errors raised before routing', () => {
  it('an id over 100 characters: 414 problem', async () => {
    const { app } = makeApp({ handlers: { getClient: () => ({}) } });
    const res = await app.inject({ url: `/v1/clients/cl_${'x'.repeat(120)}`, headers: bearer(ADMIN) });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ProblemSchema().parse(res.json())).toMatchObject({ status: 414, code: 'uri-too-long' });
    expect(res.body).not.toContain('FST_ERR');
  });

  it('a malformed %-escape in the path: 400 problem that does not echo the path', async () => {
    const { app } = makeApp({ handlers: { getClient: () => ({}) } });
    for (const url of ['/v1/clients/%ff', '/v1/%ff', '/%ff']) {
      const res = await app.inject({ url, headers: bearer(ADMIN) });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(ProblemSchema().parse(res.json())).toMatchObject({ status: 400, code: 'validation' });
      expect(res.body).not.toContain('%ff');
    }
  });

  it('headers larger than Node accepts: 431 problem, then the connection closes', async () => {
    const { app } = makeApp();
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const answer = parseRaw(
      await rawExchange(port, `GET /v1/me HTTP/1.1\r\nHost: portal\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(ProblemSchema().parse(answer.body)).toMatchObject({ status: 431, code: 'headers-too-large' });
  });

  it('a request that is not HTTP: 400 problem', async () => {
    const { app } = makeApp();
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const answer = parseRaw(await rawExchange(port, 'HELLO\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(ProblemSchema().parse(answer.body)).toMatchObject({ status: 400, code: 'validation' });
  });
});
