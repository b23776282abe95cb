// `portalctl portal users get`: one external portal user.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { portalUserView } from '../../../io/views/portal-user.js';

export const GetOptionsSchema = z.object({
  user: z.string().min(1).optional(),
});
export type GetOptions = z.output<typeof GetOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Show one external portal user: portal, access (all jobs or selected jobs), status and dates. Name the user by id or email; on a terminal, leave it out to search.',
    )
    .argument('[user]', 'portal user id (pu_…) or email address')
    .addHelpText(
      'after',
      examples([
        'portalctl portal users get pu_000001',
        'portalctl portal users get rebecca.hughes@maple-logistics.example.com --json',
      ]),
    )
    .action(
      action(async (deps, user: string | undefined) => {
        await runGet(parseOptions(GetOptionsSchema, { user }, { user: '<user>' }), deps);
      }),
    );
}

export async function runGet(options: GetOptions, deps: Deps): Promise<void> {
  deps.out.check(portalUserView);
  const user = await resolvePortalUser(deps, options.user);
  await deps.out.one(portalUserView, user);
}
