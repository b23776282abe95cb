// `portalctl portal users history`: what a portal user did and what was done to them.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { historyView } from '../../../io/views/portal-user.js';

export const HistoryOptionsSchema = z.object({
  user: z.string().min(1).optional(),
});
export type HistoryOptions = z.output<typeof HistoryOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      "Show a portal user's history, newest first: invited, links sent, used (from which IP) and expired, deactivated, and by whom.",
    )
    .argument('[user]', 'portal user id (pu_…) or email address; on a terminal, leave it out to search')
    .addHelpText(
      'after',
      examples(['portalctl portal users history pu_000001', 'portalctl portal users history pu_000001 --json']),
    )
    .action(
      action(async (deps, user: string | undefined) => {
        await runHistory(parseOptions(HistoryOptionsSchema, { user }, { user: '<user>' }), deps);
      }),
    );
}

export async function runHistory(options: HistoryOptions, deps: Deps): Promise<void> {
  deps.out.check(historyView);
  const user = await resolvePortalUser(deps, options.user);
  const api = await deps.api();
  const { data } = await api.call('portalUserHistory', { params: { id: user.id } });
  await deps.out.list(historyView, data);
}
