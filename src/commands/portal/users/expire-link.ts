// `portalctl portal users expire-link`: end access through one shared link, or through every
// active link of a user (--user USER --all). Access ends at once. Confirmed on a terminal or with
// --yes; --dry-run changes nothing. The confirmation and the dry run say whose link it is (user,
// portal, status, sent, last used), read with GET /v1/shared-links/:id and the user it names.
import * as z from 'zod';
import type { ApiClient } from '../../../api/client.js';
import { arg, defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag, reasonFlag } from '../../../command/shared-options.js';
import type { PortalUser, SharedLink } from '../../../contract/schemas.js';
import { CliError, usageError } from '../../../errors.js';
import { confirmAction } from '../../../io/confirm.js';
import { printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { portalUserName, sharedLinkView } from '../../../io/views/portal-user.js';

const options = {
  link: arg('[link]', 'shared link id (ln_…)', z.string().trim().min(1).optional()),
  user: flag(
    '--user <user>',
    'the portal user (id pu_… or email): with --all, or to check LINK is theirs',
    z.string().trim().min(1).optional(),
  ),
  all: flag('--all', "every active link of --user's", z.boolean().default(false)),
  ...reasonFlag(),
  ...dryRunFlag('show which links would expire, and whose; change nothing'),
};
type ExpireOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['portal', 'users', 'expire-link'],
  summary: 'Expire a shared link (or all links of a user)',
  description:
    'Expire a shared link: access through it ends at once. Before asking (and with --dry-run) it shows whose link it is: the user, their portal, the status, when it was sent and last used. With --user USER --all, expire every active link of that user. Asks to confirm on a terminal; pass --yes otherwise. On a terminal with no link given, pick the user and the link. To give the user a new link afterwards: portalctl portal users send-link.',
  options,
  examples: [
    'portalctl portal users expire-link ln_000003',
    'portalctl portal users expire-link ln_000003 --dry-run',
    'portalctl portal users expire-link ln_000003 --yes --json',
    'portalctl portal users expire-link --user pu_000008 --all --yes',
    'portalctl portal users expire-link --user pu_000008 --all --dry-run',
  ],
  run: runExpire,
});

function noSuchLink(linkId: string, user?: PortalUser): CliError {
  return new CliError(
    'not-found',
    user ? `no shared link ${linkId} of portal user ${user.id}` : `no shared link ${linkId}`,
    {
      status: 404,
      hint: 'list the links of a user with portalctl portal users links USER',
    },
  );
}

