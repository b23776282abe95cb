// How much of openapi.json stands on its own: descriptions of operations, schemas, properties and
// parameters, examples of schemas, request bodies and success answers, and what is missing.
// `npm run openapi:coverage` prints it; test/server/platform/openapi-coverage.test.ts requires
// everything to be covered.
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

export interface Count {
  total: number;
  done: number;
  missing: string[];
}

export interface Coverage {
  operationDescriptions: Count;
  schemaDescriptions: Count;
  propertyDescriptions: Count;
  parameterDescriptions: Count;
  schemaExamples: Count;
  requestBodyExamples: Count;
  responseExamples: Count;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

function count(): Count {
  return { total: 0, done: 0, missing: [] };
}
function tally(c: Count, ok: boolean, where: string): void {
  c.total++;
  if (ok) c.done++;
  else c.missing.push(where);
}
const described = (node: Json | undefined) => typeof node?.description === 'string' && node.description.trim() !== '';
const exampled = (node: Json | undefined) =>
  node !== undefined &&
  ('example' in node ||
    (Array.isArray(node.examples) && node.examples.length > 0) ||
    (typeof node.examples === 'object' && node.examples !== null && Object.keys(node.examples).length > 0));

/** Every property of a schema, by dotted path, through arrays and variants. */
function properties(schema: Json, prefix: string, out: [string, Json][]): void {
  for (const [key, prop] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    out.push([prefix + key, prop]);
    properties(prop, `${prefix}${key}.`, out);
  }
  if (schema.items && typeof schema.items === 'object') properties(schema.items as Json, prefix, out);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(schema[key])) for (const variant of schema[key] as Json[]) properties(variant, prefix, out);
  }
}

export function measure(doc: Json): Coverage {
  const c: Coverage = {
    operationDescriptions: count(),
    schemaDescriptions: count(),
    propertyDescriptions: count(),
    parameterDescriptions: count(),
    schemaExamples: count(),
    requestBodyExamples: count(),
    responseExamples: count(),
  };
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) {
    tally(c.schemaDescriptions, described(schema), name);
    tally(c.schemaExamples, exampled(schema), name);
    const props: [string, Json][] = [];
    properties(schema, '', props);
    const seen = new Set<string>();
    for (const [path] of props) {
      // A property met twice (in two variants) counts once, described if any of them is.
      const key = `${name}.${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const all = props.filter(([p]) => p === path).map(([, s]) => s);
      tally(c.propertyDescriptions, all.some(described), key);
    }
  }
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      tally(c.operationDescriptions, described(op), where);
      for (const param of (op.parameters ?? []) as Json[]) {
        tally(c.parameterDescriptions, described(param), `${where} ${param.in} ${param.name}`);
      }
      const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      if (body) tally(c.requestBodyExamples, Object.values(body).every(exampled), where);
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
        if (!status.startsWith('2')) continue;
        const content = response.content as Record<string, Json> | undefined;
        if (content) tally(c.responseExamples, Object.values(content).every(exampled), `${where} ${status}`);
      }
    }
  }
  return c;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  const file = process.argv[2] ?? 'openapi.json';
  const coverage = measure(JSON.parse(readFileSync(file, 'utf8')) as Json);
  for (const [name, { total, done, missing }] of Object.entries(coverage)) {
    process.stdout.write(`${name.padEnd(24)} ${String(done).padStart(4)}/${total}\n`);
    if (process.argv.includes('--missing')) for (const m of missing) process.stdout.write(`  missing: ${m}\n`);
  }
}
