// `portalctl clients flags add`: add a safety flag, with its reason, to a client's file.
import { defineCommand, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { clientArg, idempotencyKeyFlag, reasonFlag } from '../../../command/shared-options.js';
import { FlagCreateSchema } from '../../../contract/schemas.js';
import { resolveClient } from '../../../io/resolve.js';
import { clientName, clientView } from '../../../io/views/client.js';

const flagAddOptions = {
  client: clientArg(),
  ...reasonFlag(
    'why the client is flagged: what staff should know (at most 200 characters)',
    FlagCreateSchema().shape.reason,
  ),
  ...idempotencyKeyFlag(),
};

async function runFlagAdd(options: OptionsOf<typeof flagAddOptions>, deps: Deps): Promise<void> {
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
  const count = updated.safetyFlags.length;
  deps.out.success(
    `Safety flag ${updated.safetyFlags.at(-1)?.id ?? ''} added to ${clientName(updated)} (${updated.id}); ${count} flag${count === 1 ? '' : 's'} in force`,
  );
}

export default defineCommand({
  path: ['clients', 'flags', 'add'],
  summary: 'Add a safety flag to a client',
  description:
    "Add a safety flag to a client's file, with the reason staff should know about (at most 200 characters). Prints the client, whose safety flags list it. Remove one with portalctl clients flags remove; list them with portalctl clients flags list.",
  options: flagAddOptions,
  examples: [
    'portalctl clients flags add ada@example.org --reason "Meet in pairs only"',
    'portalctl clients flags add cl_01jq3v4w5x6y7z --reason "No home visits" --json',
  ],
  run: runFlagAdd,
});
