// The reason an action that emails someone or removes access carries (--reason): when the portal
// requires one and none was given, its 422 names the field; the CLI names the flag.
import { CliError } from '../errors.js';

/** The portal's refusal for a missing reason, said with the flag that gives it; other errors as they are. */
export function namingReasonFlag(error: unknown): unknown {
  if (
    !(error instanceof CliError) ||
    error.kind !== 'validation' ||
    !error.problem?.errors?.some((e) => e.path === 'reason')
  ) {
    return error;
  }
  return new CliError(
    'validation',
    '--reason is required: this portal asks why for every action that emails someone or removes access',
    {
      hint: 'add --reason "…" (kept in the audit log), e.g. --reason "Asked for a new link by phone"',
      problem: { ...error.problem, errors: [] },
      ...(error.status ? { status: error.status } : {}),
    },
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
