// Typed errors for everything a user can see go wrong. Commands throw these; src/cli.ts prints
// them and maps their kind to an exit code through EXIT_CODES, the one table (also printed by
// `portalctl help exit-codes` and documented in the README).
import type { Problem } from './contract/problems.js';
import { visible } from './io/visible.js';

export type ErrorKind =
  | 'usage'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'network'
  | 'server'
  | 'rate-limit'
  | 'partial'
  | 'cancelled';

export interface ExitCodeRow {
  code: number;
  kinds: readonly (ErrorKind | 'ok' | 'unexpected')[];
  meaning: string;
}

/** kind -> exit code. Scripts rely on these numbers: change them only with a major version. */
export const EXIT_CODES: readonly ExitCodeRow[] = [
  { code: 0, kinds: ['ok'], meaning: 'Success' },
  { code: 1, kinds: ['unexpected'], meaning: 'Unexpected error (a bug: rerun with --debug and report it)' },
  { code: 2, kinds: ['usage'], meaning: 'Usage: unknown command or flag, missing or invalid value, --yes needed' },
  {
    code: 3,
    kinds: ['auth'],
    meaning: 'Not authenticated: missing, wrong, revoked or expired token (run portalctl login)',
  },
  {
    code: 4,
    kinds: ['forbidden'],
    meaning: "Forbidden: the token lacks a permission (named), e.g. to list another provider's clients",
  },
  {
    code: 5,
    kinds: ['not-found'],
    meaning:
      "Not found: no such client, user, link, portal, job, CaMS or CA record (an in-progress CA is no match); another provider's client is not found",
  },
  { code: 6, kinds: ['conflict', 'validation'], meaning: 'Refused by the portal: conflict or invalid field values' },
  { code: 7, kinds: ['network', 'server', 'rate-limit'], meaning: 'Portal unreachable, failing, or rate limiting' },
  { code: 8, kinds: ['partial'], meaning: 'Partly done: some rows or items failed (see the report)' },
  { code: 130, kinds: ['cancelled'], meaning: 'Cancelled (Ctrl-C, or a confirmation answered no)' },
];

export function exitCodeFor(kind: ErrorKind | 'unexpected'): number {
  return EXIT_CODES.find((row) => row.kinds.includes(kind))?.code ?? 1;
}

export interface CliErrorOptions {
  hint?: string;
  /** The portal's problem details, when the error came from the API (code, errors, existingClientId…). */
  problem?: Problem;
  /** HTTP status, when the error came from the API. */
  status?: number;
  /** Anything else a command wants to hand to a script through the --json error object. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class CliError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly problem?: Problem;
  readonly status?: number;
  readonly details?: Record<string, unknown>;

  constructor(kind: ErrorKind, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.kind = kind;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.problem !== undefined) this.problem = options.problem;
    if (options.status !== undefined) this.status = options.status;
    if (options.details !== undefined) this.details = options.details;
  }

  get exitCode(): number {
    return exitCodeFor(this.kind);
  }

  /** The problem code (e.g. `email-taken`), so commands can react to one refusal. */
  get code(): string | undefined {
    return this.problem?.code;
  }
}

/** A missing or wrong flag/argument. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError('usage', message, hint === undefined ? {} : { hint });
}

/** The user said no, or pressed Ctrl-C. */
export function cancelled(message = 'cancelled'): CliError {
  return new CliError('cancelled', message);
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}

/** The --json error object: `{"error": {...}}` on stderr. */
export function errorJson(error: unknown): { error: Record<string, unknown> } {
  if (error instanceof CliError) {
    return {
      error: {
        kind: error.kind,
        message: error.message,
        ...(error.hint ? { hint: error.hint } : {}),
        exitCode: error.exitCode,
        ...(error.problem?.code ? { code: error.problem.code } : {}),
        ...(error.status ? { status: error.status } : {}),
        ...(error.problem?.errors?.length ? { errors: error.problem.errors } : {}),
        ...(error.problem?.missingPermission ? { missingPermission: error.problem.missingPermission } : {}),
        ...(error.problem?.existingClientId ? { existingClientId: error.problem.existingClientId } : {}),
        ...(error.details ?? {}),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: { kind: 'unexpected', message, exitCode: exitCodeFor('unexpected') } };
}

export interface PrintErrorOptions {
  json: boolean;
  debug: boolean;
  color: boolean;
  /** Rewrites the times a message names (ISO, as the portal writes them) as a person reads them. */
  times?: (text: string) => string;
}

/** Formats an error for stderr: `error: …`, `hint: …`, the JSON object, the stack with --debug. */
export function formatError(error: unknown, options: PrintErrorOptions): string {
  const red = (s: string) => (options.color ? `\u001b[31m${s}\u001b[39m` : s);
  const dim = (s: string) => (options.color ? `\u001b[2m${s}\u001b[22m` : s);
  const times = options.times ?? ((text: string) => text);
  const lines: string[] = [];
  // Messages can quote the portal (a problem's detail, a name): its control characters are shown,
  // not sent to the terminal. The --json object below is JSON, which escapes them itself.
  if (error instanceof CliError) {
    lines.push(`${red('error:')} ${visible(times(error.message))}`);
    for (const field of error.problem?.errors ?? []) {
      lines.push(`  ${visible(field.path || '(body)')}: ${visible(times(field.message))}`);
    }
    if (error.hint) lines.push(`${dim('hint:')} ${visible(times(error.hint))}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`${red('error:')} unexpected: ${visible(message)}`);
    if (!options.debug) lines.push(`${dim('hint:')} rerun with --debug for details, and report it if it persists`);
  }
  if (options.debug && error instanceof Error && error.stack) lines.push(dim(visible(error.stack)));
  if (options.json) lines.push(JSON.stringify(errorJson(error)));
  return `${lines.join('\n')}\n`;
}
