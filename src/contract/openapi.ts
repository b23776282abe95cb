// Generates the OpenAPI 3.1 document from the route table, and the text of reference.ts (what each
// operation does, its refusals, examples). Never edit openapi.json by hand: `npm run openapi`
// rewrites it, and a test fails when the committed copy is stale.
import * as z from 'zod';
import type { RouteDef } from './define.js';
import { PROBLEM_CODES, type ProblemCode, ProblemSchema, problemType } from './problems.js';
import {
  COMMON_PROPERTIES,
  type DomainStatus,
  OPERATION_TEXT,
  PARAMETER_TEXT,
  PATH_ID_PREFIX,
  PROBLEM_TEXT,
  RESPONSE_SCHEMA_NAMES,
  SCHEMA_TEXT,
} from './reference.js';
import { type RouteName, routes } from './routes.js';
import { FILE_MEDIA_TYPES } from './schemas.js';

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Headers of the answers, described once. */
const HEADERS = {
  'RateLimit-Limit': {
    description: 'Requests allowed per second for this token (sent when the portal runs with a rate limit).',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current second (sent when the portal runs with a rate limit).',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the quota resets (sent when the portal runs with a rate limit).',
    schema: { type: 'integer', minimum: 0 },
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
  'Idempotent-Replayed': {
    description:
      '`true` when this is the stored answer to an earlier request with the same Idempotency-Key (nothing was done again).',
    schema: { type: 'string', enum: ['true'] },
  },
  'Preference-Applied': {
    description: '`return=minimal` when the answer honours `Prefer: return=minimal`.',
    schema: { type: 'string', enum: ['return=minimal'] },
  },
  Allow: { description: 'The methods this path has, e.g. `GET, POST`.', schema: { type: 'string' } },
  'WWW-Authenticate': {
    description: 'The bearer challenge (RFC 6750), with `error="invalid_token"` when a token was sent but refused.',
    schema: { type: 'string' },
  },
};
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': headerRef('RateLimit-Limit'),
  'RateLimit-Remaining': headerRef('RateLimit-Remaining'),
  'RateLimit-Reset': headerRef('RateLimit-Reset'),
};

type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/** What each error status means, and the codes the platform answers with it for any operation. */
const STATUS_TEXT: Record<ErrorStatus, { name: string; description: string; codes: ProblemCode[] }> = {
  400: {
    name: 'BadRequest',
    description: 'The request could not be read: malformed JSON, or a path that is not valid URL encoding.',
    codes: ['validation'],
  },
  401: {
    name: 'Unauthenticated',
    description: 'No bearer token, or one that is not valid, revoked or expired.',
    codes: ['unauthenticated', 'token-revoked', 'token-expired'],
  },
  403: {
    name: 'Forbidden',
    description: 'The token lacks a permission (named in `missingPermission`).',
    codes: ['forbidden'],
  },
  404: {
    name: 'NotFound',
    description: 'Not found (also the answer to a path this API does not have).',
    codes: ['not-found'],
  },
  405: {
    name: 'MethodNotAllowed',
    description: 'The path exists, but not with this method; `Allow` lists the methods it has.',
    codes: ['method-not-allowed'],
  },
  409: { name: 'Conflict', description: 'Conflict with the current state.', codes: [] },
  413: {
    name: 'PayloadTooLarge',
    description: 'The request body is over the size limit (1 MiB by default).',
    codes: ['payload-too-large'],
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The request body is not `application/json`.',
    codes: ['validation'],
  },
  422: {
    name: 'ValidationFailed',
    description: 'The request is not valid: field errors in `errors[]`.',
    codes: ['validation', 'unknown-fields'],
  },
  429: {
    name: 'TooManyRequests',
    description: 'Rate limited: wait for Retry-After seconds.',
    codes: ['rate-limited'],
  },
  500: { name: 'InternalError', description: 'The portal failed to handle the request.', codes: ['internal'] },
  503: {
    name: 'ServiceUnavailable',
    description: 'The portal is unavailable for now: retry after Retry-After seconds.',
    codes: ['unavailable'],
  },
};

