// The shape of one API route, declared once and used by the server (validation, handlers,
// OpenAPI) and by the CLI (typed calls, response checking).
import type { z } from 'zod';

/** Builds a schema on first use and keeps it: every schema of the contract is declared so, none is built at load. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

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
  /** POSTs that create or send, and the client PATCH: accept and honour `Idempotency-Key`. */
  idempotent?: boolean;
  /**
   * Honours `Prefer: return=minimal` (RFC 7240): the answer leaves out what the caller already
   * sent, and says so with `Preference-Applied: return=minimal`.
   */
  returnMinimal?: boolean;
  /**
   * The body is a file, not JSON: 'upload' takes the request body as a stream of bytes (any
   * content type; the handler checks the content), 'download' answers with the file's bytes
   * (`response` then describes the file, sent in headers).
   */
  stream?: 'upload' | 'download';
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
 * A route whose schemas are each built on first read, once, so that a command builds only those of
 * the routes it calls. It reads as a RouteDef: a built schema is a plain property.
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
