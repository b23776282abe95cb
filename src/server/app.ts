// The local portal's HTTP layer: every route of the contract registered on Fastify, with bearer
// authentication, permission checks, zod validation, idempotency keys, rate limiting, fault knobs
// and RFC 9457 problems. Domain rules live in the handlers passed in; this file knows none of them.
import { readFile } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteDef } from '../contract/define.js';
import { routes } from '../contract/routes.js';
import { IDEMPOTENCY_KEY_LENGTH, isValidIdempotencyKey } from '../contract/schemas.js';
import { VERSION } from '../version.js';
import {
  DEFAULT_SETTINGS,
  type HandlerContext,
  JsonText,
  type PortalSettings,
  type Principal,
  ProblemError,
  type StreamAnswer,
  type StreamContext,
  type StreamHandler,
} from './context.js';
import {
  abandonIdempotent,
  type BeginResult,
  beginIdempotent,
  bodyHash,
  completeIdempotentText,
  lookupIdempotent,
  purgeExpiredIdempotency,
  recordIdempotent,
  releaseOrphanedIdempotency,
} from './idempotency.js';
import {
  type AdminTokenKind,
  type Authenticator,
  createAuthenticator,
  ensureAdminToken,
  forbidden,
  missingPermission,
  unauthenticated,
} from './platform/auth.js';
import { describeError } from './platform/errors.js';
import { createFaults, type FaultOptions } from './platform/faults.js';
import {
  fieldErrors,
  internalProblem,
  JSON_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  problemBody,
  validationProblem,
} from './platform/problems.js';
import { createRateLimiter } from './platform/rate-limit.js';
import { createWriteQueue } from './platform/write-queue.js';
import { testRoutes } from './test-routes.js';

/**
 * A route handler as the platform calls it. Typed handlers (`Handler<typeof routes.createClient>`)
 * are assignable to it.
 */
export type AnyHandler = (ctx: HandlerContext<never>) => unknown;
export type HandlerMap = Partial<Record<string, AnyHandler>>;

export interface AppOptions extends FaultOptions {
  db: DatabaseSync;
  clock?: () => Date;
  /**
   * Public base URL for links the portal hands out (or a function answering it once known, e.g.
   * the address the server listens on); by default derived from the request's Host.
   */
  baseUrl?: string | (() => string | undefined);
  /** Serves the pages the links open and the outbox viewer (src/server/pages); on by default. */
  pages?: boolean;
  /** The API reference page served at /docs (dist/docs/index.html, made by the build). */
  docsFile?: string;
  handlers: HandlerMap;
  testHandlers?: HandlerMap;
  /** Registers the test-only routes (testRoutes). */
  testEndpoints?: boolean;
  /** Makes this token an administrator token of the portal's administrator (see ensureAdminToken). */
  adminToken?: string;
  /** 'server' (default): replaces the previous start's token; 'session': one command's local portal. */
  adminTokenKind?: AdminTokenKind;
  /** Requests per second per token; off when absent or 0. */
  rateLimit?: number;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** How the latency knob waits (tests inject their own). */
  sleep?: (ms: number) => Promise<unknown>;
  /** Called after each group commit (the server's background checkpointer counts them). */
  afterCommit?: () => void;
  /** Where 5xx errors are logged (default: the process's stderr). Never receives personal data. */
  logError?: (line: string) => void;
  /** Guardrails on messages and access removal (default: a 10-minute resend cooldown, reasons optional). */
  settings?: Partial<PortalSettings>;
}

/** What a request is answered: a JSON body or a problem, already serialised. */
interface Outcome {
  status: number;
  text: string;
  problem: boolean;
  headers?: Record<string, string>;
}

/** A handler's answer as JSON text: serialised here, unless the handler wrote the text itself. */
function serialise(output: unknown): string {
  return output instanceof JsonText ? output.text : JSON.stringify(output);
}

/** An Idempotency-Key seen before: replay, mismatch or still running. */
type KnownKey = Exclude<BeginResult, { kind: 'miss' }>;

/** RFC 7240: does a Prefer header (one or several, comma-separated preferences) ask for return=minimal? */
export function prefersMinimal(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const values = Array.isArray(header) ? header : [header];
  return values.some((value) =>
    value.split(',').some((preference) => /^return\s*=\s*"?minimal"?$/i.test(preference.split(';')[0]!.trim())),
  );
}

