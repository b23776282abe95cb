// `portalctl portal users deactivate`: end an external user's access. Every active shared link of
// theirs stops working at once. Confirmed on a terminal or with --yes; --dry-run changes nothing.
import { defineCommand, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag, portalUserArg, reasonFlag } from '../../../command/shared-options.js';
import { confirmAction } from '../../../io/confirm.js';
import { printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { portalUserName, portalUserView } from '../../../io/views/portal-user.js';

const options = {
  user: portalUserArg(),
  ...reasonFlag(),
  ...dryRunFlag('show whose access and which links would end; change nothing'),
};
type DeactivateOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['portal', 'users', 'deactivate'],
  summary: 'Deactivate an external user (their links stop working)',
  description:
    'Deactivate an external portal user: their access ends and every active shared link of theirs stops working at once. The record and its history stay; `portalctl portal users reactivate` gives them access again. Asks to confirm on a terminal; pass --yes otherwise.',
  options,
  examples: [
    'portalctl portal users deactivate pu_000004',
    'portalctl portal users deactivate tyrone.baptiste@harbourfront-hospitality.example.com --yes',
    'portalctl portal users deactivate pu_000004 --dry-run --json',
  ],
  run: runDeactivate,
});

async function runDeactivate(options: DeactivateOptions, deps: Deps): Promise<void> {
  deps.out.check(portalUserView);
  const user = await resolvePortalUser(deps, options.user, {
    message: 'Which portal user should be deactivated? (type a name or email)',
    unavailable: (u) => (u.status === 'deactivated' ? 'already deactivated' : undefined),
  });
  const who = `${portalUserName(user)} <${user.email}>`;
  if (user.status === 'deactivated') {
    await deps.out.one(portalUserView, user);
    deps.out.info(
      `${who} is already deactivated${user.deactivatedAt ? ` (since ${deps.out.time(user.deactivatedAt)})` : ''}; nothing changed`,
    );
    return;
  }
  const api = await deps.api();
  const { data } = await api.call('listSharedLinks', { params: { id: user.id } });
  const active = data.filter((l) => l.status === 'active');
  const links = `${active.length} active shared link${active.length === 1 ? '' : 's'}`;
  const stop = active.length === 1 ? 'stops' : 'stop';
  if (options.dryRun) {
    printDryRun(
      deps,
      {
        action: 'portal-user.deactivate',
        portalUserId: user.id,
        email: user.email,
        expireLinkIds: active.map((l) => l.id),
      },
      [],
      `Dry run: would deactivate ${who} (${user.id}); ${links}${active.length ? ` (${active.map((l) => l.id).join(', ')})` : ''} would stop working. Nothing was changed.`,
      options.reason,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Deactivate ${who}? Their access ends and ${links} ${stop} working.`,
    consequence: `deactivating ${user.id} ends their access (${links} ${stop} working)`,
  });
  const updated = await withReasonFlag(
    api.call('deactivatePortalUser', {
      params: { id: user.id },
      body: options.reason ? { reason: options.reason } : {},
    }),
  );
  await deps.out.one(portalUserView, updated);
  deps.out.success(`Deactivated ${who}; ${links} expired`);
}
