// `portalctl portal users deactivate`: end an external user's access. Every active shared link of
// theirs stops working at once. Confirmed on a terminal or with --yes; --dry-run changes nothing.
import type { Command } from 'commander';
import * as z from 'zod';
import { action, examples } from '../../../command/commander.js';
import { parseOptions } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { confirmAction } from '../../../io/confirm.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { portalUserName, portalUserView } from '../../../io/views/portal-user.js';

export const DeactivateOptionsSchema = z.object({
  user: z.string().min(1).optional(),
  dryRun: z.boolean().default(false),
});
export type DeactivateOptions = z.output<typeof DeactivateOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Deactivate an external portal user: their access ends and every active shared link of theirs stops working at once. Asks to confirm on a terminal; pass --yes otherwise.',
    )
    .argument('[user]', 'portal user id (pu_…) or email address; on a terminal, leave it out to search')
    .option('--dry-run', 'show whose access and which links would end; change nothing')
    .addHelpText(
      'after',
      examples([
        'portalctl portal users deactivate pu_000004',
        'portalctl portal users deactivate tyrone.baptiste@harbourfront-hospitality.example.com --yes',
        'portalctl portal users deactivate pu_000004 --dry-run --json',
      ]),
    )
    .action(
      action(async (deps, user: string | undefined, flags: Record<string, unknown>) => {
        await runDeactivate(parseOptions(DeactivateOptionsSchema, { ...flags, user }, { user: '<user>' }), deps);
      }),
    );
}

export async function runDeactivate(options: DeactivateOptions, deps: Deps): Promise<void> {
  deps.out.check(portalUserView);
  const user = await resolvePortalUser(deps, options.user, {
    message: 'Which portal user should be deactivated? (type a name or email)',
  });
  const who = `${portalUserName(user)} <${user.email}>`;
  if (user.status === 'deactivated') {
    await deps.out.one(portalUserView, user);
    deps.out.info(
      `${who} is already deactivated${user.deactivatedAt ? ` (since ${user.deactivatedAt})` : ''}; nothing changed`,
    );
    return;
  }
  const api = await deps.api();
  const { data } = await api.call('listSharedLinks', { params: { id: user.id } });
  const active = data.filter((l) => l.status === 'active');
  const links = `${active.length} active shared link${active.length === 1 ? '' : 's'}`;
  const stop = active.length === 1 ? 'stops' : 'stop';
  if (options.dryRun) {
    deps.out.value(
      {
        dryRun: true,
        action: 'portal-user.deactivate',
        portalUserId: user.id,
        email: user.email,
        expireLinkIds: active.map((l) => l.id),
      },
      `Dry run: would deactivate ${who} (${user.id}); ${links}${active.length ? ` (${active.map((l) => l.id).join(', ')})` : ''} would stop working. Nothing was changed.`,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Deactivate ${who}? Their access ends and ${links} ${stop} working.`,
    consequence: `deactivating ${user.id} ends their access (${links} ${stop} working)`,
  });
  const updated = await api.call('deactivatePortalUser', { params: { id: user.id } });
  await deps.out.one(portalUserView, updated);
  deps.out.success(`Deactivated ${who}; ${links} expired`);
}
