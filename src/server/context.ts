// What a route handler gets from the server platform, and how it refuses a request.
import type { DatabaseSync } from 'node:sqlite';
import type { Readable } from 'node:stream';
import type { Permission, RouteDef, RouteInput, RouteOutput } from '../contract/define.js';
import type { FieldError, ProblemCode } from '../contract/problems.js';

export interface Principal {
  staffId: string;
  providerId: string;
  groupId: string;
  permissions: Permission[];
  isAdmin: boolean;
}

export interface HandlerContext<R extends RouteDef = RouteDef> {
  db: DatabaseSync;
  /** Injected time source: tests pass a fixed or stepping clock. */
  clock: () => Date;
  principal: Principal;
  input: RouteInput<R>;
  /** Public base URL of this portal (for invite and shared links), e.g. http://127.0.0.1:4010 */
  baseUrl: string;
  /** The caller's IP, for shared-link usage records. */
  ip: string;
  /** The request said `Prefer: return=minimal` and the route honours it (RouteDef.returnMinimal). */
  returnMinimal: boolean;
  /** The portal's guardrails on actions that email someone or remove access. */
  settings: PortalSettings;
}

/** Guardrails a portal's operator chooses (`portalctl server --resend-cooldown`, `--require-reason`). */
export interface PortalSettings {
  /** A second invitation to the same client within this many milliseconds is refused unless forced; 0: off. */
  resendCooldownMs: number;
  /** Actions that email someone or remove access need a `reason`. */
  requireReason: boolean;
}

export const DEFAULT_RESEND_COOLDOWN_MS = 10 * 60_000;
export const DEFAULT_SETTINGS: PortalSettings = { resendCooldownMs: DEFAULT_RESEND_COOLDOWN_MS, requireReason: false };

/**
 * An answer a domain function serialised itself (SQLite wrote the JSON, see CLIENT_JSON_SQL): the
 * platform sends its text as is. `T` is the shape the text has, as the route's schema says.
 */
export class JsonText<T> {
  declare readonly shape?: T;
  constructor(readonly text: string) {}
}

/** Handlers are synchronous: node:sqlite is synchronous and each one runs inside one transaction. */
export type Handler<R extends RouteDef = RouteDef> = (
  ctx: HandlerContext<R>,
) => RouteOutput<R> | JsonText<RouteOutput<R>>;

/**
 * What a handler of a file route (RouteDef.stream) gets besides: the request body as it arrives,
 * and the server's write queue, since its writes happen as the bytes come, not in one transaction.
 */
export interface StreamContext<R extends RouteDef = RouteDef> extends HandlerContext<R> {
  body: Readable | undefined;
  /** The Content-Length the request announced, if any. */
  contentLength: number | undefined;
  /** Runs `fn` in the server's group commit (platform/write-queue.ts); resolves once durable. */
  write<T>(fn: () => T): Promise<T>;
}

/** A file route's answer: a JSON body (status of the route), or a file's bytes with their headers. */
export type StreamAnswer<R extends RouteDef = RouteDef> =
  | { json: RouteOutput<R> }
  | { file: { stream: Readable; headers: Record<string, string> } };

export type StreamHandler<R extends RouteDef = RouteDef> = (ctx: StreamContext<R>) => Promise<StreamAnswer<R>>;

export interface ProblemExtras {
  errors?: FieldError[];
  missingPermission?: string;
  existingClientId?: string;
  samePerson?: boolean;
  existingFileId?: string;
  lastSentAt?: string;
  retryAt?: string;
  existingCandidateId?: string;
  existingRepresentativeId?: string;
  hint?: string;
}

/** Thrown by handlers to answer with an RFC 9457 problem. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail?: string,
    readonly extras: ProblemExtras = {},
    /** Response headers that go with the problem (a cooldown's Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}