/** The problem for an error Fastify's router raises before a route is found. */
function frameworkProblem(code: string | undefined): ProblemError {
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new ProblemError(
      414,
      'uri-too-long',
      'URI too long',
      'A path segment is longer than 100 characters; no id of this API is that long.',
      { hint: 'Check the id in the path.' },
    );
  }
  if (code === 'FST_ERR_BAD_URL') {
    return new ProblemError(400, 'validation', 'Bad request', 'The path is not valid: it has a malformed %-escape.', {
      hint: 'Percent-encode the path as UTF-8 (e.g. encodeURIComponent).',
    });
  }
  return internalProblem();
}

/** The problem for a request Node's HTTP parser refuses (it never reaches Fastify). */
function clientErrorProblem(code: string | undefined): ProblemError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new ProblemError(
      431,
      'headers-too-large',
      'Request header fields too large',
      'The request headers are larger than this portal accepts.',
    );
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new ProblemError(408, 'validation', 'Request timeout', 'The request was not received in time.');
  }
  return new ProblemError(400, 'validation', 'Bad request', 'The request is not valid HTTP.');
}

/** A whole HTTP/1.1 answer carrying a problem, for a socket no reply object exists for. */
function rawProblemResponse(error: ProblemError): string {
  const body = JSON.stringify(problemBody(error));
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

// An ES import of node:http has Node read all its exports, and one of them loads Node's bundled
// undici (~40 ms): the builtin comes from process.getBuiltinModule instead.
const { STATUS_CODES } = process.getBuiltinModule('node:http');

/**
 * Requests and answers are checked with the contract's zod schemas, never Fastify JSON schemas:
 * this stands in for Fastify's own compilers (Ajv, fast-json-stringify), which would only cost
 * start-up time to load, and names the mistake if a route ever declares one.
 */
const noJsonSchemas = () => () => {
  throw new Error('routes of the portal validate with zod (src/contract/routes.ts), not Fastify JSON schemas');
};

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const PURGE_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function createApp(options: AppOptions): FastifyInstance {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const logError = options.logError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const faults = createFaults(options);
  const sleep = options.sleep ?? delay;
  const rateLimit = options.rateLimit ?? 0;
  if (!Number.isInteger(rateLimit) || rateLimit < 0)
    throw new RangeError('rateLimit must be a whole number, 0 or more');
  const limiter = rateLimit > 0 ? createRateLimiter(rateLimit) : null;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const settings: PortalSettings = { ...DEFAULT_SETTINGS, ...options.settings };

  if (options.adminToken) ensureAdminToken(db, options.adminToken, clock(), options.adminTokenKind);
  // Keys left 'running' by a server that crashed would answer 409 for a minute: release them now.
  releaseOrphanedIdempotency(db);
  const authenticate: Authenticator = createAuthenticator(db, { clock });
  let lastPurgeMs = 0;

  // Errors Fastify and Node answer before any route runs (a malformed or over-long path, headers
  // too large, a request that is not HTTP) are problem details too, never their own JSON shape.
  const app = Fastify({
    logger: false,
    bodyLimit,
    schemaController: { compilersFactory: { buildValidator: noJsonSchemas, buildSerializer: noJsonSchemas } },
    frameworkErrors: (error, _request, reply) => {
      sendProblem(reply, frameworkProblem((error as { code?: string }).code));
    },
    clientErrorHandler: (error, socket) => {
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(rawProblemResponse(clientErrorProblem((error as { code?: string }).code)));
      socket.destroy(error);
    },
  });
  app.decorateRequest('principal', null);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new ProblemError(400, 'validation', 'Malformed JSON', 'The request body is not valid JSON.'), undefined);
    }
  });

  // A file route (RouteDef.stream 'upload') reads its body as a stream of bytes, whatever its
  // type; any other route takes JSON only.
  app.addContentTypeParser('*', (request, payload, done) => {
    if ((request.routeOptions.config as { stream?: string } | undefined)?.stream === 'upload') done(null, payload);
    else
      done(new ProblemError(415, 'validation', 'Unsupported media type', 'Send request bodies as application/json.'));
  });

  // Once closing, answers ask the client to close its connection: a keep-alive connection whose
  // request was in flight would otherwise hold the server open until its idle timeout.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  const sendProblem = (reply: FastifyReply, error: ProblemError): FastifyReply =>
    (closing ? reply.header('Connection', 'close') : reply)
      .headers(error.headers)
      .code(error.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemBody(error)));

  const dropConnection = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  };

  const logInternal = (where: string, error: unknown) =>
    logError(`portalctl server: 500 in ${where}: ${describeError(error)}`);

  /**
   * Runs before the body is read: rate limit, simulated failures, token and permission. A request
   * refused here never has its body parsed.
   */
  const gate = (route: RouteDef | null, request: FastifyRequest, reply: FastifyReply): boolean => {
    const authorization = request.headers.authorization;
    if (limiter) {
      const decision = limiter(authorization ?? `ip:${request.ip}`, clock().getTime());
      reply.header('RateLimit-Limit', decision.limit);
      reply.header('RateLimit-Remaining', decision.remaining);
      reply.header('RateLimit-Reset', decision.resetSeconds);
      if (!decision.allowed) {
        reply.header('Retry-After', decision.resetSeconds);
        sendProblem(
          reply,
          new ProblemError(
            429,
            'rate-limited',
            'Too many requests',
            `This portal allows ${rateLimit} requests per second per token.`,
            {
              hint: 'Wait for the number of seconds in Retry-After, then retry.',
            },
          ),
        );
        return false;
      }
    }
    if (faults.enabled) {
      if (faults.reset()) {
        dropConnection(request, reply);
        return false;
      }
      const status = faults.fail();
      if (status === 503) {
        reply.header('Retry-After', 1);
        sendProblem(
          reply,
          new ProblemError(503, 'unavailable', 'Service unavailable', 'Simulated outage (--fail-rate).'),
        );
        return false;
      }
      if (status === 500) {
        sendProblem(
          reply,
          new ProblemError(500, 'internal', 'Internal server error', 'Simulated failure (--fail-rate).'),
        );
        return false;
      }
    }
    const authentication = authenticate(authorization);
    if ('refused' in authentication) {
      const { problem, challenge } = unauthenticated(authentication.refused);
      reply.header('WWW-Authenticate', challenge);
      sendProblem(reply, problem);
      return false;
    }
    const { principal } = authentication;
    if (route) {
      const missing = missingPermission(principal, route.permissions);
      if (missing) {
        sendProblem(reply, forbidden(missing));
        return false;
      }
    }
    request.principal = principal;
    return true;
  };

  const writeQueue = createWriteQueue(db, options.afterCommit);
  const baseUrlFor = (host: string | undefined): string =>
    (typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl) ?? `http://${host ?? '127.0.0.1'}`;

  const refusal = (routeName: string, error: unknown): Outcome => {
    const refused = error instanceof ProblemError ? error : internalProblem();
    if (!(error instanceof ProblemError) || error.status >= 500) logInternal(routeName, error);
    return {
      status: refused.status,
      text: JSON.stringify(problemBody(refused)),
      problem: true,
      headers: refused.headers,
    };
  };

  const answer = (reply: FastifyReply, outcome: Outcome): FastifyReply => {
    if (closing) reply.header('Connection', 'close');
    if (outcome.status === 204) return reply.code(204).send();
    if (outcome.headers) reply.headers(outcome.headers);
    return reply
      .code(outcome.status)
      .type(outcome.problem ? PROBLEM_CONTENT_TYPE : JSON_CONTENT_TYPE)
      .send(outcome.text);
  };

  /** The answer when an Idempotency-Key was seen before: its stored answer, or why not. */
  const answerBegun = (reply: FastifyReply, begun: KnownKey): FastifyReply => {
    if (begun.kind === 'replay') {
      reply.header('Idempotent-Replayed', 'true');
      return answer(reply, { status: begun.status, text: begun.body, problem: begun.status >= 400 });
    }
    if (begun.kind === 'mismatch') {
      return sendProblem(
        reply,
        new ProblemError(
          422,
          'idempotency-key-reused',
          'Idempotency key reused',
          'This Idempotency-Key was already used for a different request (another body, method or path).',
          { hint: 'Use a fresh Idempotency-Key for each distinct request.' },
        ),
      );
    }
    reply.header('Retry-After', 1);
    return sendProblem(
      reply,
      new ProblemError(
        409,
        'idempotency-key-in-flight',
        'Request in progress',
        'A request with this Idempotency-Key is still being processed.',
        { hint: 'Retry after a moment to receive its answer.' },
      ),
    );
  };

  /** A file route: its handler reads or writes the bytes as a stream, and commits as it goes. */
  const registerStream = (route: RouteDef, handler: AnyHandler | undefined) => {
    app.route({
      method: route.method,
      url: route.path,
      config: { stream: route.stream },
      onRequest: (request, reply, done) => {
        if (gate(route, request, reply)) done();
      },
      handler: async (request, reply) => {
        const errors: ReturnType<typeof fieldErrors> = [];
        let onlyUnknown = true;
        const parse = (schema: z.ZodType | undefined, value: unknown, where: string): unknown => {
          if (!schema) return {};
          const result = schema.safeParse(value);
          if (result.success) return result.data;
          if (result.error.issues.some((issue) => issue.code !== 'unrecognized_keys')) onlyUnknown = false;
          errors.push(...fieldErrors(result.error.issues, where));
          return undefined;
        };
        const params = parse(route.params, request.params, 'path');
        const query = parse(route.query, request.query, 'query');
        const body = request.body;
        const unread = route.stream === 'upload' && body instanceof Readable && !body.readableEnded;
        // A refusal before the body is read closes the connection: the rest is not waited for.
        const refuse = (error: ProblemError) =>
          sendProblem(unread ? reply.header('Connection', 'close') : reply, error);
        if (errors.length > 0) return refuse(validationProblem(errors, onlyUnknown));
        if (route.stream === 'upload' && body !== undefined && !(body instanceof Readable)) {
          return refuse(
            new ProblemError(
              415,
              'validation',
              'Unsupported media type',
              "Send the file's bytes as application/octet-stream.",
            ),
          );
        }
        if (!handler) {
          return refuse(
            new ProblemError(501, 'internal', 'Not implemented', `This portal does not implement ${route.name} yet.`),
          );
        }
        const length = Number(request.headers['content-length']);
        const ctx: StreamContext = {
          db,
          clock,
          principal: request.principal!,
          input: { params, query, body: undefined } as StreamContext['input'],
          baseUrl: baseUrlFor(request.headers.host),
          ip: request.ip,
          returnMinimal: false,
          settings,
          body: body instanceof Readable ? body : undefined,
          contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
          write: (fn) => writeQueue(fn),
        };
        let answered: StreamAnswer;
        try {
          answered = await (handler as unknown as StreamHandler)(ctx);
        } catch (error) {
          const refused = error instanceof ProblemError ? error : internalProblem();
          if (!(error instanceof ProblemError) || error.status >= 500) logInternal(route.name, error);
          const stillUnread = route.stream === 'upload' && body instanceof Readable && !body.readableEnded;
          return sendProblem(stillUnread ? reply.header('Connection', 'close') : reply, refused);
        }
        if (closing) reply.header('Connection', 'close');
        if ('file' in answered) return reply.code(200).headers(answered.file.headers).send(answered.file.stream);
        return reply
          .code(route.status ?? 200)
          .type(JSON_CONTENT_TYPE)
          .send(JSON.stringify(answered.json));
      },
    });
  };

  const register = (route: RouteDef, handler: AnyHandler | undefined) => {
    if (route.stream) {
      registerStream(route, handler);
      return;
    }
    const mutating = route.method !== 'GET';
    const successStatus = route.status ?? 200;
    app.route({
      method: route.method,
      url: route.path,
      onRequest: (request, reply, done) => {
        if (gate(route, request, reply)) done();
      },
      handler: async (request, reply) => {
        const principal = request.principal!;

        // Validation: params, query and body against the route's schemas.
        const errors: ReturnType<typeof fieldErrors> = [];
        let onlyUnknown = true;
        const parse = (schema: z.ZodType | undefined, value: unknown, where: string): unknown => {
          if (!schema) return undefined;
          const result = schema.safeParse(value);
          if (result.success) return result.data;
          if (result.error.issues.some((issue) => issue.code !== 'unrecognized_keys')) onlyUnknown = false;
          errors.push(...fieldErrors(result.error.issues, where));
          return undefined;
        };
        const params = route.params ? parse(route.params, request.params, 'path') : {};
        const query = route.query ? parse(route.query, request.query, 'query') : {};
        const body = parse(route.body, request.body, 'body');

        let key: string | null = null;
        if (route.idempotent) {
          const header = request.headers['idempotency-key'];
          if (header !== undefined) {
            if (typeof header !== 'string' || !isValidIdempotencyKey(header)) {
              onlyUnknown = false;
              errors.push({
                path: 'Idempotency-Key',
                message: `must be one header of ${IDEMPOTENCY_KEY_LENGTH.min} to ${IDEMPOTENCY_KEY_LENGTH.max} characters`,
              });
            } else key = header;
          }
        }
        if (errors.length > 0) return sendProblem(reply, validationProblem(errors, onlyUnknown));

        if (!handler) {
          return sendProblem(
            reply,
            new ProblemError(501, 'internal', 'Not implemented', `This portal does not implement ${route.name} yet.`),
          );
        }

        const ctx: HandlerContext = {
          db,
          clock,
          principal,
          input: { params, query, body } as HandlerContext['input'],
          baseUrl: baseUrlFor(request.headers.host),
          ip: request.ip,
          returnMinimal: route.returnMinimal === true && prefersMinimal(request.headers.prefer),
          settings,
        };
        if (ctx.returnMinimal) reply.header('preference-applied', 'return=minimal');

        if (!mutating) {
          if (faults.latencyMs > 0) await sleep(faults.latencyMs);
          let outcome: Outcome;
          try {
            const output = handler(ctx as HandlerContext<never>);
            outcome = {
              status: successStatus,
              text: successStatus === 204 ? '' : serialise(output),
              problem: false,
            };
          } catch (error) {
            outcome = refusal(route.name, error);
          }
          return answer(reply, outcome);
        }

        const staffId = principal.staffId;
        const hash = key === null ? '' : bodyHash(request.body);
        // With a latency knob the request waits between claiming its key and running, so the claim
        // is committed first (a repeat meanwhile gets 409). Without one, claim, handler and answer
        // commit together: nothing can observe the key half-way.
        let claimed = false;
        const seen = { method: route.method, path: request.url, hash, now: clock() };
        const settle = (status: number, text: string) => {
          if (key === null) return;
          if (claimed) completeIdempotentText(db, staffId, key, status, text);
          else recordIdempotent(db, staffId, key, seen, status, text);
        };
        if (key !== null && faults.latencyMs > 0) {
          const begun = beginIdempotent(db, staffId, key, route.method, request.url, hash, seen.now);
          if (begun.kind !== 'miss') return answerBegun(reply, begun);
          claimed = true;
        }
        if (faults.latencyMs > 0) await sleep(faults.latencyMs);

        let result: Outcome | KnownKey;
        try {
          result = await writeQueue(
            (): Outcome | KnownKey => {
              if (key !== null && !claimed) {
                if (seen.now.getTime() - lastPurgeMs >= PURGE_INTERVAL_MS) {
                  lastPurgeMs = seen.now.getTime();
                  purgeExpiredIdempotency(db, seen.now);
                }
                const known = lookupIdempotent(db, staffId, key, route.method, request.url, hash, seen.now);
                if (known.kind !== 'miss') return known;
              }
              const output = handler(ctx as HandlerContext<never>);
              const text = successStatus === 204 ? '' : serialise(output);
              if (key !== null) settle(successStatus, text);
              return { status: successStatus, text, problem: false };
            },
            (error): Outcome => {
              // The handler's writes are rolled back. A refusal is an answer all the same, stored
              // under the key like a success; anything else is a 5xx and releases the key.
              if (!(error instanceof ProblemError) || error.status >= 500) throw error;
              const text = JSON.stringify(problemBody(error));
              if (key !== null) settle(error.status, text);
              return { status: error.status, text, problem: true, headers: error.headers };
            },
          );
        } catch (error) {
          // A 5xx: the job was rolled back (with its claim); a claim committed earlier is released.
          if (claimed && key !== null) abandonIdempotent(db, staffId, key);
          result = refusal(route.name, error);
        }
        if ('kind' in result) return answerBegun(reply, result);

        if (faults.dropAfterCommit()) return dropConnection(request, reply);
        return answer(reply, result);
      },
    });
  };

  for (const route of Object.values(routes) as RouteDef[]) register(route, options.handlers[route.name]);
  if (options.testEndpoints) {
    for (const route of Object.values(testRoutes) as RouteDef[]) register(route, options.testHandlers?.[route.name]);
  }

  // Outside /v1: the API document and a health check, no token, no faults.
  let openApiText: string | null = null;
  app.get('/openapi.json', async (_request, reply) => {
    // Loaded on first request: most starts of the portal (a command's built-in one) never serve it.
    openApiText ??= JSON.stringify((await import('../contract/openapi.js')).buildOpenApi(VERSION));
    return reply.type(JSON_CONTENT_TYPE).send(openApiText);
  });
  app.get('/healthz', (_request, reply) => reply.type(JSON_CONTENT_TYPE).send('{"ok":true}'));
  if (options.docsFile) {
    const docsFile = options.docsFile;
    let docsHtml: Promise<string> | null = null;
    app.get('/docs', async (_request, reply) => {
      docsHtml ??= readFile(docsFile, 'utf8');
      const html = await docsHtml.catch(() => null);
      if (html === null) {
        docsHtml = null;
        return sendProblem(
          reply,
          new ProblemError(404, 'not-found', 'Not found', 'The API reference page was not built: run `npm run build`.'),
        );
      }
      // A static page made from openapi.json: its scripts and styles are inline, and it loads nothing else.
      return reply
        .header(
          'Content-Security-Policy',
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; font-src data:; connect-src 'self'; worker-src blob:; frame-ancestors 'none'; base-uri 'none'",
        )
        .header('Referrer-Policy', 'no-referrer')
        .header('X-Content-Type-Options', 'nosniff')
        .type('text/html; charset=utf-8')
        .send(html);
    });
  }
  if (options.pages !== false) {
    // Loaded only when served: with its plugins (helmet, cookies, CSRF, forms) it is a large part of start-up.
    const pageOptions = { db, clock, writeQueue, authenticate, baseUrl: baseUrlFor, logError };
    app.register(async (instance) => (await import('./pages/index.js')).pages(instance, pageOptions));
  }

  // Route patterns, to tell "no such path" (404) from "path exists, not with this method" (405);
  // a parameter may be empty, as the router has it (/v1/clients//archive is archiveClient's path).
  const patterns = [...Object.values(routes), ...(options.testEndpoints ? Object.values(testRoutes) : [])].map(
    (route: RouteDef) => ({
      method: route.method,
      regex: new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, '[^/]*')}$`),
    }),
  );

  const answerUnknown = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (path === '/v1' || path.startsWith('/v1/')) {
      if (!gate(null, request, reply)) return reply;
      const allowed = patterns.filter((p) => p.regex.test(path)).map((p) => p.method);
      if (allowed.length > 0) {
        reply.header('Allow', [...new Set(allowed)].join(', '));
        return sendProblem(
          reply,
          new ProblemError(
            405,
            'method-not-allowed',
            'Method not allowed',
            `${request.method} is not allowed on ${path}.`,
          ),
        );
      }
    }
    return sendProblem(reply, new ProblemError(404, 'not-found', 'Not found', `There is no ${path} in this API.`));
  };
  // Answered before the body is read, as a refused request is: a wrong path or method is 401, 404
  // or 405 whatever body it carries (malformed, too large, not JSON).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.is404) answerUnknown(request, reply);
    else done();
  });
  app.setNotFoundHandler(answerUnknown);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ProblemError) return sendProblem(reply, error);
    const fastifyError = error as { code?: string; statusCode?: number };
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(
        reply,
        new ProblemError(
          413,
          'payload-too-large',
          'Request body too large',
          `Request bodies are limited to ${bodyLimit} bytes.`,
        ),
      );
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(
        reply,
        new ProblemError(415, 'validation', 'Unsupported media type', 'Send request bodies as application/json.'),
      );
    }
    const status = fastifyError.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendProblem(
        reply,
        new ProblemError(status, 'validation', 'Bad request', 'The request could not be read.'),
      );
    }
    logInternal(`${request.method} ${request.routeOptions.url ?? 'unknown route'}`, error);
    return sendProblem(reply, internalProblem());
  });

  return app;
}
