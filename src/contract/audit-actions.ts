// Every action the portal writes to its audit log. The server's recordAudit takes only these, and
// test/server/platform/audit-actions.test.ts checks the list against the server's code, so
// `audit list --action` can tell a mistyped action from one that has simply not happened yet.
export const AUDIT_ACTIONS = [
  'client.archive',
  'client.cams.link',
  'client.cams.unlink',
  'client.consent',
  'client.create',
  'client.email.confirm',
  'client.file.download',
  'client.file.upload',
  'client.flag',
  'client.flag.remove',
  'client.invite.accept',
  'client.invite.decline',
  'client.invite.reinvite',
  'client.invite.resend',
  'client.invite.send',
  'client.login',
  'client.note.create',
  'client.note.delete',
  'client.note.edit',
  'client.password-reset',
  'client.refer',
  'client.representative.accept',
  'client.representative.decline',
  'client.representative.invite',
  'client.representative.reinvite',
  'client.representative.remove',
  'client.representative.resend',
  'client.restore',
  'client.staff.assign',
  'client.staff.unassign',
  'client.task.complete',
  'client.task.create',
  'client.task.reopen',
  'client.update',
  'client-portal.candidate.add',
  'client-portal.candidate.remove',
  'client-portal.job.add',
  'client-portal.job.remove',
  'client-portal.notice',
  'portal-user.access',
  'portal-user.deactivate',
  'portal-user.feedback',
  'portal-user.invite',
  'portal-user.link.send',
  'portal-user.links.expire',
  'portal-user.reactivate',
  'shared-link.expire',
  'shared-link.use',
  'token.create',
  'token.replace',
  'token.revoke',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Whether `filter` (an action, or a prefix ending with `.` or `*`, as the audit log is searched)
 * can match any action the portal writes.
 */
export function isKnownAuditFilter(filter: string): boolean {
  if (filter.endsWith('*') || filter.endsWith('.')) {
    const prefix = filter.replace(/\*$/, '');
    return AUDIT_ACTIONS.some((action) => action.startsWith(prefix));
  }
  return (AUDIT_ACTIONS as readonly string[]).includes(filter);
}

/** The audit log's actor for a change CaMS made to a linked client (not a staff member). */
export const CAMS_ACTOR_ID = 'cams';