/** The same for every operation that can answer them: described once, in components.responses. */
const SHARED_STATUSES: ErrorStatus[] = [400, 401, 405, 413, 415, 429, 500, 503];

function problemExample(code: ProblemCode, status: number): JsonSchema {
  const text = PROBLEM_TEXT[code];
  const example: JsonSchema = { type: problemType(code), title: text.title, status, detail: text.detail, code };
  if (code === 'forbidden') example.missingPermission = 'clients';
  if (code === 'validation' && status === 422)
    example.errors = [{ path: 'email', message: 'must be an email address like name@example.org' }];
  if (code === 'unknown-fields') example.errors = [{ path: 'colour', message: 'is not a known field of the body' }];
  if (code === 'email-taken' || code === 'cams-already-linked' || code === 'ca-already-imported') {
    example.existingClientId = code === 'ca-already-imported' ? 'cl_000002' : 'cl_000001';
  }
  if (code === 'email-taken') example.samePerson = false;
  if (code === 'cams-owned-field')
    example.errors = [{ path: 'phone', message: 'comes from CaMS; update this in CaMS' }];
  return example;
}

function problemContent(codes: readonly ProblemCode[], status: number): JsonSchema {
  const examples: Record<string, unknown> = {};
  for (const code of codes) {
    examples[code] = { summary: PROBLEM_TEXT[code].title, value: problemExample(code, status) };
  }
  return { 'application/problem+json': { schema: ref('Problem'), examples } };
}

function codeList(codes: readonly ProblemCode[]): string {
  return codes.map((code) => `- \`${code}\`: ${PROBLEM_TEXT[code].action}`).join('\n');
}

function errorResponse(
  status: ErrorStatus,
  codes: readonly ProblemCode[],
  extra: { headers?: Record<string, unknown>; lead?: string } = {},
): JsonSchema {
  const lead = extra.lead ?? STATUS_TEXT[status].description;
  return {
    description: `${lead}\n\n${codeList(codes)}`,
    headers: { ...extra.headers, ...RATE_LIMIT_HEADERS },
    content: problemContent(codes, status),
  };
}

/** components.responses: the answers every operation (or an unknown path) gives alike. */
function sharedResponses(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const status of [...SHARED_STATUSES, 404] as ErrorStatus[]) {
    const { name, codes } = STATUS_TEXT[status];
    const headers: Record<string, unknown> = {};
    if (status === 401) headers['WWW-Authenticate'] = { ...HEADERS['WWW-Authenticate'], required: true };
    if (status === 405) headers.Allow = { ...HEADERS.Allow, required: true };
    if (status === 429 || status === 503) headers['Retry-After'] = { ...HEADERS['Retry-After'], required: true };
    out[name] = errorResponse(status, codes, { headers });
  }
  return out;
}

/**
 * The error answers one operation can give: what the platform does with its shape (app.ts) —
 * bodies are read for every method but GET, a path parameter can be malformed, input is validated,
 * permissions are checked, Idempotency-Keys can be in flight or reused — and what its own rules
 * refuse (reference.ts). Rate limits and failures can answer any operation.
 */
