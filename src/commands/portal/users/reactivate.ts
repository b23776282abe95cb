// `portalctl portal users reactivate`: give a deactivated external user access again. The same
// record, with its history and access, so nothing is split between two records; --send-link
// also emails a fresh shared link (their old links stay expired).
import * as z from 'zod';
import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag, idempotencyKeyFlag, portalUserArg, reasonFlag } from '../../../command/shared-options.js';
import { confirmAction } from '../../../io/confirm.js';
import { plannedMessage, printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { accessText, portalInviteView, portalUserName, portalUserView } from '../../../io/views/portal-user.js';

const options = {
  user: portalUserArg(),
  sendLink: flag('--send-link', 'also email them a fresh shared link', z.boolean().default(false)),
  ...reasonFlag(),
  ...dryRunFlag('show who would be reactivated (and emailed); change nothing'),
  ...idempotencyKeyFlag(),
};
type ReactivateOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['portal', 'users', 'reactivate'],
  summary: 'Reactivate a deactivated user (same record, history kept)',
  description:
    'Give a deactivated external portal user access again: the same user record, with its access and history, instead of a second invitation. Their old links stay expired: pass --send-link to email a fresh one (asks to confirm on a terminal; pass --yes otherwise), or send one later with `portalctl portal users send-link`.',
  options,
  examples: [
    'portalctl portal users reactivate pu_000003',
    'portalctl portal users reactivate claire.fontaine@maple-logistics.example.com --send-link --yes',
    'portalctl portal users reactivate pu_000003 --dry-run --json',
    'portalctl portal users reactivate pu_000003 --send-link --yes --reason "Back on the hiring team"',
  ],
  run: runReactivate,
});

async function runReactivate(options: ReactivateOptions, deps: Deps): Promise<void> {
  deps.out.check(portalUserView);
  const user = await resolvePortalUser(deps, options.user, {
    message: 'Which portal user should be reactivated? (type a name or email)',
    unavailable: (u) => (u.status === 'active' ? 'already active' : undefined),
  });
  const who = `${portalUserName(user)} <${user.email}>`;
  if (user.status === 'active') {
    await deps.out.one(portalUserView, user);
    deps.out.info(`${who} is already active; nothing changed`);
    if (options.sendLink) deps.out.info(`to send them a fresh link: portalctl portal users send-link ${user.id}`);
    return;
  }
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'portal-user.reactivate', portalUserId: user.id },
      options.sendLink ? [plannedMessage('portalAccessBack', user.email)] : [],
      `Dry run: would reactivate ${who} (${user.id}) with ${accessText(user)}${options.sendLink ? ' and email them a fresh shared link' : ''}. Nothing was changed.`,
      options.reason,
    );
    return;
  }
  if (options.sendLink) {
    await confirmAction(deps, {
      message: `Reactivate ${who} and email them a fresh shared link?`,
      consequence: `this reactivates ${user.id} and emails a fresh shared link to ${user.email}`,
    });
  }
  const api = await deps.api();
  const result = await withReasonFlag(
    api.call(
      'reactivatePortalUser',
      {
        params: { id: user.id },
        body: {
          ...(options.sendLink ? { sendLink: true } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
        },
      },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    ),
  );
  if (result.link) {
    await deps.out.one(portalInviteView, { user: result.user, link: result.link });
    deps.out.success(`Reactivated ${who}; a fresh shared link was sent to ${user.email}`);
  } else {
    await deps.out.one(portalUserView, result.user);
    deps.out.success(`Reactivated ${who} (${user.id}), history kept`);
    deps.out.info(`their old links stay expired; to send a fresh one: portalctl portal users send-link ${user.id}`);
  }
}
