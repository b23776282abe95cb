// The one HTTP client of the Jobs Portal API: typed calls by route name (src/contract/routes.ts),
// keep-alive pool, timeouts, retries with backoff and jitter, response checking, and problem
// details turned into typed errors. The token goes in one header and nowhere else: not in
// errors, not in --debug lines.
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import * as z from 'zod';
import { fillPath, type RouteCallInput, type RouteDef, type RouteOutput } from '../contract/define.js';
import { type Problem, ProblemSchema } from '../contract/problems.js';
import { type RouteName, type Routes, routes } from '../contract/routes.js';
import { CliError, type ErrorKind } from '../errors.js';
import { VERSION } from '../version.js';
import { createHttpPool, type HttpPool } from './http.js';
import {
  abortableSleep,
  DEFAULT_RETRY_POLICY,
  isRetryableMethod,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
  waitNotice,
} from './retry.js';

export interface ApiClientOptions {
  baseUrl: string;
  /** Bearer token; omitted only for unauthenticated calls. */
  token?: string;
  /** How long one call waits for its answer, retries included (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
  /** Allow http:// to a non-loopback host (the token travels unencrypted). */
  insecureHttp?: boolean;
  /** Total attempts per call, including the first (default 4). */
  maxAttempts?: number;
  /** Keep-alive connections in the pool (default 8). */
  connections?: number;
  /** Receives one line per request/response/retry (never headers, never the token). */
  debug?: (line: string) => void;
  /** Told of each wait long enough to say so ("portal asked to wait 60 s; retrying at 10:42:05"). */
  onWait?: (message: string) => void;
  /** Largest answer read (default MAX_ANSWER_BYTES); a larger one is refused, unread. */
  maxAnswerBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Injected for tests: the wait between attempts, and the jitter source. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface CallOptions {
  /** Sent as Idempotency-Key; makes a POST safe to retry. Every create/send passes one. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * One attempt, as the portal answered it: nothing retried and no HTTP status thrown, so that the
 * caller (the import's send pass) sees every 429 and 5xx and owns its retries.
 */
export interface SendOptions extends CallOptions {
  /** The body already serialized as JSON (the route's body): sent as it is, not serialized again. */
  json?: string;
  /** More request headers (e.g. `prefer`). */
  headers?: Record<string, string>;
  /** Called as soon as the answer is off the wire, before it is parsed. */
  received?: () => void;
  /** What a 2xx answer should be, for the error when it is not (default: what portalctl expects). */
  expected?: string;
  /** A quick look at a 2xx body before the schema: false refuses it unparsed (e.g. a list too long). */
  plausible?: (json: unknown) => boolean;
}

export interface SendAnswer<N extends RouteName> {
  status: number;
  /** A 2xx answer, checked by the route's response schema. */
  data?: RouteOutput<Routes[N]>;
  problem?: Problem;
  /** Retry-After in milliseconds, when the portal sent one. */
  retryAfterMs?: number;
  /** The Location of a redirect. */
  location?: string;
  /** The Content-Type of an answer without problem details. */
  contentType?: string;
}

/** A 2xx answer that is not the route's, or one too large to read: a retry cannot cure it. */
export class UnexpectedAnswerError extends CliError {
  readonly fatal = true;
  constructor(message: string) {
    super('server', message, {
      hint: 'the portal and portalctl versions may differ; upgrade portalctl, or report it with --debug output',
    });
  }
}

export interface PaginateOptions {
  /** Stop after this many items (default 50). Ignored with `all`. */
  limit?: number;
  /** Follow nextCursor to the end. */
  all?: boolean;
  signal?: AbortSignal;
}

/** An item of a list route's `data`. */
export type PageItem<N extends RouteName> = RouteOutput<Routes[N]> extends { data: Array<infer T> } ? T : never;
/** Routes answering `{ data: [...] }` (with or without nextCursor). */
export type ListRouteName = {
  [N in RouteName]: RouteOutput<Routes[N]> extends { data: unknown[] } ? N : never;
}[RouteName];

export interface ApiClient {
  readonly baseUrl: string;
  call<N extends RouteName>(
    name: N,
    input?: RouteCallInput<Routes[N]>,
    options?: CallOptions,
  ): Promise<RouteOutput<Routes[N]>>;
  paginate<N extends ListRouteName>(
    name: N,
    input?: RouteCallInput<Routes[N]>,
    options?: PaginateOptions,
  ): AsyncIterable<PageItem<N>>;
  /**
   * Sends a file's bytes to a route that takes them (RouteDef.stream 'upload'). Not retried: a
   * body read once cannot be sent again; the caller re-runs (the portal knows a file by content).
   */
  upload<N extends RouteName>(
    name: N,
    input: RouteCallInput<Routes[N]>,
    body: { stream: Readable; length: number },
    options?: { signal?: AbortSignal },
  ): Promise<RouteOutput<Routes[N]>>;
  /** Opens a file's bytes from a route that serves them (RouteDef.stream 'download'). */
  download<N extends RouteName>(
    name: N,
    input: RouteCallInput<Routes[N]>,
    options?: { signal?: AbortSignal },
  ): Promise<{ headers: IncomingHttpHeaders; body: Readable }>;
  /** One attempt (see SendOptions): network errors reject as they are, every HTTP answer resolves. */
  send<N extends RouteName>(name: N, input?: RouteCallInput<Routes[N]>, options?: SendOptions): Promise<SendAnswer<N>>;
  close(): Promise<void>;
  /** Fails the requests still open and closes the connections now (a portal given up on). */
  destroy(): Promise<void>;
}

/** The most of a refusal read while streaming (a problem document is a few hundred bytes). */
const MAX_STREAM_PROBLEM_BYTES = 64 * 1024;

async function readText(body: Readable, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * The largest answer portalctl reads: a page of 500 clients is a few MiB at most, so anything
 * near this is a portal (or a proxy) gone wrong, and is not held in memory.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Query parameters that may carry personal data: --debug shows their names, not their values. */
const PRIVATE_QUERY = new Set(['email', 'search', 'to', 'firstName', 'lastName']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || host.startsWith('::ffff:127.');
  return false;
}

/** Checks a portal URL before anything is sent to it. */
export function checkPortalUrl(baseUrl: string, insecureHttp = false): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CliError('usage', `the portal URL ${JSON.stringify(baseUrl)} is not a valid URL`, {
      hint: 'pass a URL like https://portal.example.org with --url or PORTALCTL_URL',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError('usage', `the portal URL must start with https:// (got ${url.protocol}//)`, {
      hint: 'pass a URL like https://portal.example.org with --url or PORTALCTL_URL',
    });
  }
  if (url.username || url.password) {
    throw new CliError('usage', 'the portal URL must not contain a user name or password', {
      hint: 'log in with portalctl login, which stores the token separately',
    });
  }
  if (url.protocol === 'http:' && !insecureHttp && !isLoopbackHost(url.hostname)) {
    throw new CliError(
      'usage',
      `refusing to send your token over plain http:// to ${url.host}: only loopback addresses (127.0.0.1, ::1, localhost) may use http://`,
      { hint: 'use https://, or pass --insecure-http if you accept that the token travels unencrypted' },
    );
  }
  return url;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const url = checkPortalUrl(options.baseUrl, options.insecureHttp);
  const origin = url.origin;
  const basePath = url.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...options.retry,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  };
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const debug = options.debug;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const userAgent = options.userAgent ?? `portalctl/${VERSION}`;

  // zod compiles a fast parser for each object schema the first time it parses with it, which
  // costs more than it saves when a command checks one or two answers: the first answer of each
  // route is checked without it, later ones (paging through --all, an import) with it.
  const checked = new Set<RouteName>();

  let pool: HttpPool | undefined;
  const getPool = () => {
    pool ??= createHttpPool(url, { connections: options.connections ?? 8, timeoutMs });
    return pool;
  };

  /** The request of a call: its path (and the path shown by --debug), headers and body. */
  function prepare(name: RouteName, input: unknown, callOptions: SendOptions) {
    const route = routes[name] as RouteDef;
    const callInput = (input ?? {}) as { params?: Record<string, unknown>; query?: object; body?: unknown };
    const path = `${basePath}${fillPath(route.path, callInput.params)}${queryString(callInput.query)}`;
    const shownPath = `${origin}${basePath}${fillPath(route.path, callInput.params)}${queryString(callInput.query, true)}`;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = callOptions.json;
    if (body !== undefined || callInput.body !== undefined || ['POST', 'PUT', 'PATCH'].includes(route.method)) {
      body ??= JSON.stringify(callInput.body ?? {});
      headers['content-type'] = 'application/json';
    }
    if (callOptions.idempotencyKey) headers['idempotency-key'] = callOptions.idempotencyKey;
    Object.assign(headers, callOptions.headers);
    return { route, path, shownPath, headers, body };
  }

  async function send<N extends RouteName>(
    name: N,
    input?: RouteCallInput<Routes[N]>,
    sendOptions: SendOptions = {},
  ): Promise<SendAnswer<N>> {
    const { route, path, shownPath, headers, body } = prepare(name, input, sendOptions);
    const started = now();
    const response = await getPool().request({
      method: route.method,
      path,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
      maxBytes: maxAnswerBytes,
    });
    if (sendOptions.received) {
      // Off the wire: let the caller put its next request on it before this answer is parsed.
      sendOptions.received();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    debug?.(`${route.method} ${shownPath} -> ${response.status} (${now() - started} ms)`);
    // A body larger than any answer of the contract is not read (nor held).
    if (response.text === undefined) {
      throw new UnexpectedAnswerError(
        `the portal's answer to ${route.method} ${path} is larger than ${Math.round(maxAnswerBytes / 1024 / 1024)} MiB; portalctl stopped reading it`,
      );
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      const jitless = !checked.has(name);
      checked.add(name);
      const data = sendSuccess(route, name, status, response.text, jitless, sendOptions) as RouteOutput<Routes[N]>;
      return { status, data };
    }
    const problem = problemOf(response.text);
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now());
    const location = header(response.headers, 'location');
    const contentType = header(response.headers, 'content-type');
    return {
      status,
      ...(problem ? { problem } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(location === undefined ? {} : { location }),
      // Said in the error when the answer has no problem details (a proxy's page).
      ...(problem || contentType === undefined ? {} : { contentType }),
    };
  }

  async function call<N extends RouteName>(
    name: N,
    input?: RouteCallInput<Routes[N]>,
    callOptions: CallOptions = {},
  ): Promise<RouteOutput<Routes[N]>> {
    const { route, path, shownPath, headers, body } = prepare(name, input, callOptions);
    const retryable = isRetryableMethod(route.method, Boolean(callOptions.idempotencyKey));

    const endpoint = `${route.method} ${route.path}`;
    // The timeout bounds the whole call, retries included; a wait the portal asks for with
    // Retry-After (announced, and capped by the policy) is added to it.
    let deadline = now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const started = now();
      let statusCode: number;
      let responseHeaders: Record<string, string | string[] | undefined>;
      let text: string | undefined;
      const attemptSignal = deadlineSignal(deadline - started, callOptions.signal);
      try {
        const response = await getPool().request({
          method: route.method,
          path,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: attemptSignal.signal,
          maxBytes: maxAnswerBytes,
        });
        statusCode = response.status;
        responseHeaders = response.headers;
        text = response.text;
      } catch (error) {
        if (callOptions.signal?.aborted) throw error;
        const timedOut = attemptSignal.timedOut();
        const failure = networkError(error, url, timeoutMs, timedOut ? attempt : undefined);
        debug?.(`${route.method} ${shownPath} -> ${failure.message} (${now() - started} ms, attempt ${attempt})`);
        const wait =
          retryable && attempt < policy.maxAttempts ? retryDelayMs(attempt, undefined, policy, random) : undefined;
        if (wait !== undefined && !timedOut && now() + wait < deadline) {
          debug?.(`retrying in ${wait} ms`);
          await pause(wait, undefined, callOptions.signal);
          continue;
        }
        throw failure;
      } finally {
        attemptSignal.dispose();
      }
      debug?.(`${route.method} ${shownPath} -> ${statusCode} (${now() - started} ms, attempt ${attempt})`);
      if (text === undefined) throw tooLarge(name, endpoint, maxAnswerBytes);

      if (statusCode >= 200 && statusCode < 300) {
        const jitless = !checked.has(name);
        checked.add(name);
        return parseSuccess(route, name, endpoint, statusCode, text, jitless) as RouteOutput<Routes[N]>;
      }
      if (statusCode >= 300 && statusCode < 400) {
        throw redirectError(statusCode, header(responseHeaders, 'location'));
      }
      const problem = parseProblem(statusCode, text, responseHeaders);
      if (retryable && isRetryableStatus(statusCode, problem.code) && attempt < policy.maxAttempts) {
        const retryAfter = parseRetryAfter(responseHeaders['retry-after'], now());
        const wait = retryDelayMs(attempt, retryAfter, policy, random);
        if (wait !== undefined && (retryAfter !== undefined || now() + wait < deadline)) {
          if (retryAfter !== undefined) deadline += wait;
          debug?.(`retrying in ${wait} ms after HTTP ${statusCode}`);
          await pause(wait, retryAfter, callOptions.signal);
          continue;
        }
      }
      throw problemError(statusCode, problem, responseHeaders, now());
    }
  }

  /** The wait between attempts, announced when it is long. */
  async function pause(ms: number, retryAfter: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    const notice = waitNotice(ms, now(), retryAfter);
    if (notice) options.onWait?.(notice);
    await sleep(ms, signal);
  }

  async function* paginate<N extends ListRouteName>(
    name: N,
    input?: RouteCallInput<Routes[N]>,
    paginateOptions: PaginateOptions = {},
  ): AsyncIterable<PageItem<N>> {
    const all = paginateOptions.all ?? false;
    const limit = paginateOptions.limit ?? 50;
    const base = (input ?? {}) as { params?: object; query?: Record<string, unknown> };
    let remaining = all ? Number.POSITIVE_INFINITY : limit;
    let cursor: string | undefined;
    while (remaining > 0) {
      const query = { ...base.query, limit: Math.min(500, remaining), ...(cursor ? { cursor } : {}) };
      const page = (await call(
        name,
        { ...base, query } as RouteCallInput<Routes[N]>,
        paginateOptions.signal ? { signal: paginateOptions.signal } : {},
      )) as { data: PageItem<N>[]; nextCursor?: string | null };
      for (const item of page.data) {
        if (remaining <= 0) return;
        remaining--;
        yield item;
      }
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /**
   * One streamed request: sent once, the silence allowed on the connection bounded by the
   * timeout (a large file may take longer than that in all). A refusal is read as a problem.
   */
  async function streamed(
    name: RouteName,
    input: { params?: Record<string, unknown>; query?: object },
    body: { stream: Readable; length: number } | undefined,
    signal: AbortSignal | undefined,
  ) {
    const route = routes[name] as RouteDef;
    const filled = fillPath(route.path, input.params);
    const headers: Record<string, string> = { accept: '*/*', 'user-agent': userAgent };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (body) {
      headers['content-type'] = 'application/octet-stream';
      headers['content-length'] = String(body.length);
    }
    const started = now();
    const shown = `${route.method} ${origin}${basePath}${filled}${queryString(input.query, true)}`;
    let answer: Awaited<ReturnType<HttpPool['stream']>>;
    try {
      answer = await getPool().stream({
        method: route.method,
        path: `${basePath}${filled}${queryString(input.query)}`,
        headers,
        ...(body ? { body: body.stream } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const failure = networkError(error, url, timeoutMs);
      debug?.(`${shown} -> ${failure.message} (${now() - started} ms)`);
      throw failure;
    }
    debug?.(`${shown} -> ${answer.status} (${now() - started} ms)`);
    const endpoint = `${route.method} ${route.path}`;
    if (answer.status >= 300 && answer.status < 400) {
      answer.body.destroy();
      throw redirectError(answer.status, header(answer.headers, 'location'));
    }
    if (answer.status >= 400 || answer.status < 200) {
      const text = await readText(answer.body, MAX_STREAM_PROBLEM_BYTES);
      if (text === undefined) throw tooLarge(name, endpoint, MAX_STREAM_PROBLEM_BYTES);
      throw problemError(answer.status, parseProblem(answer.status, text, answer.headers), answer.headers, now());
    }
    return { route, endpoint, answer };
  }

  async function upload<N extends RouteName>(
    name: N,
    input: RouteCallInput<Routes[N]>,
    body: { stream: Readable; length: number },
    uploadOptions: { signal?: AbortSignal } = {},
  ): Promise<RouteOutput<Routes[N]>> {
    const { route, endpoint, answer } = await streamed(name, input as object, body, uploadOptions.signal);
    const text = await readText(answer.body, maxAnswerBytes);
    if (text === undefined) throw tooLarge(name, endpoint, maxAnswerBytes);
    return parseSuccess(route, name, endpoint, answer.status, text, true) as RouteOutput<Routes[N]>;
  }

  async function download<N extends RouteName>(
    name: N,
    input: RouteCallInput<Routes[N]>,
    downloadOptions: { signal?: AbortSignal } = {},
  ): Promise<{ headers: IncomingHttpHeaders; body: Readable }> {
    const { answer } = await streamed(name, input as object, undefined, downloadOptions.signal);
    return { headers: answer.headers, body: answer.body };
  }

  return {
    baseUrl: url.href.replace(/\/$/, ''),
    call,
    send,
    paginate,
    upload,
    download,
    async close() {
      const current = pool;
      pool = undefined;
      await current?.close();
    },
    async destroy() {
      const current = pool;
      pool = undefined;
      await current?.destroy();
    },
  };
}

function queryString(query: object | undefined, redact = false): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.append(key, redact && PRIVATE_QUERY.has(key) ? '…' : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A single attempt's 2xx body, checked by the route's schema; else an error no retry cures. */
function sendSuccess(
  route: RouteDef,
  name: string,
  status: number,
  text: string,
  jitless: boolean,
  options: SendOptions,
): unknown {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const parsed =
    json !== undefined && (options.plausible?.(json) ?? true) ? checkAnswer(route.response, json, jitless) : undefined;
  if (parsed?.ok) return parsed.data;
  const what = options.expected ? `not ${options.expected}` : 'not what portalctl expects';
  throw new UnexpectedAnswerError(
    `the portal's answer to ${name} (${route.method} ${route.path}) is ${what}${json === undefined ? ` (HTTP ${status} with no body)` : ''}`,
  );
}

/** The problem details of an answer, if it carries them. */
function problemOf(text: string): Problem | undefined {
  try {
    const parsed = ProblemSchema().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseSuccess(
  route: RouteDef,
  name: string,
  endpoint: string,
  status: number,
  text: string,
  jitless: boolean,
): unknown {
  if (route.status === 204) return undefined;
  if (status === 204 || text === '') throw versionMismatch(name, endpoint, `HTTP ${status} with no body`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw versionMismatch(name, endpoint, 'the body is not JSON');
  }
  const parsed = checkAnswer(route.response, json, jitless);
  if (!parsed.ok) throw versionMismatch(name, endpoint, parsed.problem);
  return parsed.data;
}

/**
 * An answer checked against its schema: the data, or the first thing wrong. A list is checked
 * item by item, stopping at the first wrong one: zod gathers every issue of every item, and a
 * long page of wrong items overflows the stack while it does.
 */
export function checkAnswer(
  schema: z.ZodType,
  json: unknown,
  jitless = false,
): { ok: true; data: unknown } | { ok: false; problem: string } {
  const failure = (error: z.ZodError, prefix: PropertyKey[] = []) => {
    const issue = error.issues[0];
    const path = [...prefix, ...(issue?.path ?? [])];
    return {
      ok: false as const,
      problem: `${path.length ? path.join('.') : '(body)'}: ${issue?.message ?? 'unexpected shape'}`,
    };
  };
  const list = schema instanceof z.ZodObject ? schema.shape.data : undefined;
  const items = (json as { data?: unknown } | null | undefined)?.data;
  if (list instanceof z.ZodArray && Array.isArray(items)) {
    const envelope = schema.safeParse({ ...(json as object), data: [] }, { jitless });
    if (!envelope.success) return failure(envelope.error);
    const data: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = (list.element as z.ZodType).safeParse(items[i], { jitless });
      if (!item.success) return failure(item.error, ['data', i]);
      data.push(item.data);
    }
    return { ok: true, data: { ...(envelope.data as object), data } };
  }
  const parsed = schema.safeParse(json, { jitless });
  return parsed.success ? { ok: true, data: parsed.data } : failure(parsed.error);
}

export function versionMismatch(name: string, endpoint: string, what: string): CliError {
  return new CliError('server', `the portal's answer to ${name} (${endpoint}) is not what portalctl expects: ${what}`, {
    hint: `the portal and portalctl (${VERSION}) versions may differ; upgrade portalctl, or report it with --debug output`,
  });
}

function tooLarge(name: string, endpoint: string, limit: number): CliError {
  return new CliError(
    'server',
    `the portal's answer to ${name} (${endpoint}) is larger than ${Math.round(limit / 1024 / 1024)} MiB; portalctl stopped reading it`,
    { hint: 'the portal, or a proxy in front of it, is misbehaving; rerun with --debug and report it' },
  );
}

/**
 * A signal for one attempt: the caller's, and the call's deadline. `timedOut()` says whether the
 * deadline is what ended it.
 */
function deadlineSignal(ms: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort(new Error('the call timed out'));
    },
    Math.max(0, ms),
  );
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) onAbort();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

function parseProblem(status: number, text: string, headers: Record<string, string | string[] | undefined>): Problem {
  try {
    const parsed = ProblemSchema().safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: a proxy or load balancer answered; fall through to a generic problem
  }
  return genericProblem(status, header(headers, 'content-type'));
}

/** The problem of an answer that carries none (a proxy's or load balancer's page). */
export function genericProblem(status: number, contentType: string | undefined): Problem {
  const code =
    status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : 'internal';
  return {
    type: 'about:blank',
    title: `HTTP ${status}`,
    status,
    code: status === 429 ? 'rate-limited' : status === 503 ? 'unavailable' : code,
    detail: `the portal answered HTTP ${status} (${contentType ?? 'no content type'})`,
  };
}

/** portalctl follows no redirect: the token must not leave the portal named. */
export function redirectError(status: number, location: string | undefined): CliError {
  return new CliError(
    'network',
    `the portal answered with a redirect (HTTP ${status}) to ${location ?? '(no location)'}`,
    {
      status,
      hint: 'portalctl does not follow redirects, so your token never leaves the portal you named; use the final URL with --url',
    },
  );
}

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'validation',
  401: 'auth',
  403: 'forbidden',
  404: 'not-found',
  405: 'usage',
  409: 'conflict',
  413: 'validation',
  415: 'validation',
  422: 'validation',
  429: 'rate-limit',
};

export function kindForStatus(status: number): ErrorKind {
  return KIND_BY_STATUS[status] ?? (status >= 500 ? 'server' : 'validation');
}

/** Problem details -> a typed error with a message and a hint. The problem stays on the error. */
export function problemError(
  status: number,
  problem: Problem,
  headers: Record<string, string | string[] | undefined> = {},
  nowMs = Date.now(),
): CliError {
  const kind = kindForStatus(status);
  const detail = problem.detail ?? problem.title;
  let message = detail;
  let hint = problem.hint;
  switch (kind) {
    case 'auth':
      // The portal cannot know which command fixes this; portalctl can.
      if (problem.code === 'token-revoked' || problem.code === 'token-expired') {
        message = 'the token was revoked or has expired; run portalctl login';
        hint = 'ask a portal administrator for a new API token (or set PORTALCTL_TOKEN to one)';
      } else {
        message = `not authenticated: ${detail}`;
        hint = 'run portalctl login (or set PORTALCTL_TOKEN) with a valid API token';
      }
      break;
    case 'forbidden':
      if (problem.missingPermission) message = `your token lacks the \`${problem.missingPermission}\` permission`;
      if (problem.missingPermission && problem.detail && !problem.detail.includes(problem.missingPermission)) {
        message += ` (${problem.detail})`;
      }
      hint ??= 'ask a portal administrator for that permission, or use another profile (--profile NAME)';
      break;
    case 'rate-limit': {
      const wait = parseRetryAfter(headers['retry-after'], nowMs);
      message = `the portal is rate limiting requests: ${detail}`;
      hint ??= wait === undefined ? 'wait a moment and retry' : `retry after ${Math.ceil(wait / 1000)} s`;
      break;
    }
    case 'server':
      message = `the portal failed (HTTP ${status}): ${detail}`;
      hint ??= 'try again later; rerun with --debug to see each attempt';
      break;
    case 'validation':
    case 'conflict':
      if (problem.errors?.length && !problem.detail) message = `${problem.title}:`;
      break;
  }
  return new CliError(kind, message, { problem, status, ...(hint ? { hint } : {}) });
}

/** "30 s", "1.5 s", "200 ms" */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** `deadlineAttempts`: the call's deadline ended it, after that many attempts. */
function networkError(error: unknown, url: URL, timeoutMs: number, deadlineAttempts?: number): CliError {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  const timedOut = deadlineAttempts !== undefined || /TIMEOUT|TIMEDOUT/i.test(code);
  const detail =
    code || cause || (deadlineAttempts !== undefined ? 'timeout' : error instanceof Error ? error.name : 'error');
  const tries = deadlineAttempts && deadlineAttempts > 1 ? `, ${deadlineAttempts} attempts` : '';
  const message = timedOut
    ? `the portal at ${url.host} did not answer within ${formatDuration(timeoutMs)} (${detail}${tries})`
    : `cannot reach the portal at ${url.host} (${detail})`;
  return new CliError('network', message, {
    hint: timedOut
      ? 'retry, or raise --timeout; rerun with --debug to see each attempt'
      : 'check the URL (--url, PORTALCTL_URL or the profile) and that the portal is running',
    cause: error,
  });
}