function errorStatuses(route: RouteDef): Map<ErrorStatus, ProblemCode[]> {
  const readsBody = route.method !== 'GET';
  const hasInput = Boolean(route.params || route.query || route.body || route.idempotent);
  const refusals = OPERATION_TEXT[route.name as RouteName]?.refusals ?? {};
  const statuses = new Map<ErrorStatus, ProblemCode[]>();
  const add = (status: ErrorStatus, codes: readonly ProblemCode[]) => {
    const known = statuses.get(status) ?? [];
    statuses.set(status, [...known, ...codes.filter((code) => !known.includes(code))]);
  };
  if (readsBody || route.params) add(400, STATUS_TEXT[400].codes);
  add(401, STATUS_TEXT[401].codes);
  if (route.permissions.length > 0) add(403, ['forbidden']);
  for (const [status, codes] of Object.entries(refusals) as [string, ProblemCode[]][]) {
    add(Number(status) as DomainStatus, codes);
  }
  if (route.idempotent) add(409, ['idempotency-key-in-flight']);
  if (readsBody) add(413, STATUS_TEXT[413].codes);
  if (readsBody) add(415, STATUS_TEXT[415].codes);
  if (route.stream === 'upload') add(415, ['unsupported-file-type']);
  if (hasInput) add(422, ['validation', 'unknown-fields']);
  if (route.idempotent) add(422, ['idempotency-key-reused']);
  add(429, STATUS_TEXT[429].codes);
  add(500, STATUS_TEXT[500].codes);
  add(503, STATUS_TEXT[503].codes);
  return new Map([...statuses].sort(([a], [b]) => a - b));
}

// ── Schemas: zod's JSON Schema, tidied ───────────────────────────────────────────────────────

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const FORMATS_WITHOUT_PATTERN = new Set(['date-time', 'date', 'email']);

/**
 * What zod writes that a reader or a generator should not see: its own regexes beside a `format`,
 * integer bounds of ±2^53-1, `example` (deprecated in 3.1), and — in answers — the closing of
 * objects, so that a newer portal may add fields without breaking an older client.
 */
function tidy(node: unknown, io: 'input' | 'output'): void {
  if (Array.isArray(node)) {
    for (const item of node) tidy(item, io);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonSchema;
  if (typeof schema.format === 'string' && FORMATS_WITHOUT_PATTERN.has(schema.format)) delete schema.pattern;
  // `\p{L}` ("has a letter") needs the unicode flag, which linters and generators do not all use:
  // they would read it as the letters "p{L}". The descriptions say the rule.
  if (typeof schema.pattern === 'string' && schema.pattern.includes('\\p{')) delete schema.pattern;
  if (schema.minimum === -MAX_SAFE) delete schema.minimum;
  if (schema.maximum === MAX_SAFE) delete schema.maximum;
  if ('example' in schema && !('examples' in schema)) {
    schema.examples = [schema.example];
    delete schema.example;
  }
  if (io === 'output' && schema.additionalProperties === false) delete schema.additionalProperties;
  for (const value of Object.values(schema)) tidy(value, io);
  // Two regexes are written as allOf: [{pattern}, {pattern}]; one left (or none) folds back in.
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as JsonSchema[]).filter((part) => Object.keys(part).length > 0);
    if (parts.length === 1 && schema.pattern === undefined) Object.assign(schema, parts[0]);
    if (parts.length <= 1) delete schema.allOf;
    else schema.allOf = parts;
  }
}

/** Formats of answers' fields, by `Schema.path`: the portal writes them, so they hold. */
const OUTPUT_FORMATS: Record<string, string> = {
  'Problem.type': 'uri',
  'Problem.instance': 'uri-reference',
  'InviteState.link': 'uri',
  'InviteResult.link': 'uri',
  'SharedLink.url': 'uri',
  'OutboxMessage.link': 'uri',
  'OutboxMessageDetail.link': 'uri',
};

/** Property descriptions (and formats) from reference.ts, walking a schema by dotted path. */
function describeProperties(name: string, schema: JsonSchema, path = ''): void {
  const own = SCHEMA_TEXT[name]?.properties ?? {};
  const visit = (node: unknown, prefix: string) => {
    if (!node || typeof node !== 'object') return;
    const s = node as JsonSchema;
    for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
      const dotted = prefix + key;
      const text = own[dotted] ?? COMMON_PROPERTIES[dotted] ?? (prefix ? undefined : COMMON_PROPERTIES[key]);
      if (text && !prop.description) prop.description = text;
      const format = OUTPUT_FORMATS[`${name}.${dotted}`];
      if (format) {
        const target = Array.isArray(prop.anyOf) ? (prop.anyOf as JsonSchema[]).find((v) => v.type === 'string') : prop;
        if (target) target.format = format;
      }
      visit(prop, `${dotted}.`);
    }
    if (s.items) visit(s.items, prefix);
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      if (Array.isArray(s[key])) for (const variant of s[key] as unknown[]) visit(variant, prefix);
    }
  };
  visit(schema, path);
}

