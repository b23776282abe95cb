// `portalctl ca lookup`: a Common Assessment by CA number, and whether (and for whom) it was
// imported already. Only submitted assessments can be imported, once; an in-progress one is
// refused by the portal as "no match".
import * as z from 'zod';
import { arg, defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { assessmentView } from '../../io/views/assessment.js';
import { clientName } from '../../io/views/client.js';

const options = {
  number: arg(
    '<number>',
    'Common Assessment number, e.g. CA-3005001',
    z.string().trim().min(1, 'must not be empty').max(50),
  ),
};
type CaLookupOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['ca', 'lookup'],
  summary: 'Look up a Common Assessment by CA number',
  description:
    'Look up a submitted Common Assessment by CA number, to import it when adding a client (portalctl clients add --ca-number). Shows whether it was already imported, and for which client (a client of another provider is not named): an assessment is copied once. An assessment still in progress cannot be imported.',
  options,
  examples: ['portalctl ca lookup CA-3005001', 'portalctl ca lookup CA-3005001 --json'],
  run: runCaLookup,
});

async function runCaLookup(options: CaLookupOptions, deps: Deps): Promise<void> {
  deps.out.check(assessmentView);
  const api = await deps.api();
  const assessment = await api.call('lookupAssessment', { params: { caNumber: options.number } });
  await deps.out.one(assessmentView, assessment);
  if (deps.out.format !== 'table' || deps.out.quiet) return;
  if (!assessment.imported) {
    deps.out.info(
      `Not imported yet. To add this person as a client: portalctl clients add --ca-number ${assessment.caNumber}`,
    );
    return;
  }
  if (!assessment.importedClientId) {
    deps.out.info('Already imported: in use at another provider; a Common Assessment is copied once.');
    return;
  }
  const holder = await api.call('getClient', { params: { id: assessment.importedClientId } });
  deps.out.info(
    `Already imported for client ${holder.id}: ${clientName(holder)} <${holder.email}>; a Common Assessment is copied once.`,
  );
}
