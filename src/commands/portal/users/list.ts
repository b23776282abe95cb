// `portalctl portal users list`: external portal users of the portals you manage.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { addPagingFlags, pagingOptions, printPages } from '../../../io/listing.js';
import { resolvePortal } from '../../../io/resolve-portal-user.js';
import { portalUserView } from '../../../io/views/portal-user.js';

export const ListOptionsSchema = z.object({
  portal: z.string().trim().min(1).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  email: z.string().trim().min(1).optional(),
  ...pagingOptions,
});
export type ListOptions = z.output<typeof ListOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'List the external users (employer contacts, representatives) of the client portals you manage (every portal for administrators).',
    )
    .option('--portal <portal>', 'of this client portal (id po_… or name)')
    .option('--status <status>', 'active or deactivated')
    .option('--email <email>', 'with this email address');
  addPagingFlags(cmd, 'user', 'users')
    .addHelpText(
      'after',
      examples([
        'portalctl portal users list',
        'portalctl portal users list --portal po_northstar01 --status active',
        'portalctl portal users list --all --json',
        'portalctl portal users list --status deactivated -q',
      ]),
    )
    .action(
      action(async (deps, flags: Record<string, unknown>) => {
        await runList(parseOptions(ListOptionsSchema, flags), deps);
      }),
    );
}

export async function runList(options: ListOptions, deps: Deps): Promise<void> {
  await printPages(deps, portalUserView, 'listPortalUsers', options, async (api) => ({
    portalId: options.portal ? (await resolvePortal(api, options.portal, '--portal')).id : undefined,
    status: options.status,
    email: options.email,
  }));
}
