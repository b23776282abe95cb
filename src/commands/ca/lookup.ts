// `portalctl ca lookup`: a Common Assessment by CA number. Only submitted assessments can be
// imported; an in-progress one is refused by the portal as "no match".
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { assessmentView } from '../../io/views/assessment.js';

export const CaLookupOptionsSchema = z.object({
  caNumber: z.string().trim().min(1, 'must not be empty').max(50),
});
export type CaLookupOptions = z.output<typeof CaLookupOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Look up a submitted Common Assessment by CA number, to import it when adding a client (portalctl clients add --ca-number). An assessment still in progress cannot be imported.',
    )
    .argument('<number>', 'Common Assessment number, e.g. CA-3005001')
    .addHelpText('after', examples(['portalctl ca lookup CA-3005001', 'portalctl ca lookup CA-3005001 --json']))
    .action(
      action(async (deps, caNumber: string) => {
        await runCaLookup(parseOptions(CaLookupOptionsSchema, { caNumber }, { caNumber: '<number>' }), deps);
      }),
    );
}

export async function runCaLookup(options: CaLookupOptions, deps: Deps): Promise<void> {
  deps.out.check(assessmentView);
  const api = await deps.api();
  const assessment = await api.call('lookupAssessment', { params: { caNumber: options.caNumber } });
  await deps.out.one(assessmentView, assessment);
  if (deps.out.format === 'table' && !deps.out.quiet) {
    deps.out.info(`To add this person as a client: portalctl clients add --ca-number ${assessment.caNumber}`);
  }
}
