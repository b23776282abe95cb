// `portalctl clients representatives list`: the representatives invited for a client.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { resolveClient } from '../../../io/resolve.js';
import { representativeView } from '../../../io/views/representative.js';

export const RepListOptionsSchema = z.object({
  client: z.string().min(1).optional(),
});
export type RepListOptions = z.output<typeof RepListOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description("List a client's representatives: who was invited, and when.")
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .addHelpText(
      'after',
      examples([
        'portalctl clients representatives list ada@example.org',
        'portalctl clients representatives list cl_01jq3v4w5x6y7z --json',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined) => {
        await runRepList(parseOptions(RepListOptionsSchema, { client }, { client: '<client>' }), deps);
      }),
    );
}

export async function runRepList(options: RepListOptions, deps: Deps): Promise<void> {
  deps.out.check(representativeView);
  const client = await resolveClient(deps, options.client, { message: 'Whose representatives?' });
  const api = await deps.api();
  const { data } = await api.call('listRepresentatives', { params: { id: client.id } });
  await deps.out.list(representativeView, data);
}
