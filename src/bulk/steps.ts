// The per-client steps of the commands that can act on many clients (src/bulk/actions.ts runs
// them): what each does to one client, when a client is left out, and the words for the plan.
// They check what the portal would refuse too, so a --dry-run lists the same outcome.
import type { Client, ServiceProvider, Staff } from '../contract/schemas.js';
import type { CliError } from '../errors.js';
import type { BulkStep, Skip } from './actions.js';

/** Minutes (at least 1) since an ISO time, for "sent 4 minutes ago". */
function minutesSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - new Date(iso).getTime();
  return Number.isFinite(ms) ? Math.max(1, Math.round(ms / 60_000)) : undefined;
}

/** The portal's resend cooldown (409 resend-cooldown): left out, saying when the last one went. */
export function cooldownSkip(error: CliError, now: Date): Skip | undefined {
  if (error.code !== 'resend-cooldown') return undefined;
  const minutes = minutesSince(error.problem?.lastSentAt, now);
  return {
    code: 'resend-cooldown',
    message: minutes === undefined ? 'sent moments ago' : `sent ${minutes} minute${minutes === 1 ? '' : 's'} ago`,
  };
}

/** --reason, kept in the audit log of each client's change. */
const withReason = (options: { reason?: string | undefined }) => (options.reason ? { reason: options.reason } : {});

function loggedIn(client: Client): boolean {
  return Boolean(client.invite.lastLoginAt) || client.invite.status === 'accepted';
}

const ARCHIVED: Skip = { code: 'archived', message: 'archived: archived clients are sent no email' };

/**
 * `invite resend`: a fresh link to each client whose invitation is still pending. Within the
 * portal's resend cooldown a client is left out ("sent 4 minutes ago") unless `force`.
 */
export function resendStep(options: { force: boolean; reason?: string | undefined }): BulkStep {
  return {
    action: 'invite.resend',
    command: 'invite resend',
    ...(options.force ? { identity: 'force' } : {}),
    willDo: 'to be emailed a new invite link',
    didDo: 'new invite link emailed',
    emails: true,
    receives: () => 'an email with a new invite link (the current one stops working)',
    skip(client) {
      if (client.archived) return ARCHIVED;
      if (loggedIn(client))
        return { code: 'already-logged-in', message: 'has logged in: send a password reset instead' };
      if (client.invite.status === 'declined') return { code: 'invite-declined', message: 'declined the invitation' };
      if (client.invite.status !== 'pending') return { code: 'no-invite', message: 'not invited yet' };
      return undefined;
    },
    async apply(api, client, key) {
      const body = { ...(options.force ? { force: true } : {}), ...withReason(options) };
      await api.call('sendInvite', { params: { id: client.id }, body }, { idempotencyKey: key });
    },
    skipOnRefusal: cooldownSkip,
  };
}

/** `clients archive`: hidden from the default list, sent no more portal email. */
export function archiveStep(options: { reason?: string | undefined }): BulkStep {
  return {
    action: 'client.archive',
    command: 'clients archive',
    willDo: 'to be archived',
    didDo: 'archived',
    emails: false,
    receives: () => 'archived: hidden from the default list and sent no more portal email',
    skip: (client) => (client.archived ? { code: 'archived', message: 'already archived' } : undefined),
    async apply(api, client) {
      await api.call('archiveClient', { params: { id: client.id }, body: withReason(options) });
    },
  };
}

/** `clients restore`: back in the default list (the query looks among archived clients). */
export function restoreStep(): BulkStep {
  return {
    action: 'client.restore',
    command: 'clients restore',
    willDo: 'to be restored',
    didDo: 'restored',
    emails: false,
    archived: true,
    receives: () => 'restored: back in the default list',
    skip: (client) => (client.archived ? undefined : { code: 'not-archived', message: 'not archived' }),
    async apply(api, client) {
      await api.call('restoreClient', { params: { id: client.id }, body: {} });
    },
  };
}

/** `clients password-reset`: a reset link to each client who has logged in. */
export function passwordResetStep(options: { reason?: string | undefined }): BulkStep {
  return {
    action: 'client.password-reset',
    command: 'clients password-reset',
    willDo: 'to be emailed a password reset link',
    didDo: 'password reset emailed',
    emails: true,
    receives: () => 'an email with a password reset link',
    skip(client) {
      if (client.archived) return ARCHIVED;
      if (!client.invite.lastLoginAt) {
        return { code: 'no-invite', message: 'has not logged in yet: resend the invitation instead' };
      }
      return undefined;
    },
    async apply(api, client, key) {
      await api.call(
        'sendPasswordReset',
        { params: { id: client.id }, body: withReason(options) },
        { idempotencyKey: key },
      );
    },
  };
}

/** `invite send`: the first invitation (or, with `reinvite`, again to a client who declined). */
export function inviteSendStep(options: { reinvite: boolean; force: boolean; reason?: string | undefined }): BulkStep {
  return {
    action: 'invite.send',
    command: 'invite send',
    willDo: 'to be emailed the portal invitation',
    didDo: 'invitation emailed',
    emails: true,
    identity: options.reinvite ? 'reinvite' : 'invite',
    receives: () => 'an email with the portal invitation',
    skip(client) {
      if (client.archived) return ARCHIVED;
      if (loggedIn(client)) return { code: 'already-logged-in', message: 'has logged in already' };
      if (client.invite.status === 'pending') {
        return { code: 'invite-pending', message: 'already invited: resend with portalctl invite resend' };
      }
      if (client.invite.status === 'declined' && !options.reinvite) {
        return { code: 'invite-declined', message: 'declined the invitation: inviting again needs --reinvite' };
      }
      return undefined;
    },
    async apply(api, client, key) {
      const body = {
        ...(client.invite.status === 'declined' ? { reinvite: true } : {}),
        ...(options.force ? { force: true } : {}),
        ...withReason(options),
      };
      await api.call('sendInvite', { params: { id: client.id }, body }, { idempotencyKey: key });
    },
    skipOnRefusal: cooldownSkip,
  };
}