async function expireAll(user: PortalUser, options: ExpireOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { data } = await api.call('listSharedLinks', { params: { id: user.id } });
  const active = data.filter((l) => l.status === 'active');
  const who = `${portalUserName(user)} <${user.email}>`;
  if (active.length === 0) {
    await deps.out.list(sharedLinkView, []);
    deps.out.info(`${who} has no active shared link; nothing changed`);
    return;
  }
  const ids = active.map((l) => l.id).join(', ');
  const count = `${active.length} active link${active.length === 1 ? '' : 's'}`;
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'shared-links.expire', portalUserId: user.id, expireLinkIds: active.map((l) => l.id) },
      [],
      `Dry run: would expire ${count} of ${who} (${ids}). Nothing was changed.`,
      options.reason,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Expire ${count} of ${who} (${ids})? Access through them ends at once.`,
    consequence: `expiring ${count} of ${user.id} ends their access through them`,
  });
  const expired = await withReasonFlag(
    api.call('expireAllLinks', { params: { id: user.id }, body: options.reason ? { reason: options.reason } : {} }),
  );
  await deps.out.list(sharedLinkView, expired.data);
  deps.out.success(`Expired ${expired.data.length} link${expired.data.length === 1 ? '' : 's'} of ${who}`);
}

async function pickLink(user: PortalUser, deps: Deps): Promise<SharedLink> {
  const api = await deps.api();
  const { data } = await api.call('listSharedLinks', { params: { id: user.id } });
  const active = data.filter((l) => l.status === 'active');
  if (active.length === 0) {
    throw new CliError('conflict', `${portalUserName(user)} (${user.id}) has no active shared link`, {
      hint: `see their links: portalctl portal users links ${user.id}`,
    });
  }
  return deps.prompter.select({
    message: 'Which link?',
    flag: '<link>',
    choices: active.map((l) => ({
      name: `${l.id} sent ${deps.out.time(l.sentAt)}`,
      value: l,
      description: l.lastUsedAt ? `last used ${deps.out.time(l.lastUsedAt)} from ${l.lastUsedIp ?? '?'}` : 'never used',
    })),
  });
}

/**
 * The link and whose it is. With --user, a link of anyone else is not found, as the user named it.
 * The portal scopes the link to the caller's provider, so its user can be read too.
 */
async function loadLink(
  api: ApiClient,
  linkId: string,
  user?: PortalUser,
): Promise<{ link: SharedLink; user: PortalUser }> {
  let link: SharedLink;
  try {
    link = await api.call('getSharedLink', { params: { id: linkId } });
  } catch (error) {
    if (error instanceof CliError && error.kind === 'not-found') throw noSuchLink(linkId, user);
    throw error;
  }
  if (user && link.portalUserId !== user.id) throw noSuchLink(linkId, user);
  const owner = user ?? (await api.call('getPortalUser', { params: { id: link.portalUserId } }));
  return { link, user: owner };
}

/** Whose link it is and how it stands, for a person to check before it expires. */
function linkDetails(link: SharedLink, owner: PortalUser, time: (iso: string) => string): string {
  const rows: Array<[string, string]> = [
    [
      'user',
      `${portalUserName(owner)} <${owner.email}> (${owner.id}${owner.status === 'active' ? '' : `, ${owner.status}`})`,
    ],
    ['portal', owner.portalId],
    ['status', link.status === 'expired' && link.expiredAt ? `expired ${time(link.expiredAt)}` : link.status],
    ['sent', time(link.sentAt)],
    ['last used', link.lastUsedAt ? `${time(link.lastUsedAt)} from ${link.lastUsedIp ?? 'an unknown IP'}` : 'never'],
  ];
  return [`Shared link ${link.id}`, ...rows.map(([name, value]) => `  ${`${name}:`.padEnd(11)}${value}`)].join('\n');
}

/** Nothing to do: the link as it is on stdout, and that it had already expired on stderr (exit 0). */
async function alreadyExpired(deps: Deps, link: SharedLink, who: string): Promise<void> {
  await deps.out.one(sharedLinkView, link);
  deps.out.info(
    `Link ${link.id} of ${who} has already expired${link.expiredAt ? ` (${deps.out.time(link.expiredAt)})` : ''}; nothing changed`,
  );
}

async function runExpire(options: ExpireOptions, deps: Deps): Promise<void> {
  deps.out.check(sharedLinkView);
  if (options.link && options.all) {
    throw usageError(
      'pass either a <link> or --user USER --all, not both',
      'portalctl portal users expire-link --help',
    );
  }
  if (options.all && !options.user) throw usageError('--all needs --user USER', 'e.g. --user pu_000008 --all');
  if (options.user && !options.link && !options.all && !deps.prompter.interactive) {
    throw usageError('--user needs a <link> or --all', 'e.g. --user pu_000008 --all, or expire-link ln_… --user pu_…');
  }
  if (!options.link && !options.user && !deps.prompter.interactive) {
    throw usageError(
      '<link> (or --user USER --all) is required when not running interactively',
      'pass a shared link id (ln_…); list them with portalctl portal users links USER',
    );
  }

  const user =
    options.user || !options.link
      ? await resolvePortalUser(deps, options.user, {
          flag: '--user',
          message: 'Whose link should expire? (type a name or email)',
        })
      : undefined;
  if (options.all && user) return expireAll(user, options, deps);

  const api = await deps.api();
  // The link is read first, --yes or not: an expired one is said to be so, never "expired" again
  // (the portal answers a repeat as a success, changing nothing).
  const { link, user: owner } = options.link
    ? await loadLink(api, options.link, user)
    : { link: await pickLink(user!, deps), user: user! };
  const who = `${portalUserName(owner)} <${owner.email}>`;
  if (link.status === 'expired') return alreadyExpired(deps, link, who);
  if (options.dryRun) {
    deps.out.info(linkDetails(link, owner, deps.out.time));
    printDryRun(
      deps,
      { action: 'shared-link.expire', portalUserId: owner.id, expireLinkIds: [link.id] },
      [],
      `Dry run: would expire link ${link.id} of ${who} (${owner.id}); access through it would end. Nothing was changed.`,
      options.reason,
    );
    return;
  }
  if (deps.prompter.interactive && !deps.flags.yes) deps.out.info(linkDetails(link, owner, deps.out.time));
  await confirmAction(deps, {
    message: `Expire link ${link.id} of ${who}? Access through it ends at once.`,
    consequence: `expiring link ${link.id} ends ${owner.id}'s access through it`,
  });

  let expired: SharedLink;
  try {
    expired = await withReasonFlag(
      api.call('expireLink', { params: { id: link.id }, body: options.reason ? { reason: options.reason } : {} }),
    );
  } catch (error) {
    if (error instanceof CliError && error.kind === 'not-found') throw noSuchLink(link.id);
    throw error;
  }
  await deps.out.one(sharedLinkView, expired);
  deps.out.success(`Expired link ${expired.id} of ${who}; access through it has ended`);
}
