// The reason an action that emails someone or removes access carries (--reason): when the portal
// requires one and none was given, its 422 names the field; the CLI names the flag.
import type { ApiClient } from '../api/client.js';
import { problemType } from '../contract/problems.js';
import { CliError } from '../errors.js';

const REQUIRED = '--reason is required: this portal asks why for every action that emails someone or removes access';

/** The portal's refusal for a missing reason, said with the flag that gives it; other errors as they are. */
export function namingReasonFlag(error: unknown): unknown {
  if (
    !(error instanceof CliError) ||
    error.kind !== 'validation' ||
    !error.problem?.errors?.some((e) => e.path === 'reason')
  ) {
    return error;
  }
  return reasonRequired(error.problem, error.status);
}

function reasonRequired(problem?: CliError['problem'], status?: number): CliError {
  return new CliError('validation', REQUIRED, {
    hint: 'add --reason "…" (kept in the audit log), e.g. --reason "Asked for a new link by phone"',
    ...(problem ? { problem: { ...problem, errors: [] } } : {}),
    ...(status ? { status } : {}),
  });
}

/**
 * Whether the portal requires a reason (GET /v1/settings), for work of several steps that must be
 * refused before its first one rather than part-way. A portal without the route: not known, false
 * (each request is then refused on its own).
 */
export async function portalRequiresReason(api: ApiClient): Promise<boolean> {
  try {
    return (await api.call('getSettings')).requireReason;
  } catch (error) {
    if (error instanceof CliError && error.kind === 'not-found') return false;
    throw error;
  }
}

/**
 * Refuses, before anything is done, work the portal would refuse without a reason: the same error
 * (and `code` in --json) as the portal's own refusal.
 */
export async function requireReasonFirst(api: ApiClient, reason: string | undefined): Promise<void> {
  if (!reason && (await portalRequiresReason(api))) throw reasonRequiredError();
}

/** The portal's refusal for a missing reason, said before asking: the same error and `code` in --json. */
export function reasonRequiredError(): CliError {
  return reasonRequired(
    { type: problemType('validation'), title: 'Validation failed', status: 422, code: 'validation' },
    422,
  );
}

/** Awaits an API call whose refusal for a missing reason should name --reason. */
export async function withReasonFlag<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw namingReasonFlag(error);
  }
}
