// `portalctl portal users list`: external portal users of the portals you manage.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { resolvePortal } from '../../../io/resolve-portal-user.js';
import { portalUserView } from '../../../io/views/portal-user.js';

export const ListOptionsSchema = z.object({
  portal: z.string().trim().min(1).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  email: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').default(50),
  all: z.boolean().default(false),
});
export type ListOptions = z.output<typeof ListOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'List the external users (employer contacts, representatives) of the client portals you manage (every portal for administrators).',
    )
    .option('--portal <portal>', 'of this client portal (id po_… or name)')
    .option('--status <status>', 'active or deactivated')
    .option('--email <email>', 'with this email address')
    .option('--limit <n>', 'at most this many users', '50')
    .option('--all', 'every matching user (ignores --limit)')
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
  deps.out.check(portalUserView);
  const api = await deps.api();
  const portalId = options.portal ? (await resolvePortal(api, options.portal, '--portal')).id : undefined;
  const users = api.paginate(
    'listPortalUsers',
    {
      query: {
        ...(portalId ? { portalId } : {}),
        ...(options.status ? { status: options.status } : {}),
        ...(options.email ? { email: options.email } : {}),
      },
    },
    { limit: options.limit, all: options.all },
  );
  await deps.out.list(portalUserView, users);
}
