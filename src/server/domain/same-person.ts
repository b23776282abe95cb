// Same person or not: two records are the same person when the email matches and the names match
// after the duplicate check's normalisation, or when the CaMS Client Reference Number or CA number
// matches. The same email on someone else is a conflict, never "already there".
import { ProblemError } from '../context.js';
import type { ClientRow } from './client-store.js';
import { type Ctx, canSeeProvider, getRow, prep } from './common.js';
import { normaliseName } from './normalise.js';

export interface PersonKeys {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  camsRef?: string | null | undefined;
  caNumber?: string | null | undefined;
}

type Held = Pick<ClientRow, 'first_norm' | 'last_norm' | 'cams_ref' | 'ca_number'>;

/**
 * Names compare as one normalised string, so a name matches however its words split between first
 * and last name ("Mary Ann" + "Smith" = "Mary" + "Ann Smith"), as the duplicate check reads them.
 */
export function isSamePerson(held: Held, who: PersonKeys): boolean {
  if (who.camsRef && held.cams_ref === who.camsRef) return true;
  if (who.caNumber && held.ca_number === who.caNumber) return true;
  if (!who.firstName || !who.lastName) return false;
  const name = normaliseName(who.firstName) + normaliseName(who.lastName);
  return name !== '' && name === held.first_norm + held.last_norm;
}

/**
 * Adds `samePerson` to a 409 email-taken refusal, when the caller may see the client holding the
 * email: the importer counts a row as existing only when it is that same person.
 */
export function withSamePerson(ctx: Ctx, error: unknown, who: PersonKeys): unknown {
  if (!(error instanceof ProblemError) || error.code !== 'email-taken' || !error.extras.existingClientId) return error;
  const held = getRow<Held & { provider_id: string }>(
    prep(ctx.db, 'SELECT provider_id, first_norm, last_norm, cams_ref, ca_number FROM clients WHERE id = ?'),
    error.extras.existingClientId,
  );
  if (!held || !canSeeProvider(ctx.principal, held.provider_id)) return error;
  return new ProblemError(error.status, error.code, error.title, error.detail, {
    ...error.extras,
    samePerson: isSamePerson(held, who),
  });
}
