// The shape of one API route, declared once and used by the server (validation, handlers,
// OpenAPI) and by the CLI (typed calls, response checking).
import { globalRegistry, type z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A staff permission. `administrator` implies every other one and sees every provider. */
export type Permission = 'administrator' | 'clients' | 'sp-admin' | 'sp-group-admin' | 'portal-users';

export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  /** Stable operation id, e.g. `createClient`. */
  name: string;
  method: HttpMethod;
  /** Express-style path under /v1, e.g. `/v1/clients/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** Permissions required (all of them); `administrator` always passes. Empty: any valid token. */
  permissions: Permission[];
  /** POSTs that create or send: accept and honour `Idempotency-Key`. */
  idempotent?: boolean;
  /**
   * Honours `Prefer: return=minimal` (RFC 7240): the answer leaves out what the caller already
   * sent, and says so with `Preference-Applied: return=minimal`.
   */
  returnMinimal?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status (200 unless stated) and body schema. `null` response: 204. */
  status?: 200 | 201 | 202 | 204;
  response: R;
}

export function defineRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
>(def: RouteDef<P, Q, B, R>): RouteDef<P, Q, B, R> {
  return def;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
type In<T> = T extends z.ZodType ? z.input<T> : undefined;

/** What a handler receives on the server: parsed, validated input. */
export type RouteInput<R> =
  R extends RouteDef<infer P, infer Q, infer B, z.ZodType> ? { params: Out<P>; query: Out<Q>; body: Out<B> } : never;

/** What the CLI passes when calling a route (pre-parse input types). */
export type RouteCallInput<R> =
  R extends RouteDef<infer P, infer Q, infer B, z.ZodType> ? { params?: In<P>; query?: In<Q>; body?: In<B> } : never;

export type RouteOutput<R> = R extends RouteDef<z.ZodType, z.ZodType, z.ZodType, infer Res> ? z.output<Res> : never;

/** Fills `:name` segments of a route path. */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined || value === null || value === '') throw new Error(`missing path parameter ${key}`);
    return encodeURIComponent(String(value));
  });
}

/** A route's fixed parts: everything but its schemas. */
export type RouteInfo = Omit<RouteDef, 'params' | 'query' | 'body' | 'response'>;

/** A route's schemas, each built by its own function. */
interface RouteSchemas {
  params?: () => z.ZodType;
  query?: () => z.ZodType;
  body?: () => z.ZodType;
  response: () => z.ZodType;
}
type SchemaOf<S, K extends keyof RouteSchemas> = S extends { [key in K]: () => infer T extends z.ZodType }
  ? T
  : z.ZodType;

/**
 * A route whose schemas are each built on first read, once: the CLI, which reads a route's
 * response schema, builds only that, and a command builds the schemas of the routes it calls, not
 * those of the whole contract (a few ms of start-up for every command). It reads as the RouteDef
 * defineRoute gives: absent schemas are absent, and a built one is a plain property.
 */
export function lazyRoute<S extends RouteSchemas>(
  info: RouteInfo,
  schemas: S,
): RouteDef<SchemaOf<S, 'params'>, SchemaOf<S, 'query'>, SchemaOf<S, 'body'>, ReturnType<S['response']>> {
  const route = { ...info } as Record<string, unknown>;
  for (const [key, build] of Object.entries(schemas) as [string, () => z.ZodType][]) {
    Object.defineProperty(route, key, {
      configurable: true,
      enumerable: true,
      get() {
        const value = build();
        Object.defineProperty(route, key, { configurable: true, enumerable: true, writable: true, value });
        return value;
      },
    });
  }
  return route as unknown as RouteDef<
    SchemaOf<S, 'params'>,
    SchemaOf<S, 'query'>,
    SchemaOf<S, 'body'>,
    ReturnType<S['response']>
  >;
}

/**
 * A schema built on first use, once. The value is the schema: parse, `.shape`, `.extend()`,
 * `.meta()`, `instanceof`, a place inside other schemas and JSON Schema generation all work as
 * with the schema `build` returns. A command that parses one resource builds that resource's
 * schemas, not the whole contract's (~10 ms of start-up).
 *
 * How: the value is a proxy over an empty object. Its first use builds the schema, gives the
 * object the schema's class, and runs the schema's zod constructor on the proxy with the same
 * definition, as zod's own clone() does for a new object; the built schema's parent and metadata
 * (`.meta({ id })`) move over, and the built object is dropped. So everything zod keeps about the
 * schema (its parser, its JSON Schema processor, its metadata) belongs to the value that other
 * schemas hold. test/unit/lazy-schema.test.ts checks it against the eager schema.
 */
export function lazySchema<T extends z.ZodType>(build: () => T): T {
  const target = {} as T;
  let state: 'new' | 'building' | 'built' = 'new';
  const ready = (): T => {
    if (state === 'built') return target;
    if (state === 'building')
      throw new Error('a lazySchema was read while it was built (use z.lazy for a recursive schema)');
    state = 'building';
    const schema = build();
    state = 'built';
    const internals = schema._zod as unknown as {
      def: unknown;
      parent?: z.ZodType;
      constr: (this: unknown, def: unknown) => void;
    };
    Object.setPrototypeOf(target, Object.getPrototypeOf(schema));
    internals.constr.call(proxy, internals.def);
    if (internals.parent) (proxy._zod as { parent?: z.ZodType }).parent = internals.parent;
    const meta = globalRegistry._map.get(schema);
    if (meta !== undefined) {
      globalRegistry.remove(schema);
      globalRegistry.add(proxy, meta);
    }
    return target;
  };
  const proxy: T = new Proxy<T>(target, {
    get: (_, key) => Reflect.get(ready(), key, proxy),
    set: (_, key, value) => Reflect.set(ready(), key, value, proxy),
    has: (_, key) => Reflect.has(ready(), key),
    ownKeys: () => Reflect.ownKeys(ready()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(ready(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(ready(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(ready(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(ready()),
  });
  return proxy;
}
