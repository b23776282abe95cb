// The import's sending (single attempts of the API client) against a real node:http server on
// loopback that answers each case exactly as scripted (a body in several chunks, a Retry-After, a
// dropped connection): what the pipeline is handed for each answer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from '../../../src/api/client.js';
import { workItem } from '../../../src/bulk/pipeline.js';
import { importTransport, UnexpectedAnswerError } from '../../../src/bulk/transport.js';
import type { ImportTransport } from '../../../src/bulk/verdict.js';
import { clientFixture } from '../../helpers/client-fixture.js';

type Script = (request: IncomingMessage, body: string, response: ServerResponse) => void;
let script: Script = (_request, _body, response) => response.end();
const seen: { headers: IncomingMessage['headers']; body: string; url: string | undefined }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => {
    seen.push({ headers: request.headers, body, url: request.url });
    script(request, body, response);
  });
});
let client: ApiClient;
let transport: ImportTransport;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = createApiClient({ baseUrl: `http://127.0.0.1:${port}/base/`, token: 'secret-token', connections: 2 });
  transport = importTransport(client);
});

afterAll(async () => {
  await client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const item = workItem(7, 'imp_key7', 0, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org' });
/** A client as the portal answers createClient (src/contract/schemas.ts ClientSchema). */
const createdClient = clientFixture({
  id: 'cl_000123',
  providerId: 'sp_000001',
  createdAt: '2026-11-23T10:15:00.000Z',
  updatedAt: '2026-11-23T10:15:00.000Z',
});

const problem = (status: number, code: string) => ({
  type: `https://portal.example.org/problems/${code}`,
  title: 'Refused',
  status,
  code,
});

describe('createOne', () => {
  it('sends the row with its key and token, and reads a client answered in several chunks', async () => {
    script = (_request, _body, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      const text = JSON.stringify({ ...createdClient, firstName: 'Ada'.repeat(2000) });
      response.write(text.slice(0, 10));
      setImmediate(() => response.end(text.slice(10)));
    };
    let received = 0;
    const answer = await transport.createOne(item, () => received++);
    expect(answer).toEqual({ status: 201, client: { id: 'cl_000123' } });
    expect(received).toBe(1);
    const request = seen.at(-1)!;
    expect(request.url).toBe('/base/v1/clients');
    expect(request.headers['idempotency-key']).toBe('imp_key7');
    expect(request.headers.authorization).toBe('Bearer secret-token');
    expect(JSON.parse(request.body)).toMatchObject({ firstName: 'Ada', email: 'ada@example.org' });
  });

  it('hands over a refusal with its problem and Retry-After', async () => {
    script = (_request, _body, response) => {
      response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '3' });
      response.end(JSON.stringify(problem(429, 'rate-limited')));
    };
    const answer = await transport.createOne(item);
    expect(answer).toEqual({ status: 429, problem: problem(429, 'rate-limited'), retryAfterMs: 3000 });
  });

  it('a 2xx that is not a client is an error no retry can cure', async () => {
    script = (_request, _body, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"unexpected":true}');
    };
    await expect(transport.createOne(item)).rejects.toBeInstanceOf(UnexpectedAnswerError);
  });

  it('a created client is checked by the route schema: an id and an email alone is not a client', async () => {
    script = (_request, _body, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'cl_000123', email: 'ada@example.org' }));
    };
    const error = await transport.createOne(item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedAnswerError);
    expect((error as Error).message).toBe("the portal's answer to createClient (POST /v1/clients) is not a client");
  });

  it('sends with the API client: its user agent, and --debug lines without the token', async () => {
    const lines: string[] = [];
    const { port } = server.address() as AddressInfo;
    const debugClient = createApiClient({
      baseUrl: `http://127.0.0.1:${port}/base/`,
      token: 'secret-token',
      debug: (line) => lines.push(line),
    });
    script = (_request, _body, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(createdClient));
    };
    await importTransport(debugClient).createOne(item, undefined, { refuseNameMatch: true });
    await debugClient.destroy();
    expect(seen.at(-1)!.url).toBe('/base/v1/clients?nameMatch=refuse');
    expect(seen.at(-1)!.headers['user-agent']).toMatch(/^portalctl\//);
    expect(lines).toEqual([
      expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/base\/v1\/clients\?nameMatch=refuse -> 201 \(\d+ ms\)$/),
    ]);
    expect(lines.join('\n')).not.toContain('secret-token');
  });

  it('a 204 with no body is an error naming the endpoint, not a crash', async () => {
    script = (_request, _body, response) => {
      response.writeHead(204);
      response.end();
    };
    const error = await transport.createOne(item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedAnswerError);
    expect((error as Error).message).toBe(
      "the portal's answer to createClient (POST /v1/clients) is not a client (HTTP 204 with no body)",
    );
  });

  it('hands over a redirect with its Location', async () => {
    script = (_request, _body, response) => {
      response.writeHead(302, { location: 'https://sso.example.org/login' });
      response.end('<html>sign in</html>');
    };
    expect(await transport.createOne(item)).toEqual({ status: 302, location: 'https://sso.example.org/login' });
  });

  it('stops reading an answer larger than the cap (and the run stops: a retry would fare no better)', async () => {
    const { port } = server.address() as AddressInfo;
    const smallClient = createApiClient({
      baseUrl: `http://127.0.0.1:${port}/base/`,
      connections: 1,
      maxAnswerBytes: 4096,
    });
    const small = importTransport(smallClient);
    script = (_request, _body, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.on('error', () => {});
      response.write(`{"id":"cl_000123","email":"ada@example.org","notes":"`);
      response.end(`${'x'.repeat(64 * 1024)}"}`);
    };
    const error = await small.createOne(item).catch((e: unknown) => e);
    await smallClient.destroy();
    expect(error).toBeInstanceOf(UnexpectedAnswerError);
    expect((error as Error).message).toMatch(/answer to POST \/base\/v1\/clients is larger than/);
  });

  it('rejects when the connection drops before an answer', async () => {
    script = (request) => request.socket.destroy();
    await expect(transport.createOne(item)).rejects.toThrow();
  });
});

describe('createBatch', () => {
  it('sends the items with their keys and reads ids from a minimal answer', async () => {
    script = (_request, body, response) => {
      const { items } = JSON.parse(body) as { items: { idempotencyKey: string }[] };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          results: items.map((_, index) => ({ index, status: 201, replayed: false, clientId: `cl_00000${index}` })),
        }),
      );
    };
    const second = workItem(8, 'imp_key8', 0, { firstName: 'Bo', lastName: 'B', email: 'bo@example.org' });
    const answer = await transport.createBatch([item, second]);
    expect(answer).toEqual({
      status: 200,
      results: [
        { index: 0, status: 201, client: { id: 'cl_000000' } },
        { index: 1, status: 201, client: { id: 'cl_000001' } },
      ],
    });
    const request = seen.at(-1)!;
    expect(request.url).toBe('/base/v1/clients/batch');
    expect(request.headers.prefer).toBe('return=minimal');
    expect(
      (JSON.parse(request.body) as { items: { idempotencyKey: string }[] }).items.map((i) => i.idempotencyKey),
    ).toEqual(['imp_key7', 'imp_key8']);
  });

  it('a batch answer with more results than items sent is refused, without parsing them all', async () => {
    script = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ results: Array.from({ length: 5000 }, (_, index) => ({ index, wrong: true })) }));
    };
    const error = await transport.createBatch([item]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedAnswerError);
    expect((error as Error).message).toBe(
      "the portal's answer to batchCreateClients (POST /v1/clients/batch) is not a batch result for the 1 clients sent",
    );
  });
});
