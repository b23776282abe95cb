// The built CLI against a portal that misbehaves in ways the local server never does: a scripted
// node:http server on loopback (a stand-in for a broken portal or a proxy in front of one) answers
// 204 with no body, a list of thousands of wrong items, 50 MB, a sign-in redirect, a 401 page, a
// Retry-After of an hour, or nothing at all. Each must be a clear error with its exit code, never a
// crash, and an import must leave the rows it could not send pending, not failed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, clientsCsv, type Result, workDir, writeCsv } from './import-support.js';

type Script = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server | undefined;
const requests: IncomingMessage[] = [];

afterEach(async () => {
  for (const request of requests.splice(0)) request.socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Starts the scripted portal; returns its URL. */
async function oddPortal(script: Script): Promise<string> {
  server = createServer((request, response) => {
    requests.push(request);
    request.resume();
    response.on('error', () => {});
    script(request, response);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const run = (url: string, args: string[]): Promise<Result> =>
  cli(args, { env: { PORTALCTL_URL: url, PORTALCTL_TOKEN: 'odd-portal-token-0123456789' } });

function importFile(rows = 5): string {
  return writeCsv(workDir(), 'odd.csv', clientsCsv(rows, 'Odd'));
}

interface Summary {
  rows: number;
  created: number;
  failed: number;
  pending: number;
}

function expectPending(result: Result, rows: number): void {
  const summary = JSON.parse(result.stdout) as Summary;
  expect(summary).toMatchObject({ rows, created: 0, failed: 0, pending: rows });
}

describe('answers that do not match the contract', () => {
  it('a 204 with no body: list, get and resend exit 7 naming the endpoint', async () => {
    const url = await oddPortal((_request, response) => {
      response.writeHead(204);
      response.end();
    });
    const cases = [
      [['clients', 'list'], 'listClients (GET /v1/clients)'],
      [['clients', 'get', 'cl_000001'], 'getClient (GET /v1/clients/:id)'],
      [['invite', 'resend', 'cl_000001', '--yes'], 'getClient (GET /v1/clients/:id)'],
    ] as const;
    for (const [args, endpoint] of cases) {
      const result = await run(url, [...args]);
      expect(result.exitCode, result.stderr).toBe(7);
      expect(result.stderr).toContain(
        `error: the portal's answer to ${endpoint} is not what portalctl expects: HTTP 204 with no body`,
      );
      expect(result.stderr).not.toMatch(/unexpected/);
    }
  });

  it('a list page of 5,000 wrong items exits 7 naming the endpoint and the first wrong item', async () => {
    const url = await oddPortal((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: Array.from({ length: 5000 }, (_, i) => ({ wrong: i })), nextCursor: null }));
    });
    const result = await run(url, ['clients', 'list']);
    expect(result.exitCode, result.stderr).toBe(7);
    expect(result.stderr).toMatch(
      /error: the portal's answer to listClients \(GET \/v1\/clients\) is not what portalctl expects: data\.0\./,
    );
  });

  it('a 50 MB answer is not read whole: exit 7, naming the endpoint', async () => {
    const url = await oddPortal((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = ' '.repeat(1024 * 1024);
      response.write('{"data":[');
      let sent = 0;
      const more = () => {
        while (sent < 50) {
          sent++;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        response.end('],"nextCursor":null}');
      };
      more();
    });
    const result = await run(url, ['clients', 'list']);
    expect(result.exitCode, result.stderr).toBe(7);
    expect(result.stderr).toMatch(
      /error: the portal's answer to listClients \(GET \/v1\/clients\) is larger than 16 MiB/,
    );
  });
});

describe('a portal that does not answer', () => {
  it('--timeout bounds the whole wait of a command, retries included', async () => {
    const url = await oddPortal(() => {
      // never answers
    });
    const result = await run(url, ['clients', 'list', '--timeout', '1']);
    expect(result.exitCode, result.stderr).toBe(7);
    expect(result.stderr).toMatch(/error: the portal at 127\.0\.0\.1:\d+ did not answer within 1 s/);
    expect(requests).toHaveLength(1);
  });

  it('an import stops after --timeout with exit 7, every row pending', async () => {
    const url = await oddPortal(() => {
      // never answers
    });
    const result = await run(url, [
      'clients',
      'import',
      importFile(),
      '--yes',
      '--no-batch',
      '--json',
      '--timeout',
      '1',
    ]);
    expect(result.exitCode, result.stderr).toBe(7);
    expect(result.stderr).toMatch(
      /error: portal unreachable: no answer for 1(\.\d)? s .*re-run the same command to resume/,
    );
    expectPending(result, 5);
  });
});

describe('an import against a failing portal', () => {
  it('502 from a proxy on every request, batched or not: exit 7 with the rows pending (not 8, not failed)', async () => {
    const url = await oddPortal((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body>Bad gateway</body></html>');
    });
    for (const mode of [['--no-batch'], []]) {
      const result = await run(url, ['clients', 'import', importFile(), '--yes', '--json', '--timeout', '1', ...mode]);
      expect(result.exitCode, result.stderr).toBe(7);
      expect(result.stderr).toMatch(/error: portal unreachable: .*HTTP 502/);
      expectPending(result, 5);
    }
  });

  it('a redirect (a sign-in page) stops the import at once: exit 7, saying where it pointed', async () => {
    const url = await oddPortal((_request, response) => {
      response.writeHead(302, { location: 'https://sso.example.org/login' });
      response.end();
    });
    const result = await run(url, ['clients', 'import', importFile(), '--yes', '--no-batch', '--json']);
    expect(result.exitCode, result.stderr).toBe(7);
    expect(result.stderr).toContain(
      'error: the portal answered with a redirect (HTTP 302) to https://sso.example.org/login',
    );
    expectPending(result, 5);
  });

  it('a 401 page says what every command says: not authenticated, and portalctl login', async () => {
    const url = await oddPortal((_request, response) => {
      response.writeHead(401, { 'content-type': 'text/html' });
      response.end('<html>Unauthorized</html>');
    });
    const list = await run(url, ['clients', 'list']);
    const imported = await run(url, ['clients', 'import', importFile(), '--yes', '--no-batch', '--json']);
    expect(imported.exitCode, imported.stderr).toBe(3);
    const said = 'error: not authenticated: the portal answered HTTP 401 (text/html)';
    expect(list.stderr).toContain(said);
    expect(imported.stderr).toContain(said);
    expect(imported.stderr).toContain(
      'hint: run portalctl login (or set PORTALCTL_TOKEN) with a valid API token; then re-run the same command to resume',
    );
  });

  it('a Retry-After of an hour is not waited for: exit 7 at once, the rows pending', async () => {
    const url = await oddPortal((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '3600' });
      response.end(
        JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429, code: 'rate-limited' }),
      );
    });
    const result = await run(url, ['clients', 'import', importFile(), '--yes', '--no-batch', '--json']);
    expect(result.exitCode, result.stderr).toBe(7);
    expect(result.stderr).toMatch(
      /error: the portal asked to wait 3600 s \(HTTP 429\), longer than portalctl waits \(60 s\); re-run the same command after \d\d:\d\d:\d\d to resume/,
    );
    expectPending(result, 5);
  });

  it('every row refused for rate limiting, nothing imported: exit 7, not "partly done"', async () => {
    // Retry-After: 0 lets the import use up its patience with 429s at once.
    const url = await oddPortal((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '0' });
      response.end(
        JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429, code: 'rate-limited' }),
      );
    });
    const dir = workDir();
    const file = writeCsv(dir, 'limited.csv', clientsCsv(2, 'Limited'));
    const report = path.join(dir, 'report.csv');
    const result = await run(url, ['clients', 'import', file, '--yes', '--no-batch', '--json', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(7);
    expect(result.stderr).toContain('error: none of the 2 rows was imported: the portal failed every request');
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 2, created: 0, failed: 2 });
  });
});
