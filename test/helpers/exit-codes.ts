// The CLI's exit codes by name, looked up in the one table the CLI itself uses (EXIT_CODES in
// src/errors.ts), so a test states which outcome it expects rather than a number.
import { type ErrorKind, EXIT_CODES } from '../../src/errors.js';

function exitCode(kind: ErrorKind): number {
  const row = EXIT_CODES.find((r) => r.kinds.includes(kind));
  if (!row) throw new Error(`EXIT_CODES has no row for ${kind}`);
  return row.code;
}

export const USAGE = exitCode('usage');
export const NOT_AUTHENTICATED = exitCode('auth');
export const FORBIDDEN = exitCode('forbidden');
export const NOT_FOUND = exitCode('not-found');
/** Refused by the portal: a conflict, or invalid field values. */
export const CONFLICT = exitCode('conflict');
/** The portal is unreachable, failing, or rate limiting. */
export const UNAVAILABLE = exitCode('network');
/** Partly done: some rows or items failed. */
export const PARTIAL = exitCode('partial');
export const CANCELLED = exitCode('cancelled');
