// openapi.json stands on its own: every operation, schema, property and parameter is described,
// every schema, request body and success answer has an example, and the examples hold against
// their schemas. What a generated client needs from the shapes is checked too: the rules a client
// can check itself are schemas, answers stay open to new fields, requests stay strict.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { measure } from '../../../scripts/openapi-coverage.js';
import { OPENAPI } from '../../helpers/openapi-answers.js';
import { expectOk, expectProblem, newClient, portal } from '../domain/support.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;
const doc = OPENAPI as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json> };
};

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');
const pointer = (...parts: string[]) =>
  `openapi.json#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

function check(schemaPointer: string, value: unknown): string[] {
  const validate = ajv.getSchema(schemaPointer);
  if (!validate) return [`no schema at ${schemaPointer}`];
  return validate(value) ? [] : [`${schemaPointer}: ${ajv.errorsText(validate.errors)}`];
}

/** Every node of the document with its path, to look for leftovers. */
function* nodes(node: unknown, path: string[] = []): Generator<[string[], Json]> {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) yield [path, node as Json];
  for (const [key, value] of Object.entries(node)) yield* nodes(value, [...path, key]);
}

describe('openapi.json describes everything', () => {
  it('operations, schemas, properties and parameters have descriptions; schemas, bodies and answers have examples', () => {
    const coverage = measure(doc);
    for (const [name, count] of Object.entries(coverage)) {
      expect({ name, missing: count.missing }).toEqual({ name, missing: [] });
      expect(count.total).toBeGreaterThan(0);
    }
    expect(coverage.operationDescriptions.total).toBeGreaterThanOrEqual(43);
    expect(coverage.propertyDescriptions.total).toBeGreaterThan(300);
  });

  it('the measure finds what is missing', () => {
    const bare = measure({
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'q', in: 'query' }],
            responses: { 200: { content: { 'application/json': {} } } },
          },
        },
      },
      components: { schemas: { X: { type: 'object', properties: { a: { type: 'string' } } } } },
    });
    expect(bare.operationDescriptions.missing).toEqual(['GET /x']);
    expect(bare.parameterDescriptions.missing).toEqual(['GET /x query q']);
    expect(bare.propertyDescriptions.missing).toEqual(['X.a']);
    expect(bare.schemaExamples.missing).toEqual(['X']);
    expect(bare.responseExamples.missing).toEqual(['GET /x 200']);
  });

  it('every example matches its schema', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const example of (schema.examples ?? []) as unknown[]) {
        problems.push(...check(pointer('components', 'schemas', name), example));
        checked++;
      }
    }
    const media = (where: string[], content: Record<string, Json>) => {
      for (const [type, entry] of Object.entries(content)) {
        if ('example' in entry) {
          problems.push(...check(pointer(...where, type, 'schema'), entry.example));
          checked++;
        }
        for (const [key, named] of Object.entries((entry.examples ?? {}) as Record<string, { value: unknown }>)) {
          problems.push(...check(pointer(...where, type, 'schema'), named.value));
          if ((named.value as { code?: string }).code !== key) problems.push(`${where.join('/')}: example ${key}`);
          checked++;
        }
      }
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
        if (body) media(['paths', path, method, 'requestBody', 'content'], body);
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
          if (response.content) {
            media(['paths', path, method, 'responses', status, 'content'], response.content as Record<string, Json>);
          }
        }
        for (const [index, param] of ((op.parameters ?? []) as Json[]).entries()) {
          for (const example of ((param.schema as Json).examples ?? []) as unknown[]) {
            problems.push(...check(pointer('paths', path, method, 'parameters', String(index), 'schema'), example));
            checked++;
          }
        }
      }
    }
    for (const [name, response] of Object.entries(doc.components.responses)) {
      media(['components', 'responses', name, 'content'], response.content as Record<string, Json>);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});

describe('the shapes, as a generated client reads them', () => {
  it('has no zod leftovers: no ±2^53-1 bounds, no regex beside a date, date-time or email format', () => {
    const leftovers: string[] = [];
    for (const [path, node] of nodes(doc)) {
      if (node.minimum === -Number.MAX_SAFE_INTEGER || node.maximum === Number.MAX_SAFE_INTEGER) {
        leftovers.push(`${path.join('/')}: integer bounds`);
      }
      if (['date', 'date-time', 'email'].includes(String(node.format)) && node.pattern) {
        leftovers.push(`${path.join('/')}: pattern beside format ${node.format}`);
      }
      if ('example' in node && path.at(-2) !== 'content' && !path.includes('content')) {
        leftovers.push(`${path.join('/')}: example in a schema (3.1 uses examples)`);
      }
    }
    expect(leftovers).toEqual([]);
    expect(doc.components.schemas.Client?.properties).toMatchObject({
      createdAt: { type: 'string', format: 'date-time' },
    });
  });

  it('answers may gain fields (no closed objects), requests stay strict', () => {
    const closed: string[] = [];
    const seen = new Set<string>();
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Json;
      if (typeof schema.$ref === 'string') {
        if (seen.has(schema.$ref)) return;
        seen.add(schema.$ref);
        const name = schema.$ref.split('/').pop()!;
        walk(doc.components.schemas[name], name);
        return;
      }
      if (schema.additionalProperties === false) closed.push(where);
      for (const value of Object.values(schema)) walk(value, where);
    };
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const response of Object.values(op.responses as Record<string, Json>)) {
          for (const entry of Object.values((response.content ?? {}) as Record<string, Json>))
            walk(entry.schema, 'answer');
        }
      }
    }
    expect(closed).toEqual([]);
    expect(seen.has('#/components/schemas/Problem')).toBe(true);
    const problemCode = (doc.components.schemas.Problem!.properties as Record<string, Json>).code;
    expect(problemCode).not.toHaveProperty('enum');
    expect(problemCode?.description).toContain('open set');
    for (const name of ['ClientCreateManual', 'ClientUpdate', 'NoteCreate', 'PortalUserInvite', 'CamsLink']) {
      expect(doc.components.schemas[name]).toMatchObject({ additionalProperties: false });
    }
  });

  it('ClientCreate says which fields each form requires: a client generated from it refuses {}', () => {
    const create = pointer('components', 'schemas', 'ClientCreate');
    expect(check(create, {})).not.toEqual([]);
    expect(check(create, { firstName: 'Amara', lastName: 'Nwosu' })).not.toEqual([]);
    expect(check(create, { firstName: 'Amara', lastName: 'Nwosu', email: 'amara@example.org' })).toEqual([]);
    expect(check(create, { link: { camsClientReferenceNumber: '140031676' } })).toEqual([]);
    expect(check(create, { link: { caNumber: 'CA-3005002' } })).toEqual([]);
    expect(check(create, { link: { camsClientReferenceNumber: '140031676', caNumber: 'CA-3005002' } })).not.toEqual([]);
    expect(check(create, { firstName: 'A', lastName: 'B', email: 'not an email' })).not.toEqual([]);
  });

  it('the portal agrees with ClientCreate: {} is refused naming the fields, a link alone is enough', async () => {
    const p = portal();
    const refused = expectProblem(await p.post('/v1/clients', {}, 'clients'), 422, 'validation');
    expect(refused.errors.map((e: { path: string }) => e.path)).toEqual(['firstName', 'lastName', 'email']);
    const linked = expectOk(
      await p.post('/v1/clients', { link: { caNumber: 'CA-3005002' }, sendInvite: false }, 'clients'),
      201,
    );
    expect(linked.link).toMatchObject({ type: 'ca', caNumber: 'CA-3005002' });
    expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
  });

  it('parameters are typed: archived is a boolean, path ids carry their pattern, emails their format', () => {
    const params = (path: string, method: string) =>
      Object.fromEntries(((doc.paths[path]?.[method]?.parameters ?? []) as Json[]).map((p) => [p.name, p]));
    expect(params('/v1/clients', 'get').archived?.schema).toEqual({ type: 'boolean' });
    expect(params('/v1/clients/{id}', 'get').id?.schema).toMatchObject({ pattern: '^cl_[0-9a-z]{6,40}$' });
    expect(params('/v1/clients/{id}/staff/{staffId}', 'delete').staffId?.schema).toMatchObject({
      pattern: '^st_[0-9a-z]{6,40}$',
    });
    expect(params('/v1/shared-links/{id}', 'get').id?.schema).toMatchObject({ pattern: '^ln_[0-9a-z]{6,40}$' });
    const manual = doc.components.schemas.ClientCreateManual?.properties as Record<string, Json>;
    expect(manual.email).toMatchObject({ format: 'email' });
    const link = doc.components.schemas.SharedLink?.properties as Record<string, Json>;
    expect(link.url).toMatchObject({ format: 'uri' });
  });

  it('the resend body is optional; headers are documented where they are sent', () => {
    const resend = doc.paths['/v1/clients/{id}/invitations']?.post as Json & { requestBody: Json };
    expect(resend.requestBody.required).toBe(false);
    const create = (doc.paths['/v1/clients']!.post!.responses as Record<string, Json>)['201'] as Json;
    expect(Object.keys(create.headers as Json)).toEqual(
      expect.arrayContaining(['Idempotent-Replayed', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
    );
    const batch = (doc.paths['/v1/clients/batch']!.post!.responses as Record<string, Json>)['200'] as Json;
    expect(Object.keys(batch.headers as Json)).toContain('Preference-Applied');
    const { responses } = doc.components;
    expect(Object.keys(responses.Unauthenticated?.headers as Json)).toContain('WWW-Authenticate');
    expect(Object.keys(responses.TooManyRequests?.headers as Json)).toContain('Retry-After');
    expect(Object.keys(responses.MethodNotAllowed?.headers as Json)).toContain('Allow');
    expect(doc.paths['/healthz']?.get).toMatchObject({ security: [] });
    expect(doc.info).toMatchObject({ license: { identifier: 'MIT' }, contact: { name: expect.any(String) } });
  });
});
