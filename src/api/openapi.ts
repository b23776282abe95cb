// Generates the OpenAPI 3.1 document from the route table. Never edit openapi.json by hand:
// `npm run openapi` rewrites it, and a test fails when the committed copy is stale.
import { z } from 'zod';
import type { RouteDef } from './define.js';
import { ProblemSchema } from './problems.js';
import { routes } from './routes.js';

type JsonSchema = Record<string, unknown>;

const ERROR_RESPONSES: Record<string, string> = {
  '401': 'Missing or invalid bearer token',
  '403': 'The token lacks a permission (named in missingPermission)',
  '404': 'Not found',
  '409': 'Conflict with the current state (e.g. email taken, already linked)',
  '422': 'Validation failed (field errors in errors[])',
  '429': 'Rate limited (see Retry-After and RateLimit-* headers)',
};

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

  components.Problem = convert(ProblemSchema, 'output');

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
    for (const [code, description] of Object.entries(ERROR_RESPONSES)) {
      responses[code] = {
        description,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
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
      description:
        'The API portalctl administers: clients, invitations, CaMS links, Common Assessment imports and external portal users. Errors are RFC 9457 problem details; lists are cursor-paginated.',
    },
    servers: [{ url: 'http://127.0.0.1:4010', description: 'The local portal (portalctl server)' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
