// Rows that may be someone already in the portal, decided the same way by the send pass (from the
// portal's refusals) and by --dry-run (from its duplicate check), so that both count the same
// things. Same person or not: the email matches and the names match after the duplicate check's
// normalisation, or the CaMS Client Reference Number or CA number matches; the same email on
// someone else is a conflict, never "already there". The portal decides it (`samePerson`).
import { EMAIL_CONFLICT, EMAIL_MATCH, NAME_MATCH, type OutcomeStatus } from './journal.js';

/** A client with a matching name (and another email) exists. */
export type NameMatchPolicy = 'fail' | 'skip' | 'create';
/** The email belongs to a client with another name. */
export type EmailMatchPolicy = 'fail' | 'skip' | 'same-person';

export interface MatchPolicies {
  onNameMatch: NameMatchPolicy;
  onEmailMatch: EmailMatchPolicy;
}

export const DEFAULT_POLICIES: MatchPolicies = { onNameMatch: 'fail', onEmailMatch: 'fail' };

/** What happens to such a row. Messages hold no names or emails: they go to the journal. */
export interface MatchOutcome {
  s: Extract<OutcomeStatus, 'existing' | 'skipped' | 'failed'>;
  code?: string;
  /** The existing client (when the caller may see it). */
  id?: string;
  msg?: string;
}

/**
 * The row's email is already in the portal. `samePerson` as the portal says it; undefined when the
 * caller may not see that client (it is another provider's): always a conflict, never named.
 */
export function emailMatchOutcome(
  policies: MatchPolicies,
  samePerson: boolean | undefined,
  id: string | undefined,
): MatchOutcome {
  if (samePerson === true) return { s: 'existing', ...(id ? { id } : {}) };
  const skip = policies.onEmailMatch === 'skip';
  if (samePerson === undefined || !id) {
    return {
      s: skip ? 'skipped' : 'failed',
      code: EMAIL_CONFLICT,
      msg: 'the email is in use at another provider',
    };
  }
  if (policies.onEmailMatch === 'same-person') {
    return {
      s: 'existing',
      code: EMAIL_MATCH,
      id,
      msg: `the email belongs to ${id}, under another name: counted as the same person (--on-email-match same-person)`,
    };
  }
  return {
    s: skip ? 'skipped' : 'failed',
    code: EMAIL_CONFLICT,
    id,
    msg: `the email belongs to ${id}, under another name: not created (--on-email-match ${policies.onEmailMatch})`,
  };
}

/** A client with a matching name exists (the policy is skip or fail: create sends without asking). */
export function nameMatchOutcome(policies: MatchPolicies, id: string | undefined): MatchOutcome {
  return {
    s: policies.onNameMatch === 'skip' ? 'skipped' : 'failed',
    code: NAME_MATCH,
    ...(id ? { id } : {}),
    msg: `possible duplicate of ${id ?? 'an existing client'} (a matching name, another email): not created (--on-name-match ${policies.onNameMatch})`,
  };
}

/**
 * The report's and the screen's account of such a row, naming both people so that someone can
 * decide: the row's name (when it has one) and the existing client's (when the caller may see it).
 */
export function describeMatch(line: {
  status: string;
  code: string;
  id?: string | undefined;
  rowName?: string | undefined;
  existingName?: string | undefined;
  /** --dry-run: the name matches a row of the file that would be created first. */
  existingRow?: number | undefined;
}): string {
  const existing = line.id
    ? `${line.id}${line.existingName ? ` (${line.existingName})` : ''}`
    : line.existingRow
      ? `row ${line.existingRow} of this file`
      : undefined;
  const row = line.rowName ?? 'this row';
  const flag = line.code === NAME_MATCH ? '--on-name-match' : '--on-email-match';
  let what: string;
  if (line.code === NAME_MATCH) {
    what = `${row} has the name of ${existing ?? 'an existing client'}, with another email`;
  } else if (!existing) {
    what = 'the email is in use at another provider';
  } else {
    what = `the email belongs to ${existing}${line.rowName ? `, not to ${line.rowName}` : ', under another name'}`;
  }
  switch (line.status) {
    case 'existing':
      return `${what}: counted as the same person (${flag} same-person)`;
    case 'skipped':
      return `${what}: skipped (${flag} skip)`;
    case 'to-create':
    case 'created':
      return `${what}: ${line.status === 'created' ? 'created' : 'to be created'} anyway (${flag} create)`;
    default:
      // Another provider's client is a conflict whatever the policy: it names no one to compare.
      return `${what}: not created${line.code !== NAME_MATCH && !existing ? '' : ` (${flag} fail)`}`;
  }
}

export const isMatchCode = (code: string | undefined): boolean =>
  code === EMAIL_CONFLICT || code === EMAIL_MATCH || code === NAME_MATCH;