/**
 * ClientCreate as the three forms the portal accepts (the rule "names and email are required
 * unless a link supplies them", as schemas), so that a generated client refuses `{}`. The portal
 * checks the same rule after parsing (422 naming the missing fields).
 */
function clientCreateForms(components: Record<string, JsonSchema>): void {
  const base = components.ClientCreate as JsonSchema & { properties: Record<string, JsonSchema> };
  const { link, ...fields } = base.properties;
  const [cams, ca] = ((link?.anyOf ?? []) as JsonSchema[]).map((variant) => ({
    ...variant,
    description:
      (variant.required as string[])[0] === 'caNumber'
        ? 'Import from this submitted Common Assessment (by CA number).'
        : 'Link to this CaMS client (by Client Reference Number).',
  }));
  const form = (name: string, properties: Record<string, JsonSchema>, required: string[]) => {
    components[name] = {
      type: 'object',
      description: SCHEMA_TEXT[name]?.description,
      properties,
      required,
      additionalProperties: false,
    };
  };
  form('ClientCreateManual', fields, ['firstName', 'lastName', 'email']);
  form('ClientCreateFromCams', { ...fields, link: cams! }, ['link']);
  form('ClientCreateFromAssessment', { ...fields, link: ca! }, ['link']);
  components.ClientCreate = {
    description: SCHEMA_TEXT.ClientCreate?.description,
    // anyOf, though the forms exclude each other (by `link`): linters cannot see that through `link`.
    anyOf: [ref('ClientCreateManual'), ref('ClientCreateFromCams'), ref('ClientCreateFromAssessment')],
  };
}

/** A response schema that is a page or a list of a named schema becomes a named schema too. */
function nameCollection(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  const items = (props?.data?.items as JsonSchema | undefined)?.$ref;
  if (schema.type !== 'object' || typeof items !== 'string') return schema;
  const item = items.replace('#/components/schemas/', '');
  const paged = Boolean(props?.nextCursor);
  const name = `${item}${paged ? 'Page' : 'List'}`;
  components[name] ??= {
    ...schema,
    description: paged
      ? `A page of ${item} items: follow \`nextCursor\` until it is null.`
      : `Every ${item} item (no paging).`,
  };
  return ref(name);
}

function collectionExample(name: string): unknown {
  const match = /^(.+?)(Page|List)$/.exec(name);
  const item = match ? SCHEMA_TEXT[match[1]!]?.example : undefined;
  if (!match || item === undefined) return undefined;
  return match[2] === 'Page' ? { data: [item], nextCursor: 'Y2xfMDAwMDAy' } : { data: [item] };
}

function permissionText(route: RouteDef): string {
  if (route.permissions.length === 0) return 'Any valid token.';
  const names = route.permissions.map((p) => `\`${p}\``).join(' and ');
  if (route.permissions.includes('administrator')) return 'Needs the `administrator` permission.';
  return `Needs the ${names} permission${route.permissions.length > 1 ? 's' : ''} (or \`administrator\`).`;
}

const TAGS = [
  { name: 'identity', description: 'The caller, service providers and staff.' },
  {
    name: 'clients',
    description:
      'Jobseekers of a service provider: adding (with the duplicate check), editing, archiving, caseworkers, referrals, tasks, case notes, representatives.',
  },
  {
    name: 'files',
    description: "A client's documents (PDF and Word): list, upload and download, as bytes, checked by their content.",
  },
  { name: 'invitations', description: 'The portal invitation of a client: send, resend, decline.' },
  {
    name: 'cams',
    description: 'CaMS (the provincial case-management system) and Common Assessments: look-ups and links.',
  },
  {
    name: 'portal-users',
    description: 'Client portals, their external users and the shared links that give them access.',
  },
  { name: 'outbox', description: 'Messages the portal sent (the local portal keeps them instead of mailing them).' },
  { name: 'audit', description: 'The audit log of every change.' },
  { name: 'meta', description: 'The portal itself: health.' },
];

