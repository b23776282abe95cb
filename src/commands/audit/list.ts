// `portalctl audit list`: the audit log (who changed what, when), newest first. Administrators only.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { addPagingFlags, pagingOptions, printPages } from '../../io/listing.js';
import { resolveStaff } from '../../io/resolve.js';
import { auditView } from '../../io/views/audit.js';

export const ListOptionsSchema = z.object({
  actor: z.string().trim().min(1).optional(),
  entity: z.string().trim().min(1).optional(),
  action: z.string().trim().min(1).optional(),
  ...pagingOptions,
});
export type ListOptions = z.output<typeof ListOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'List audit log entries, newest first: when, who (staff id), what action, on which record. Needs the administrator permission.',
    )
    .option('--actor <staff>', 'done by this staff member (id st_…, email or name)')
    .option('--entity <id>', 'on this record (e.g. cl_…, pu_…, ln_…)')
    .option('--action <action>', 'this action, e.g. client.invite.resend, client.cams.link, portal-user.deactivate');
  addPagingFlags(cmd, 'entry', 'entries')
    .addHelpText(
      'after',
      examples([
        'portalctl audit list',
        'portalctl audit list --entity cl_000001 --json',
        'portalctl audit list --actor priya.raman@northstar.example.org --action client.invite.resend',
        'portalctl audit list --all -o csv > audit.csv',
      ]),
    )
    .action(
      action(async (deps, flags: Record<string, unknown>) => {
        await runList(parseOptions(ListOptionsSchema, flags), deps);
      }),
    );
}

export async function runList(options: ListOptions, deps: Deps): Promise<void> {
  await printPages(deps, auditView, 'listAudit', options, async (api) => ({
    actorId: options.actor ? (await resolveStaff(api, options.actor, '--actor')).id : undefined,
    entityId: options.entity,
    action: options.action,
  }));
}