/** A staff member as the staff steps name them. */
type StaffRef = Pick<Staff, 'id' | 'name' | 'providerId'>;

const otherProvider = (staff: StaffRef): Skip => ({
  code: 'other-provider',
  message: `${staff.name} is not staff of the client's service provider`,
});

/**
 * `clients assign-staff`: `staff` assigned to each client (a referral becomes a client). With
 * `replace`, that caseworker is removed once `staff` is assigned: a caseload moved from one to
 * the other. Assigning someone assigned, and removing someone not, change nothing at the portal,
 * so a client done by a request that was out when a run stopped is not changed twice.
 */
export function assignStaffStep(options: {
  staff: StaffRef;
  replace?: StaffRef | undefined;
  reason?: string | undefined;
}): BulkStep {
  const { staff, replace } = options;
  const moving = replace !== undefined && replace.id !== staff.id;
  return {
    action: 'client.staff.assign',
    command: 'clients assign-staff',
    identity: moving ? `${staff.id} replacing ${replace.id}` : staff.id,
    willDo: moving ? `to have ${replace.name} replaced by ${staff.name}` : `to be assigned ${staff.name}`,
    didDo: moving ? `${staff.name} assigned in place of ${replace.name}` : `${staff.name} assigned`,
    emails: false,
    receives(client) {
      const became = client.caseworkerIds.length === 0 ? '; the referral becomes a client' : '';
      if (moving && client.caseworkerIds.includes(replace.id)) {
        return client.caseworkerIds.includes(staff.id)
          ? `${replace.name} removed (${staff.name} is assigned already)`
          : `caseworker ${replace.name} replaced by ${staff.name}`;
      }
      return `${staff.name} assigned as caseworker${became}`;
    },
    skip(client) {
      if (client.providerId !== staff.providerId) return otherProvider(staff);
      const assigned = client.caseworkerIds.includes(staff.id);
      if (assigned && !(moving && client.caseworkerIds.includes(replace.id))) {
        return { code: 'already-assigned', message: `${staff.name} is assigned already` };
      }
      return undefined;
    },
    async apply(api, client) {
      if (!client.caseworkerIds.includes(staff.id)) {
        await api.call('assignStaff', { params: { id: client.id }, body: { staffId: staff.id } });
      }
      if (moving && client.caseworkerIds.includes(replace.id)) {
        await api.call('unassignStaff', { params: { id: client.id, staffId: replace.id }, query: withReason(options) });
      }
    },
  };
}

/** `clients unassign-staff`: `staff` removed from each client (one left with no caseworker is a referral again). */
export function unassignStaffStep(options: { staff: StaffRef; reason?: string | undefined }): BulkStep {
  const { staff } = options;
  return {
    action: 'client.staff.unassign',
    command: 'clients unassign-staff',
    identity: staff.id,
    willDo: `to have ${staff.name} removed`,
    didDo: `${staff.name} removed`,
    emails: false,
    receives: (client) =>
      `${staff.name} removed${client.caseworkerIds.length === 1 ? '; with no caseworker left, a referral again' : ''}`,
    skip: (client) =>
      client.caseworkerIds.includes(staff.id)
        ? undefined
        : { code: 'not-assigned', message: `${staff.name} is not assigned` },
    async apply(api, client) {
      await api.call('unassignStaff', { params: { id: client.id, staffId: staff.id }, query: withReason(options) });
    },
  };
}

/**
 * `clients refer`: each client moved to `provider` (of the same group), their caseworkers removed,
 * a referral there; `reason` is saved as the new reasons for referral, with a case note.
 */
export function referStep(options: {
  provider: Pick<ServiceProvider, 'id' | 'name' | 'groupId'>;
  groupOf: ReadonlyMap<string, string>;
  reason?: string | undefined;
}): BulkStep {
  const { provider } = options;
  return {
    action: 'client.refer',
    command: 'clients refer',
    identity: provider.id,
    willDo: `to be referred to ${provider.name}`,
    didDo: `referred to ${provider.name}`,
    emails: false,
    receives: (client) =>
      `referred to ${provider.name}${client.caseworkerIds.length ? '; caseworkers removed' : ''}${options.reason ? '; reasons for referral saved' : ''}`,
    skip(client) {
      if (client.providerId === provider.id) return { code: 'already-there', message: `already with ${provider.name}` };
      if (options.groupOf.get(client.providerId) !== provider.groupId) {
        return { code: 'provider-not-in-group', message: `${provider.name} is not in the client's provider group` };
      }
      return undefined;
    },
    async apply(api, client, key) {
      await api.call(
        'referClient',
        { params: { id: client.id }, body: { providerId: provider.id, ...withReason(options) } },
        { idempotencyKey: key },
      );
    },
  };
}
