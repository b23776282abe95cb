// `portalctl clients get`: the reference for a command that names one client.
//   register(cmd)  flags and help        (commander; no logic)
//   GetOptions     what the command needs (zod: flags are checked and named in errors)
//   runGet         the work: deps in, output out (never touches process)
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { resolveClient } from '../../io/resolve.js';
import { clientView } from '../../io/views/client.js';

export const GetOptionsSchema = z.object({
  /** An id (cl_…) or email; undefined on a terminal starts an interactive search. */
  client: z.string().min(1).optional(),
});
export type GetOptions = z.output<typeof GetOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Show one client: profile, status, invitation (with the current invite link), CaMS or CA link and safety flags. Name the client by id or email; on a terminal, leave it out to search.',
    )
    .argument('[client]', 'client id (cl_…) or email address')
    .addHelpText(
      'after',
      examples([
        'portalctl clients get cl_01jq3v4w5x6y7z',
        'portalctl clients get ada@example.org --json',
        'portalctl clients get ada@example.org --fields id,inviteLink -o tsv',
        'portalctl clients get            # on a terminal: search by name',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined) => {
        await runGet(parseOptions(GetOptionsSchema, { client }, { client: '<client>' }), deps);
      }),
    );
}

export async function runGet(options: GetOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client);
  await deps.out.one(clientView, client);
}