function problemCodesTable(): string {
  return PROBLEM_CODES.map(
    (code) => `| \`${code}\` | ${PROBLEM_TEXT[code].title} | ${PROBLEM_TEXT[code].action} |`,
  ).join('\n');
}

const INFO_DESCRIPTION = `The API of the Jobs Portal, which employment service providers use to onboard and support jobseekers ("clients"), linked to CaMS (the provincial case-management system) and to Common Assessments, and to share client portals with external users. portalctl administers the portal through it; \`portalctl server\` runs a local portal that implements it.

## Conventions
- JSON over HTTPS (plain HTTP only on loopback), under \`/v1\`. Every call is made as one staff member, by bearer token (\`Authorization: Bearer <token>\`).
- **Permissions**: \`clients\` (add, view, edit, invite, link clients), \`sp-admin\` (set caseworkers), \`sp-group-admin\` (set a client's service provider, refer), \`portal-users\` (external users and their links), \`administrator\` (everything, every provider). Each operation says what it needs; a 403 names the missing permission.
- Staff see only their own service provider's records: another provider's client is not found (404), everywhere.
- **Lists** are cursor-paginated: pass the previous page's \`nextCursor\` as \`cursor\` until it is null.
- **Idempotency**: every POST that creates or sends accepts an \`Idempotency-Key\`; a repeat within 24 h replays the first answer (\`Idempotent-Replayed: true\`).
- **Rate limits** answer 429 with \`Retry-After\`; \`RateLimit-*\` headers show the quota.
- Every change is written to the audit log (who, what, when).
- **Compatibility**: answers may gain fields and problem codes in later versions; clients must ignore fields they do not know. Request bodies are strict: an unknown field is refused (422 \`unknown-fields\`).

## Errors
Errors are RFC 9457 problem details (\`application/problem+json\`, schema Problem). Act on \`status\` and \`code\`; each operation lists the codes it answers, with what to do. Besides those, a path under /v1 that the API does not have answers 404, and a path it has with a method it does not answers 405 with \`Allow\`, after the checks every request goes through (token, rate limit).

| code | title | what to do |
| --- | --- | --- |
${problemCodesTable()}
`;

/** The answer of a download: the file's bytes, as its media type, with its size and digest. */
function fileResponse(description: string, headers: Record<string, unknown>): JsonSchema {
  return {
    description,
    headers: {
      ...headers,
      'Content-Length': {
        required: true,
        description: "The file's size in bytes.",
        schema: { type: 'integer', minimum: 0 },
      },
      'Content-Disposition': {
        required: true,
        description: "`attachment`, with the file's name (RFC 6266).",
        schema: { type: 'string' },
      },
      'Repr-Digest': {
        required: true,
        description: 'RFC 9530: the SHA-256 of the bytes, base64 between colons.',
        schema: { type: 'string', pattern: '^sha-256=:[A-Za-z0-9+/]+=*:$' },
      },
    },
    content: Object.fromEntries(
      Object.values(FILE_MEDIA_TYPES).map((type) => [
        type,
        {
          schema: { type: 'string', contentMediaType: type },
          example: type === 'application/pdf' ? '%PDF-1.7 … %%EOF' : '…',
        },
      ]),
    ),
  };
}

