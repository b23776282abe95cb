// `portalctl audit list`: the audit log (who changed what, when), newest first. Administrators only.
import * as z from 'zod';
import type { ApiClient } from '../../api/client.js';
import { defineCommand, flag } from '../../command/define.js';
import { AUDIT_ACTIONS, CAMS_ACTOR_ID, isKnownAuditFilter } from '../../contract/audit-actions.js';
import { usageError } from '../../errors.js';
import { pagingFlags, printPages } from '../../io/listing.js';
import { resolveStaff } from '../../io/resolve-staff.js';
import { auditView } from '../../io/views/audit.js';

/** A staff member, or CaMS: the actor of the changes CaMS makes to linked clients. */
async function actorId(api: ApiClient, actor: string): Promise<string> {
  if (actor.toLowerCase() === CAMS_ACTOR_ID) return CAMS_ACTOR_ID;
  return (await resolveStaff(api, actor, { flag: '--actor' })).id;
}

export default defineCommand({
  path: ['audit', 'list'],
  summary: 'List audit log entries',
  description:
    'List audit log entries, newest first: when, who (staff id), what action, on which record. Needs the administrator permission.',
  options: {
    actor: flag(
      '--actor <staff>',
      'done by this staff member (id st_…, email or name), or by CaMS (cams: changes CaMS made to linked clients)',
      z.string().trim().min(1).optional(),
    ),
    entity: flag('--entity <id>', 'on this record (e.g. cl_…, pu_…, ln_…)', z.string().trim().min(1).optional()),
    action: flag(
      '--action <action>',
      'this action, e.g. client.invite.resend, client.cams.link, portal-user.deactivate; or all that start so, ending with . or * (client.invite.)',
      z.string().trim().min(1).optional(),
    ),
    ...pagingFlags('entry', 'entries'),
  },
  examples: [
    'portalctl audit list',
    'portalctl audit list --entity cl_000001 --json',
    'portalctl audit list --actor priya.raman@northstar.example.org --action client.invite.resend',
    'portalctl audit list --actor cams --entity cl_000001    # what CaMS changed on a linked client',
    'portalctl audit list --all -o csv > audit.csv',
  ],
  async run(options, deps) {
    // The actions the portal writes, not those in the log: an empty answer means "not yet", never "mistyped".
    if (options.action && !isKnownAuditFilter(options.action)) {
      throw usageError(
        `--action: the portal records no action "${options.action}"`,
        `use one of ${AUDIT_ACTIONS.join(', ')}; or a prefix ending with . or * (client.invite.)`,
      );
    }
    await printPages(deps, auditView, 'listAudit', options, async (api) => ({
      actorId: options.actor ? await actorId(api, options.actor) : undefined,
      entityId: options.entity,
      action: options.action,
    }));
  },
});
