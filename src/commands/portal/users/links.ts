// `portalctl portal users links`: a user's shared links (sent, status, last used and from which IP).
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { sharedLinkView } from '../../../io/views/portal-user.js';

export const LinksOptionsSchema = z.object({
  user: z.string().min(1).optional(),
  active: z.boolean().default(false),
});
export type LinksOptions = z.output<typeof LinksOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      "List a portal user's shared links, newest first: when each was sent, whether it is active or expired, and when and from which IP it was last used.",
    )
    .argument('[user]', 'portal user id (pu_…) or email address; on a terminal, leave it out to search')
    .option('--active', 'only links that still work')
    .addHelpText(
      'after',
      examples([
        'portalctl portal users links pu_000002',
        'portalctl portal users links rebecca.hughes@maple-logistics.example.com --json',
        'portalctl portal users links pu_000002 --active -q',
      ]),
    )
    .action(
      action(async (deps, user: string | undefined, flags: Record<string, unknown>) => {
        await runLinks(parseOptions(LinksOptionsSchema, { ...flags, user }, { user: '<user>' }), deps);
      }),
    );
}

export async function runLinks(options: LinksOptions, deps: Deps): Promise<void> {
  deps.out.check(sharedLinkView);
  const user = await resolvePortalUser(deps, options.user);
  const api = await deps.api();
  const { data } = await api.call('listSharedLinks', { params: { id: user.id } });
  await deps.out.list(sharedLinkView, options.active ? data.filter((l) => l.status === 'active') : data);
}
