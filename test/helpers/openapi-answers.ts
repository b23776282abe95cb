// Checks an answer of the server against the committed openapi.json: the status is documented for
// the operation (or is the document's 404 / 405 for a path or method the API does not have), the
// media type is the documented one, the body validates against the documented schema (Ajv, JSON
// Schema 2020-12, as OpenAPI 3.1 says) and documented required headers are there and valid.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './portal.js';

// ajv-formats is CommonJS: its function is the default export or the module itself, by loader.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;
interface ResponseObject {
  description: string;
  headers?: Record<string, { required?: boolean; schema?: Json; $ref?: string }>;
  content?: Record<string, { schema?: Json; examples?: Record<string, unknown> }>;
  $ref?: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** The body as sent (empty for none). */
  text: string;
}

const DOC_ID = 'openapi.json';
export const OPENAPI: Json = JSON.parse(readFileSync(path.join(ROOT, 'openapi.json'), 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(OPENAPI, DOC_ID);

const pointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const paths = OPENAPI.paths as Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
// Like the server's router: a path with fewer parameters wins (/v1/clients/duplicates over
// /v1/clients/{id}), and a parameter may be empty (/v1/clients//archive is archiveClient, id '').
const templates = Object.keys(paths)
  .map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]*')}$`),
    params: (template.match(/\{/g) ?? []).length,
  }))
  .sort((a, b) => a.params - b.params);

function resolve(pointer: string): unknown {
  let node: unknown = OPENAPI;
  for (const part of pointer.replace(/^#\//, '').split('/')) {
    node = (node as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

/** The operation's documented response for this answer, and where it is in the document. */
function documented(method: string, url: string, status: number): { pointer: string; where: string } | string {
  const pathname = url.split('?', 1)[0] ?? '';
  const matching = templates.filter((t) => t.regex.test(pathname));
  const lower = method.toLowerCase();
  const match = matching.find((t) => paths[t.template]?.[lower]);
  if (!match) {
    // No such operation: the document's answer for an unknown path or a method a path does not
    // have, after the checks every /v1 request goes through (token, rate limit, fault knobs).
    const byStatus: Record<number, string> = {
      [matching.length > 0 ? 405 : 404]: matching.length > 0 ? 'MethodNotAllowed' : 'NotFound',
      401: 'Unauthenticated',
      429: 'TooManyRequests',
      500: 'InternalError',
      503: 'ServiceUnavailable',
    };
    const name = byStatus[status];
    if (!name) return `${method} ${pathname} is no operation of the document, and ${status} is not its answer`;
    return { pointer: `#/components/responses/${name}`, where: `${method} ${pathname} (components.responses.${name})` };
  }
  const responses = paths[match.template]![lower]!.responses;
  if (!responses[String(status)]) {
    return `${status} is not documented for ${method} ${match.template} (documented: ${Object.keys(responses).join(', ')})`;
  }
  return {
    pointer: `#/paths/${pointerToken(match.template)}/${lower}/responses/${status}`,
    where: `${method} ${match.template} ${status}`,
  };
}

/** What is wrong with this answer according to the document; empty when it conforms. */
export function answerProblems(method: string, url: string, answer: Answer): string[] {
  if (!METHODS.includes(method.toLowerCase())) return [`unknown method ${method}`];
  const found = documented(method, url, answer.status);
  if (typeof found === 'string') return [found];
  let { pointer } = found;
  let response = resolve(pointer) as ResponseObject;
  while (response.$ref) {
    pointer = response.$ref;
    response = resolve(pointer) as ResponseObject;
  }
  const problems: string[] = [];
  const header = (name: string) => answer.headers[name.toLowerCase()];

  for (const [name, written] of Object.entries(response.headers ?? {})) {
    // A header described once in components.headers is validated there.
    const spec = written.$ref ? (resolve(written.$ref) as typeof written) : written;
    const at = written.$ref ?? `${pointer}/headers/${pointerToken(name)}`;
    const value = header(name);
    if (value === undefined) {
      if (spec.required) problems.push(`${found.where}: header ${name} is required and missing`);
      continue;
    }
    if (!spec.schema) continue;
    const text = String(value);
    const typed = spec.schema.type === 'integer' && /^-?\d+$/.test(text) ? Number(text) : text;
    const validate = ajv.getSchema(`${DOC_ID}${at}/schema`)!;
    if (!validate(typed)) problems.push(`${found.where}: header ${name}: ${ajv.errorsText(validate.errors)}`);
  }

  const media = String(header('content-type') ?? '')
    .split(';', 1)[0]!
    .trim();
  if (!response.content) {
    if (answer.text !== '') problems.push(`${found.where}: documented without a body, answered ${media}`);
    return problems;
  }
  if (!response.content[media]) {
    problems.push(
      `${found.where}: answered as ${media || 'no content type'}, documented as ${Object.keys(response.content).join(', ')}`,
    );
    return problems;
  }
  // A file's bytes (a download) are checked by their media type alone.
  if (!/[/+]json$/.test(media)) return problems;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...problems, `${found.where}: the body is not JSON`];
  }
  const validate = ajv.getSchema(`${DOC_ID}${pointer}/content/${pointerToken(media)}/schema`)!;
  if (!validate(body)) {
    problems.push(`${found.where}: the body does not match its schema: ${ajv.errorsText(validate.errors)}`);
  }
  // A problem's code is one the document lists for this answer (one example per code).
  const examples = response.content[media]?.examples;
  const code = (body as { code?: unknown } | null)?.code;
  if (media === 'application/problem+json' && examples && !Object.hasOwn(examples, String(code))) {
    problems.push(
      `${found.where}: problem code ${String(code)} is not documented (documented: ${Object.keys(examples).join(', ')})`,
    );
  }
  return problems;
}

/** An answer of Fastify's inject, in the form answerProblems reads. */
export function injected(response: {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}): Answer {
  return { status: response.statusCode, headers: response.headers, text: response.body };
}
