// Generates the OpenAPI 3.1 document from the route table. Never edit openapi.json by hand:
// `npm run openapi` rewrites it, and a test fails when the committed copy is stale.
import * as z from 'zod';
import type { RouteDef } from './define.js';
import { ProblemSchema } from './problems.js';
import { routes } from './routes.js';

type JsonSchema = Record<string, unknown>;

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const retryAfter = (required: boolean) => ({
  required,
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 0 },
});
const rateLimitHeaders = {
  'RateLimit-Limit': { description: 'Requests allowed per second for this token', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current second', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the quota resets', schema: { type: 'integer' } },
};

/** Every error answer of the API: a problem document, named once and referred to by the operations. */
const ERROR_RESPONSES = {
  BadRequest: {
    description: 'The request could not be read: malformed JSON, or a path segment that is not valid URL encoding',
    content: problem,
  },
  Unauthenticated: { description: 'Missing or invalid bearer token', content: problem },
  Forbidden: { description: 'The token lacks a permission (named in missingPermission)', content: problem },
  NotFound: { description: 'Not found (also the answer to a path this API does not have)', content: problem },
  MethodNotAllowed: {
    description: 'The path exists, but not with this method; Allow lists the methods it has',
    headers: { Allow: { required: true, description: 'The methods of this path', schema: { type: 'string' } } },
    content: problem,
  },
  Conflict: {
    description:
      'Conflict with the current state (e.g. email taken, already linked), or the same Idempotency-Key is still being processed (then with Retry-After)',
    headers: { 'Retry-After': retryAfter(false) },
    content: problem,
  },
  PayloadTooLarge: { description: 'The request body is over the size limit (1 MiB by default)', content: problem },
  UnsupportedMediaType: { description: 'The request body is not application/json', content: problem },
  ValidationFailed: {
    description: 'Validation failed (field errors in errors[]), or an Idempotency-Key reused with a different request',
    content: problem,
  },
  TooManyRequests: {
    description: 'Rate limited: wait for Retry-After seconds',
    headers: { 'Retry-After': retryAfter(true), ...rateLimitHeaders },
    content: problem,
  },
  InternalError: { description: 'The portal failed to handle the request', content: problem },
  ServiceUnavailable: {
    description: 'The portal is unavailable for now: retry after Retry-After seconds',
    headers: { 'Retry-After': retryAfter(true) },
    content: problem,
  },
} as const;
type ErrorResponse = keyof typeof ERROR_RESPONSES;

const STATUS: Record<ErrorResponse, string> = {
  BadRequest: '400',
  Unauthenticated: '401',
  Forbidden: '403',
  NotFound: '404',
  MethodNotAllowed: '405',
  Conflict: '409',
  PayloadTooLarge: '413',
  UnsupportedMediaType: '415',
  ValidationFailed: '422',
  TooManyRequests: '429',
  InternalError: '500',
  ServiceUnavailable: '503',
};

/**
 * The error answers one operation can give, from what the platform does with its shape (app.ts):
 * bodies are read for every method but GET, a path parameter can be malformed, only routes with
 * input validate it or can name something in conflict with it, and only routes with permissions
 * check them. Rate limits and failures (--rate-limit, --fail-rate) can answer any operation.
 */
function errorResponses(route: RouteDef): ErrorResponse[] {
  const readsBody = route.method !== 'GET';
  const hasInput = Boolean(route.params || route.query || route.body || route.idempotent);
  const names: (ErrorResponse | false)[] = [
    (readsBody || Boolean(route.params)) && 'BadRequest',
    'Unauthenticated',
    route.permissions.length > 0 && 'Forbidden',
    'NotFound',
    hasInput && 'Conflict',
    readsBody && 'PayloadTooLarge',
    readsBody && 'UnsupportedMediaType',
    hasInput && 'ValidationFailed',
    'TooManyRequests',
    'InternalError',
    'ServiceUnavailable',
  ];
  return names.filter((name): name is ErrorResponse => name !== false);
}

export function buildOpenApi(version: string): JsonSchema {
  const components: Record<string, JsonSchema> = {};

  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    // Named schemas (`.meta({ id })`) land in $defs; hoist them into the document's components.
    const json = JSON.parse(
      JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const { $defs, $schema: _drop, ...rest } = json;
    for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= def;
    return rest;
  };

  // The Problem schema has an id, so converting it only hoists it into components.
  convert(ProblemSchema, 'output');

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of Object.values(routes) as RouteDef[]) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: prop,
        });
      }
    }
    const status = String(route.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: {
        description: route.summary,
        content: { 'application/json': { schema: convert(route.response, 'output') } },
      },
    };
    for (const name of errorResponses(route)) responses[STATUS[name]] = { $ref: `#/components/responses/${name}` };
    if (route.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Repeats within 24 h replay the first answer; the same key with a different body is 422, while the first is still running 409.',
        schema: { type: 'string', minLength: 8, maxLength: 200 },
      });
    }
    if (route.returnMinimal) {
      parameters.push({
        name: 'Prefer',
        in: 'header',
        required: false,
        description:
          '`return=minimal` leaves the created objects out of the answer (ids and statuses only); the answer then has `Preference-Applied: return=minimal`.',
        schema: { type: 'string', example: 'return=minimal' },
      });
    }
    const operation: Record<string, unknown> = {
      operationId: route.name,
      summary: route.summary,
      tags: [route.tag],
      security: [{ bearer: [] }],
      'x-permissions': route.permissions,
      parameters,
      responses,
    };
    if (route.body) {
      const bodyJson = convert(route.body, 'input');
      operation.requestBody = {
        required: !route.body.safeParse(undefined).success,
        content: { 'application/json': { schema: bodyJson } },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Jobs Portal API',
      version,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'The API portalctl administers: clients, invitations, CaMS links, Common Assessment imports and external portal users. Errors are RFC 9457 problem details (`application/problem+json`, components.schemas.Problem); lists are cursor-paginated. Besides the answers listed per operation, a path under /v1 that the API does not have answers 404 (components.responses.NotFound), and a path it has with a method it does not answers 405 with Allow (components.responses.MethodNotAllowed), after the checks every request goes through (token, rate limit).',
    },
    servers: [{ url: 'http://127.0.0.1:4010', description: 'The local portal (portalctl server)' }],
    paths,
    components: {
      schemas: components,
      responses: ERROR_RESPONSES,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
