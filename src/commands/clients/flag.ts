// `portalctl clients flag`: add a safety flag, with its reason, to a client's file.
import type { Command } from 'commander';
import * as z from 'zod';
import { action, examples } from '../../command/commander.js';
import { parseOptions } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { IdempotencyKeySchema } from '../../command/shared-options.js';
import { FlagCreateSchema } from '../../contract/schemas.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName, clientView } from '../../io/views/client.js';

export const FlagOptionsSchema = z.object({
  client: z.string().min(1).optional(),
  reason: FlagCreateSchema.shape.reason.optional(),
  idempotencyKey: IdempotencyKeySchema.optional(),
});
export type FlagOptions = z.output<typeof FlagOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      "Add a safety flag to a client's file, with the reason staff should know about (at most 200 characters).",
    )
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .option('--reason <text>', 'why the client is flagged')
    .option('--idempotency-key <key>', 'reuse a key to retry safely: the portal replays the first answer')
    .addHelpText(
      'after',
      examples([
        'portalctl clients flag ada@example.org --reason "Meet in pairs only"',
        'portalctl clients flag cl_01jq3v4w5x6y7z --reason "No home visits" --json',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined, flags: Record<string, unknown>) => {
        await runFlag(parseOptions(FlagOptionsSchema, { ...flags, client }, { client: '<client>' }), deps);
      }),
    );
}

export async function runFlag(options: FlagOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, { message: 'Which client do you want to flag?' });
  const reason =
    options.reason ??
    (
      await deps.prompter.input({
        message: 'Reason for the safety flag',
        flag: '--reason',
        validate: (v) => (!v.trim() ? 'a reason is required' : v.trim().length > 200 ? 'at most 200 characters' : true),
      })
    ).trim();
  const api = await deps.api();
  const updated = await api.call(
    'addSafetyFlag',
    { params: { id: client.id }, body: { reason } },
    { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
  );
  await deps.out.one(clientView, updated);
  deps.out.success(
    `Safety flag added to ${clientName(updated)} (${updated.id}); ${updated.safetyFlags.length} flag${updated.safetyFlags.length === 1 ? '' : 's'} in all`,
  );
}
