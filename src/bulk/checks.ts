// Read-only questions to the portal about a row, for --dry-run: would its CaMS / CA link be
// refused (a CA is imported for one client only), is its email already there (and on the same
// person), does a client with a matching name exist where it will live. Asked in the order the
// portal applies its rules when the row is sent, so that the plan and the real run count the same
// things.
import type { z } from 'zod';
import type { ApiClient } from '../api/client.js';
import type { ClientCreate, DuplicateMatchSchema } from '../contract/schemas.js';
import { CliError } from '../errors.js';
import { safeMessage } from './verdict.js';

type DuplicateMatch = z.output<ReturnType<typeof DuplicateMatchSchema>>;

/** An existing client as a check names it (id, and its name for the person reading the report). */
export interface Existing {
  id: string;
  name: string;
}

export type CheckResult =
  /** `who`: the names it would be created with (a CaMS or CA row's come from there). */
  | { status: 'to-create'; nameMatch?: Existing; who: { firstName: string; lastName: string } }
  /** The email is in the portal: samePerson undefined when the caller may not see its holder. */
  | { status: 'email-match'; samePerson: boolean | undefined; existing?: Existing }
  /** The CaMS client is linked already, to this row's person. */
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

const nameOf = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`;

/** Who the row is once its link is looked up: the CaMS record or the Common Assessment fill in. */
interface Who {
  email: string | undefined;
  firstName: string | undefined;
  lastName: string | undefined;
  /** The portal client the CaMS client is linked to already. */
  linkedTo: string | null;
  /** The client the CA was imported for (null: another provider's); undefined: not imported. */
  caHolder: string | null | undefined;
  camsRef?: string;
  caNumber?: string;
}

type CallOptions = { signal?: AbortSignal };

/** The row's link looked up (CaMS or CA): who the row is, or why it cannot be created. */
async function lookUpLink(api: ApiClient, body: ClientCreate, options: CallOptions): Promise<Who | CheckResult> {
  const who: Who = {
    email: body.email,
    firstName: body.firstName,
    lastName: body.lastName,
    linkedTo: null,
    caHolder: undefined,
  };
  const link = body.link;
  try {
    if (link && 'camsClientReferenceNumber' in link) {
      const cams = await api.call('lookupCams', { params: { ref: link.camsClientReferenceNumber } }, options);
      if (cams.linkedElsewhere) {
        return {
          status: 'failed',
          code: 'cams-already-linked',
          message:
            'CaMS client already linked to a client at another service provider: a CaMS client links to one portal client only',
        };
      }
      return {
        ...who,
        email: who.email ?? cams.email ?? undefined,
        firstName: cams.firstName,
        lastName: cams.lastName,
        linkedTo: cams.linkedClientId,
        camsRef: cams.clientReferenceNumber,
      };
    }
    if (link && 'caNumber' in link) {
      const ca = await api.call('lookupAssessment', { params: { caNumber: link.caNumber } }, options);
      if (ca.status !== 'submitted') {
        return {
          status: 'failed',
          code: 'ca-in-progress',
          message: 'Assessment not submitted: only submitted assessments can be imported',
        };
      }
      return {
        ...who,
        email: who.email ?? ca.email ?? undefined,
        firstName: who.firstName ?? ca.firstName,
        lastName: who.lastName ?? ca.lastName,
        caHolder: ca.imported ? ca.importedClientId : undefined,
        caNumber: ca.caNumber,
      };
    }
  } catch (error) {
    return refusal(error);
  }
  return who;
}

/** What creating this row would do, asked without changing anything. */
export async function checkRow(api: ApiClient, body: ClientCreate, signal?: AbortSignal): Promise<CheckResult> {
  const options = signal ? { signal } : {};
  const who = await lookUpLink(api, body, options);
  if ('status' in who) return who;
  const { email, firstName, lastName } = who;
  if (!email) {
    return { status: 'failed', code: 'validation', message: 'no email: neither the row nor the linked record has one' };
  }
  let found: { data: DuplicateMatch[]; emailInUseElsewhere: boolean };
  try {
    found = await api.call(
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
    );
  } catch (error) {
    if (!providerRefused(error)) throw error;
    return { status: 'failed', code: error.problem.code, message: safeMessage(error.problem, error.message) };
  }
  return linkOutcome(body, who, found.data) ?? matchOutcome(who, found.data, found.emailInUseElsewhere);
}

/** A CaMS client linked already, or a CA imported already: existing when it is this row's person. */
function linkOutcome(body: ClientCreate, who: Who, data: DuplicateMatch[]): CheckResult | undefined {
  const byEmail = data.find((match) => match.reason === 'email');
  // The portal refuses a CaMS client linked already; the import counts it as existing when the
  // linked client is this row's person (the row gives no other email).
  if (who.linkedTo) {
    if (!body.email || byEmail?.client.id === who.linkedTo) return { status: 'existing', id: who.linkedTo };
    return {
      status: 'failed',
      code: 'cams-already-linked',
      message: 'CaMS client already linked: a CaMS client links to one portal client only',
    };
  }
  const { caHolder } = who;
  // A Common Assessment is copied once: existing when its client is this row's person (as above).
  if (caHolder && (!body.email || byEmail?.client.id === caHolder)) return { status: 'existing', id: caHolder };
  if (caHolder !== undefined) {
    return {
      status: 'failed',
      code: 'ca-already-imported',
      message: caHolder
        ? 'Common Assessment already imported: it is copied once, and another client has it'
        : 'Common Assessment already imported: it is in use at another provider',
    };
  }
  return undefined;
}

/** The row's email or name held by another client, or nothing in the way. */
function matchOutcome(who: Who, data: DuplicateMatch[], emailInUseElsewhere: boolean): CheckResult {
  const byEmail = data.find((match) => match.reason === 'email');
  if (byEmail) {
    const held = byEmail.client.link;
    const sameLink =
      (who.camsRef !== undefined && held?.type === 'cams' && held.clientReferenceNumber === who.camsRef) ||
      (who.caNumber !== undefined && held?.type === 'ca' && held.caNumber === who.caNumber);
    // samePerson is there only for a client the caller may see: the portal's own answer when sent.
    if (byEmail.samePerson === undefined) return { status: 'email-match', samePerson: undefined };
    return {
      status: 'email-match',
      samePerson: byEmail.samePerson || sameLink,
      existing: { id: byEmail.client.id, name: nameOf(byEmail.client) },
    };
  }
  // Held at a provider the caller is told nothing of: a conflict that names no one.
  if (emailInUseElsewhere) return { status: 'email-match', samePerson: undefined };
  // A name match counts where the row's client will live; matches elsewhere in the group are not this row's.
  const byName = data.find((match) => match.reason === 'name' && !match.elsewhere);
  return {
    status: 'to-create',
    ...(byName ? { nameMatch: { id: byName.client.id, name: nameOf(byName.client) } } : {}),
    who: { firstName: who.firstName ?? '', lastName: who.lastName ?? '' },
  };
}

/** Whether the client holding a CaMS link or a CA is this row's person (same email, or the row has none). */
export async function isSameClient(api: ApiClient, body: ClientCreate, clientId: string): Promise<boolean> {
  if (!body.email) return true;
  const client = await api.call('getClient', { params: { id: clientId } });
  return client.email.toLowerCase() === body.email.trim().toLowerCase();
}