export function buildOpenApi(version: string): JsonSchema {
  const components: Record<string, JsonSchema> = {};

  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    // Named schemas (`.meta({ id })`) land in $defs; hoist them into the document's components.
    const json = JSON.parse(
      JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    tidy(json, io);
    const { $defs, $schema: _drop, ...rest } = json;
    for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= def;
    return rest;
  };

  // The Problem schema has an id, so converting it only hoists it into components.
  convert(ProblemSchema(), 'output');

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of Object.values(routes) as RouteDef[]) {
    const text = OPERATION_TEXT[route.name as RouteName];
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: JsonSchema[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        const { description: own, ...propSchema } = prop;
        let paramSchema: JsonSchema = propSchema;
        // A "true"/"false" query value is a boolean to a client: `?archived=true`.
        if (JSON.stringify(paramSchema.enum) === '["true","false"]') paramSchema = { type: 'boolean' };
        const prefix =
          where === 'path'
            ? (PATH_ID_PREFIX[`${route.path.split('/:')[0]}/:${name}`] ?? PATH_ID_PREFIX[`:${name}`])
            : undefined;
        if (prefix) {
          paramSchema = {
            type: 'string',
            pattern: `^${prefix}_[0-9a-z]{6,40}$`,
            examples: [
              (SCHEMA_TEXT[prefixSchema[prefix] ?? '']?.example as { id?: string } | undefined)?.id ??
                `${prefix}_000001`,
            ],
          };
        }
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          description:
            PARAMETER_TEXT[`${route.name}.${name}`] ??
            PARAMETER_TEXT[name] ??
            (typeof own === 'string' ? own : undefined) ??
            (where === 'path' ? PARAMETER_TEXT['path.id'] : undefined),
          schema: paramSchema,
        });
      }
    }
    if (route.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: PARAMETER_TEXT['Idempotency-Key'],
        schema: { type: 'string', minLength: 8, maxLength: 200, examples: ['3f1c2a9e-6b7d-4c1e-9a55-0d2b8e41f7aa'] },
      });
    }
    if (route.returnMinimal) {
      parameters.push({
        name: 'Prefer',
        in: 'header',
        required: false,
        description: PARAMETER_TEXT.Prefer,
        schema: { type: 'string', examples: ['return=minimal'] },
      });
    }

    const status = String(route.status ?? 200);
    let responseSchema = nameCollection(convert(route.response, 'output'), components);
    const responseName = RESPONSE_SCHEMA_NAMES[route.name as RouteName];
    if (responseName && !responseSchema.$ref) {
      components[responseName] ??= { ...responseSchema, description: SCHEMA_TEXT[responseName]?.description };
      responseSchema = ref(responseName);
    }
    const responseRef = String(responseSchema.$ref ?? '').replace('#/components/schemas/', '');
    const example = text?.responseExample ?? SCHEMA_TEXT[responseRef]?.example ?? collectionExample(responseRef);
    const successHeaders: Record<string, unknown> = { ...RATE_LIMIT_HEADERS };
    if (route.idempotent) successHeaders['Idempotent-Replayed'] = headerRef('Idempotent-Replayed');
    if (route.returnMinimal) successHeaders['Preference-Applied'] = headerRef('Preference-Applied');
    const responses: Record<string, unknown> = {
      [status]:
        route.stream === 'download'
          ? fileResponse(route.summary, successHeaders)
          : {
              description: route.summary,
              headers: successHeaders,
              content: {
                'application/json': { schema: responseSchema, ...(example === undefined ? {} : { example }) },
              },
            },
    };
    for (const [errorStatus, codes] of errorStatuses(route)) {
      // Shared, unless the operation adds codes of its own to that status (an upload's 415).
      if (
        SHARED_STATUSES.includes(errorStatus) &&
        codes.every((code) => STATUS_TEXT[errorStatus].codes.includes(code))
      ) {
        responses[String(errorStatus)] = { $ref: `#/components/responses/${STATUS_TEXT[errorStatus].name}` };
        continue;
      }
      const headers: Record<string, unknown> = {};
      if (route.idempotent) headers['Idempotent-Replayed'] = headerRef('Idempotent-Replayed');
      const waits = [
        codes.includes('idempotency-key-in-flight') &&
          'With `idempotency-key-in-flight`: seconds to wait before retrying.',
        codes.includes('resend-cooldown') &&
          'With `resend-cooldown`: seconds until another invitation is accepted without `force`.',
      ].filter((text): text is string => typeof text === 'string');
      if (waits.length > 0) headers['Retry-After'] = { ...HEADERS['Retry-After'], description: waits.join(' ') };
      responses[String(errorStatus)] = errorResponse(errorStatus, codes, { headers });
    }

    const operation: Record<string, unknown> = {
      operationId: route.name,
      summary: route.summary,
      description: `${text?.description ?? ''}\n\n**Permission**: ${permissionText(route)}`.trim(),
      tags: [route.tag],
      security: [{ bearer: [] }],
      'x-permissions': route.permissions,
      parameters,
      responses,
    };
    if (route.stream === 'upload') {
      operation.requestBody = {
        required: true,
        description: "The file's bytes, sent as they are (the portal checks what they are, not the Content-Type).",
        content: {
          'application/octet-stream': {
            schema: { type: 'string', contentMediaType: 'application/octet-stream' },
            example: '%PDF-1.7 … %%EOF',
          },
        },
      };
    }
    if (route.body) {
      const bodyJson = convert(route.body, 'input');
      const bodyRef = String(bodyJson.$ref ?? '').replace('#/components/schemas/', '');
      const bodyExample = text?.requestExample ?? SCHEMA_TEXT[bodyRef]?.example ?? (bodyJson.required ? undefined : {});
      const optional = route.body.safeParse(undefined).success;
      operation.requestBody = {
        required: !optional,
        ...(optional ? { description: 'May be left out: no body is the same as `{}`.' } : {}),
        content: {
          'application/json': { schema: bodyJson, ...(bodyExample === undefined ? {} : { example: bodyExample }) },
        },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }

  clientCreateForms(components);

  // The problem `code` is an open set: a newer portal may add codes (the table above lists today's).
  const problem = components.Problem as { properties: Record<string, JsonSchema> };
  problem.properties.code = { type: 'string', examples: ['email-taken', 'validation'] };
  components.Health = { type: 'object', properties: { ok: { type: 'boolean', const: true } }, required: ['ok'] };

  for (const [name, schema] of Object.entries(components)) {
    const text = SCHEMA_TEXT[name];
    if (text?.description && !schema.description) schema.description = text.description;
    const example = text?.example ?? collectionExample(name);
    if (example !== undefined) schema.examples = [example];
    describeProperties(name, schema);
  }

  paths['/healthz'] = {
    get: {
      operationId: 'getHealth',
      summary: 'Health check',
      description:
        'Answers 200 while the portal is up. Needs no token and is not rate limited; for load balancers and start-up scripts.',
      tags: ['meta'],
      security: [],
      parameters: [],
      responses: {
        '200': {
          description: 'The portal is up',
          content: { 'application/json': { schema: ref('Health'), example: { ok: true } } },
        },
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Jobs Portal API',
      version,
      description: INFO_DESCRIPTION,
      contact: { name: 'Jobs Portal API support', url: 'https://jobs-portal.example/support' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:4010', description: 'The local portal (portalctl server)' }],
    tags: TAGS,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      responses: sharedResponses(),
      // The headers operations refer to; the others are written out where they are sent.
      headers: Object.fromEntries(
        (
          [
            'RateLimit-Limit',
            'RateLimit-Remaining',
            'RateLimit-Reset',
            'Idempotent-Replayed',
            'Preference-Applied',
          ] as const
        ).map((name) => [name, HEADERS[name]]),
      ),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token of a staff member (`portalctl server tokens` makes them for the local portal).',
        },
      },
    },
  };
}

/** The schema whose example gives a path id parameter its example. */
const prefixSchema: Record<string, string> = {
  cl: 'Client',
  st: 'Staff',
  pu: 'PortalUser',
  ln: 'SharedLink',
  ob: 'OutboxMessage',
};
