// `portalctl portal users send-link`: email an external user a fresh shared link, e.g. when every
// link of theirs has expired. Same user record (no second invitation); with --expire-others only
// the new link works. It emails someone, so it confirms on a terminal and needs --yes otherwise.
import * as z from 'zod';
import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag, idempotencyKeyFlag, portalUserArg, reasonFlag } from '../../../command/shared-options.js';
import { CliError } from '../../../errors.js';
import { confirmAction } from '../../../io/confirm.js';
import { plannedMessage, printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { portalInviteView, portalUserName } from '../../../io/views/portal-user.js';

const options = {
  user: portalUserArg(),
  expireOthers: flag(
    '--expire-others',
    'also expire their other active links, so only the new one works',
    z.boolean().default(false),
  ),
  ...reasonFlag(),
  ...dryRunFlag('show who would be emailed and which links would expire; send nothing'),
  ...idempotencyKeyFlag(),
};
type SendLinkOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['portal', 'users', 'send-link'],
  summary: 'Email a user a fresh shared link',
  description:
    'Email an external portal user a fresh shared link, for example when all their links have expired. It is the same user, with the same access and history: nobody is invited twice. With --expire-others, their other active links stop working. A deactivated user is reactivated first (portalctl portal users reactivate). Prints the user and the new link; the outbox shows the email. Asks to confirm on a terminal; pass --yes otherwise.',
  options,
  examples: [
    'portalctl portal users send-link ines.carvalho@harbourfront-hospitality.example.com',
    'portalctl portal users send-link pu_000008 --expire-others --yes',
    'portalctl portal users send-link pu_000005 --dry-run --json',
    'portalctl portal users send-link            # on a terminal: search for the user',
  ],
  run: runSendLink,
});

async function runSendLink(options: SendLinkOptions, deps: Deps): Promise<void> {
  deps.out.check(portalInviteView);
  const user = await resolvePortalUser(deps, options.user, {
    message: 'Who should get a fresh shared link? (type a name or email)',
    unavailable: (u) =>
      u.status === 'deactivated' ? `deactivated: portalctl portal users reactivate ${u.id}` : undefined,
  });
  const who = `${portalUserName(user)} <${user.email}>`;
  if (user.status === 'deactivated') {
    throw new CliError('conflict', `${who} (${user.id}) is deactivated: a deactivated user is sent no link`, {
      hint: `reactivate them first (same record, history kept): portalctl portal users reactivate ${user.id} --send-link`,
      details: { code: 'portal-user-inactive' },
    });
  }
  const api = await deps.api();
  const active = options.expireOthers
    ? (await api.call('listSharedLinks', { params: { id: user.id } })).data.filter((l) => l.status === 'active')
    : [];
  const ids = active.map((l) => l.id).join(', ');
  const others = `${active.length} other active link${active.length === 1 ? '' : 's'} (${ids})`;
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'portal-user.link.send', portalUserId: user.id, expireLinkIds: active.map((l) => l.id) },
      [plannedMessage('sharedLink', user.email)],
      `Dry run: would email a fresh shared link to ${who} (${user.id})${active.length ? `; ${others} would stop working` : ''}. Nothing was sent.`,
      options.reason,
    );
    return;
  }
  const stop = active.length === 1 ? 'stops' : 'stop';
  await confirmAction(deps, {
    message: `Email a fresh shared link to ${who}?${active.length ? ` Their ${others} ${stop} working.` : ''}`,
    consequence: `this emails a fresh shared link to ${user.email}${active.length ? ` and ${others} ${stop} working` : ''}`,
  });
  const body = {
    ...(options.expireOthers ? { expireOthers: true } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  };
  const sent = await withReasonFlag(
    api.call(
      'sendSharedLink',
      { params: { id: user.id }, body },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    ),
  );
  await deps.out.one(portalInviteView, sent);
  const expired = sent.expired.length
    ? `; ${sent.expired.length} other link${sent.expired.length === 1 ? '' : 's'} expired`
    : '';
  deps.out.success(`A fresh shared link was sent to ${who}${expired}`);
}
