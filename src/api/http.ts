// The one HTTP client under portalctl's calls to a portal (the API client and the import's
// transport): node:http(s) with a keep-alive agent per portal. Node's own client rather than
// undici: undici's package loads its fetch, WebSocket, cache and mock layers with the pool, tens
// of ms of start-up for every API command (bench/RESULTS.md).
//
// Builtins come from process.getBuiltinModule, not `import`: an ES import of node:http has Node
// read all its exports, and its WebSocket export loads Node's own copy of undici.
import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

export interface HttpPoolOptions {
  /** Keep-alive connections to the portal at most. */
  connections: number;
  /**
   * Silence allowed on a connection, in ms: connecting, waiting for the answer or for the rest of
   * it (past it the request fails with ETIMEDOUT), or idle between requests (then it is closed).
   */
  timeoutMs: number;
}

export interface HttpRequest {
  method: string;
  /** Path and query, from the origin's root. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Largest body read, in bytes: a larger one (by Content-Length, or as it arrives) is not read. */
  maxBytes: number;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, read in full; undefined when it is larger than `maxBytes` (its connection is closed). */
  text: string | undefined;
}

/** A request whose body (a file's bytes) and answer are streams. */
export interface HttpStreamRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Sent as it is read, with the Content-Length given in `headers`. */
  body?: Readable;
  signal?: AbortSignal;
}

export interface HttpStreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The answer's body, unread: the caller reads (or destroys) it. */
  body: IncomingMessage;
}

export interface HttpPool {
  request(request: HttpRequest): Promise<HttpAnswer>;
  /** A request with a streamed body and answer; `timeoutMs` is the silence allowed, not a total. */
  stream(request: HttpStreamRequest): Promise<HttpStreamAnswer>;
  /** Waits for the requests still open to be answered (or time out), then closes the connections. */
  close(): Promise<void>;
  /** Fails the requests still open and closes the connections now. */
  destroy(): Promise<void>;
}

/** A request that got no answer in time: `code` is what the API client and the import report. */
export class HttpTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

export function createHttpPool(origin: URL, options: HttpPoolOptions): HttpPool {
  const https = origin.protocol === 'https:';
  const http = https ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
  const agent: Agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
    // One timeout on the agent's sockets rather than one per request: re-arming a socket's timer
    // at every request cost the import about a tenth of its CPU, one request per row.
    timeout: options.timeoutMs,
  });
  const open = new Set<ClientRequest>();
  const host = origin.host;
  // Headers as a flat list, as Node writes them: an object would be copied header by header.
  const rawHeaders = (headers: Record<string, string>, body: string | undefined) => {
    const raw = ['host', host];
    for (const name in headers) raw.push(name, headers[name]!);
    if (body !== undefined) raw.push('content-length', String(Buffer.byteLength(body)));
    return raw;
  };

  /** A request on the pool, tracked until it closes, failing with `reject` on an error or a timeout. */
  function start(
    method: string,
    path: string,
    headers: string[],
    signal: AbortSignal | undefined,
    reject: (error: Error) => void,
  ): ClientRequest {
    const req = http.request({
      protocol: origin.protocol,
      hostname: origin.hostname.replace(/^\[|\]$/g, ''),
      port: origin.port,
      method,
      path,
      headers,
      agent,
      ...(signal ? { signal } : {}),
    });
    open.add(req);
    req.on('close', () => open.delete(req));
    req.on('timeout', () => {
      req.destroy(new HttpTimeoutError(`no answer within ${options.timeoutMs} ms`));
    });
    req.on('error', reject);
    return req;
  }

  function request({ method, path, headers, body, signal, maxBytes }: HttpRequest): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = start(method, path, rawHeaders(headers, body), signal, reject);
      req.on('response', (res) => {
        const answer = (text: string | undefined) =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
        // Not read, nor held: the connection goes with it.
        const tooLarge = () => {
          res.destroy();
          answer(undefined);
        };
        if (Number(res.headers['content-length']) > maxBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) tooLarge();
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          answer(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
        });
      });
      req.end(body);
    });
  }

  function stream({ method, path, headers, body, signal }: HttpStreamRequest): Promise<HttpStreamAnswer> {
    return new Promise((resolve, reject) => {
      const req = start(method, path, rawHeaders(headers, undefined), signal, reject);
      // The portal may answer (a refusal) before the whole body is sent: the answer wins.
      req.on('response', (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }));
      if (!body) {
        req.end();
        return;
      }
      body.on('error', (error) => req.destroy(error));
      body.pipe(req);
    });
  }

  return {
    request,
    stream,
    async close() {
      await Promise.all([...open].map((req) => new Promise((settled) => req.once('close', settled))));
      agent.destroy();
    },
    async destroy() {
      for (const req of open) req.destroy();
      agent.destroy();
    },
  };
}
