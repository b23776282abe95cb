// Read-only questions to the portal about a row: is its email already there, does a client with
// the same name exist, would its CaMS / CA link be refused (a CA is imported for one client only).
// Used by --dry-run for every row and, with --on-name-match skip|fail, by the real run before each
// create.
import type { z } from 'zod';
import type { ApiClient } from '../api/client.js';
import type { ClientCreate, DuplicateMatchSchema } from '../api/schemas.js';
import { CliError } from '../errors.js';
import { safeMessage } from './pipeline.js';

type DuplicateMatch = z.output<typeof DuplicateMatchSchema>;

export type CheckResult =
  | { status: 'to-create'; nameMatch: boolean }
  | { status: 'existing'; id: string }
  | { status: 'failed'; code: string; message: string };

function refusal(error: unknown): CheckResult {
  if (error instanceof CliError && error.problem && (error.kind === 'not-found' || error.kind === 'validation')) {
    return { status: 'failed', code: error.problem.code, message: safeMessage(error.problem, error.message) };
  }
  throw error;
}

/**
 * The duplicate check refused the row's service provider (not the caller's to set, another group,
 * unknown): creating the row would be refused the same way.
 */
function providerRefused(error: unknown): error is CliError & { problem: NonNullable<CliError['problem']> } {
  return (
    error instanceof CliError &&
    error.problem !== undefined &&
    ((error.kind === 'forbidden' && error.problem.missingPermission !== 'clients') ||
      error.kind === 'conflict' ||
      error.kind === 'validation')
  );
}

/** What creating this row would do, asked without changing anything. */
export async function checkRow(api: ApiClient, body: ClientCreate, signal?: AbortSignal): Promise<CheckResult> {
  const options = signal ? { signal } : {};
  let email = body.email;
  let firstName = body.firstName;
  let lastName = body.lastName;
  let linkedTo: string | null = null;
  /** The client the CA was imported for (null: another provider's); undefined: not imported. */
  let caHolder: string | null | undefined;
  const link = body.link;
  if (link && 'camsClientReferenceNumber' in link) {
    try {
      const cams = await api.call('lookupCams', { params: { ref: link.camsClientReferenceNumber } }, options);
      email ??= cams.email ?? undefined;
      firstName = cams.firstName;
      lastName = cams.lastName;
      linkedTo = cams.linkedClientId;
      if (cams.linkedElsewhere) {
        return {
          status: 'failed',
          code: 'cams-already-linked',
          message:
            'CaMS client already linked to a client at another service provider: a CaMS client links to one portal client only',
        };
      }
    } catch (error) {
      return refusal(error);
    }
  } else if (link && 'caNumber' in link) {
    try {
      const ca = await api.call('lookupAssessment', { params: { caNumber: link.caNumber } }, options);
      if (ca.status !== 'submitted') {
        return {
          status: 'failed',
          code: 'ca-in-progress',
          message: 'Assessment not submitted: only submitted assessments can be imported',
        };
      }
      email ??= ca.email ?? undefined;
      firstName ??= ca.firstName;
      lastName ??= ca.lastName;
      if (ca.imported) caHolder = ca.importedClientId;
    } catch (error) {
      return refusal(error);
    }
  }
  if (!email) {
    return { status: 'failed', code: 'validation', message: 'no email: neither the row nor the linked record has one' };
  }
  let data: DuplicateMatch[];
  try {
    ({ data } = await api.call(
      'findDuplicates',
      {
        query: {
          email,
          ...(firstName ? { firstName } : {}),
          ...(lastName ? { lastName } : {}),
          ...(body.providerId ? { providerId: body.providerId } : {}),
        },
      },
      options,
    ));
  } catch (error) {
    if (!providerRefused(error)) throw error;
    return { status: 'failed', code: error.problem.code, message: safeMessage(error.problem, error.message) };
  }
  const byEmail = data.find((match) => match.reason === 'email');
  if (byEmail) return { status: 'existing', id: byEmail.client.id };
  // The CaMS client is linked already: to this row's person when the row gives no other email.
  if (linkedTo && !body.email) return { status: 'existing', id: linkedTo };
  if (linkedTo) {
    return {
      status: 'failed',
      code: 'cams-already-linked',
      message: 'CaMS client already linked: a CaMS client links to one portal client only',
    };
  }
  // A Common Assessment is copied once: this row's person when the row gives no other email.
  if (caHolder && !body.email) return { status: 'existing', id: caHolder };
  if (caHolder !== undefined) {
    return {
      status: 'failed',
      code: 'ca-already-imported',
      message: caHolder
        ? 'Common Assessment already imported: it is copied once, and another client has it'
        : 'Common Assessment already imported: it is in use at another provider',
    };
  }
  // A name match counts where the row's client will live; matches elsewhere in the group are not this row's.
  return { status: 'to-create', nameMatch: data.some((match) => match.reason === 'name' && !match.elsewhere) };
}

/** Whether the client holding a CaMS link or a CA is this row's person (same email, or the row has none). */
export async function isSameClient(api: ApiClient, body: ClientCreate, clientId: string): Promise<boolean> {
  if (!body.email) return true;
  const client = await api.call('getClient', { params: { id: clientId } });
  return client.email.toLowerCase() === body.email.trim().toLowerCase();
}

/** A client with the same (normalised) first and last name exists: the --on-name-match check. */
export async function hasNameMatch(api: ApiClient, body: ClientCreate, signal?: AbortSignal): Promise<boolean> {
  if (!body.firstName || !body.lastName) return false;
  let data: DuplicateMatch[];
  try {
    ({ data } = await api.call(
      'findDuplicates',
      {
        query: {
          firstName: body.firstName,
          lastName: body.lastName,
          ...(body.providerId ? { providerId: body.providerId } : {}),
        },
      },
      signal ? { signal } : {},
    ));
  } catch (error) {
    // The create of this row is refused for its provider, and says why.
    if (providerRefused(error)) return false;
    throw error;
  }
  const email = body.email?.trim().toLowerCase();
  return data.some(
    (match) => match.reason === 'name' && !match.elsewhere && match.client.email.toLowerCase() !== email,
  );
}
