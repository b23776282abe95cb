// What a dry run of an action that emails someone or removes access shows: who would be emailed
// and what (the subject the portal sends, and the gist of the message), or that no one would be;
// the plan as data with --json. Nothing is sent or changed.
import type { Deps } from '../command/deps.js';
import { MESSAGE_SUBJECTS } from '../contract/messages.js';
import type { MESSAGE_KINDS } from '../contract/schemas.js';

type MessageKind = (typeof MESSAGE_KINDS)[number];

/** One email a dry run would send. */
export interface PlannedMessage {
  to: string;
  kind: MessageKind;
  subject: string;
  gist: string;
}

const GISTS = {
  invitation:
    'an invitation to the Jobs Portal from their service provider, with a link to accept it (choose a password) or decline it',
  reinvitation:
    'a fresh invitation to the Jobs Portal, with a new link to accept it (choose a password) or decline it; the link they have now stops working',
  passwordReset: 'a link to choose a new password for their Jobs Portal account; the current one works until they do',
  sharedLink: 'a fresh link to the client portal shared with them, theirs alone (not to be forwarded)',
  representativeInvitation:
    "an invitation to the Jobs Portal as the client's representative, with a link to accept it (choose a password) or decline it",
  representativeReinvitation:
    "a fresh invitation to the Jobs Portal as the client's representative, with a new link to accept it (choose a password) or decline it; the link they have now stops working",
  portalAccess: 'access to the client portal (the jobs they may see), with a link theirs alone (not to be forwarded)',
  portalAccessBack:
    'that their access to the client portal is back, with a fresh link theirs alone (not to be forwarded)',
  portalUpdate:
    'what changed on the client portal since the last notice (candidates put forward, per job; no candidate named), with their link to the portal',
} as const;

/** The email each action sends, as the portal writes it (a portal update's subject names the portal: `subject`). */
export function plannedMessage(what: keyof typeof GISTS, to: string, subject?: string): PlannedMessage {
  switch (what) {
    case 'invitation':
    case 'reinvitation':
      return { to, kind: 'invitation', subject: MESSAGE_SUBJECTS.invitation, gist: GISTS[what] };
    case 'passwordReset':
      return { to, kind: 'password-reset', subject: MESSAGE_SUBJECTS.passwordReset, gist: GISTS[what] };
    case 'sharedLink':
      return { to, kind: 'portal-user-invitation', subject: MESSAGE_SUBJECTS.sharedLink, gist: GISTS[what] };
    case 'representativeInvitation':
    case 'representativeReinvitation':
      return {
        to,
        kind: 'representative-invitation',
        subject: MESSAGE_SUBJECTS.representativeInvitation,
        gist: GISTS[what],
      };
    case 'portalAccess':
      return { to, kind: 'portal-user-invitation', subject: MESSAGE_SUBJECTS.portalAccess, gist: GISTS[what] };
    case 'portalAccessBack':
      return { to, kind: 'portal-user-invitation', subject: MESSAGE_SUBJECTS.portalAccessBack, gist: GISTS[what] };
    case 'portalUpdate':
      return { to, kind: 'portal-update', subject: subject ?? 'New on the client portal', gist: GISTS[what] };
  }
}

/**
 * Prints the plan: with --json the object (its `notify` the messages, `reason` when given); for a
 * person the sentence, then each email (to, subject, gist) or that no one would be emailed.
 */
export function printDryRun(
  deps: Pick<Deps, 'out'>,
  plan: Record<string, unknown>,
  notify: PlannedMessage[],
  sentence: string,
  reason: string | undefined,
): void {
  const lines = [sentence];
  if (notify.length === 0) lines.push('No one would be emailed.');
  for (const message of notify) {
    lines.push(`Would email ${message.to}`, `  subject: ${message.subject}`, `  gist:    ${message.gist}`);
  }
  if (reason) lines.push(`Reason, for the audit log: ${reason}`);
  deps.out.value({ dryRun: true, ...plan, notify, ...(reason ? { reason } : {}) }, lines.join('\n'));
}
