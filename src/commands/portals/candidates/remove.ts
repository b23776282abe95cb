// `portalctl portals candidates remove`: take a candidate off a client portal. The portal keeps
// the record, for the audit and for the feedback left on it.
import * as z from 'zod';
import type { ApiClient } from '../../../api/client.js';
import { arg, defineCommand } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag, portalArg, reasonFlag } from '../../../command/shared-options.js';
import { type Candidate, CandidateRemoveSchema } from '../../../contract/schemas.js';
import { CliError, usageError } from '../../../errors.js';
import { confirmAction } from '../../../io/confirm.js';
import { printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { type Portal, pickPortal } from '../../../io/resolve-portal.js';
import { candidateName, candidateView } from '../../../io/views/candidate.js';

function jobTitle(portal: Portal, jobId: string): string {
  return portal.jobs.find((j) => j.id === jobId)?.title ?? jobId;
}

/** A candidate of the portal by id (cd_…), or by the client's id, email or name when that names one. */
async function pickCandidate(
  deps: Pick<Deps, 'prompter'>,
  api: ApiClient,
  portal: Portal,
  value: string | undefined,
): Promise<Candidate> {
  if (!value?.trim() && !deps.prompter.interactive) {
    throw usageError(
      '<candidate> is required when not running interactively',
      'pass a candidate id (cd_…) or the client',
    );
  }
  const { data } = await api.call('listCandidates', { params: { id: portal.id } });
  const list = data.map((c) => `${candidateName(c)} for ${jobTitle(portal, c.jobId)} (${c.id})`).join(', ') || 'none';
  if (!value?.trim()) {
    if (data.length === 0) throw new CliError('not-found', `${portal.name} has no candidates`);
    return deps.prompter.select<Candidate>({
      message: 'Which candidate?',
      flag: '<candidate>',
      choices: data.map((c) => ({
        name: `${candidateName(c)} — ${jobTitle(portal, c.jobId)}`,
        value: c,
        description: c.id,
      })),
    });
  }
  const wanted = value.trim().toLowerCase();
  const byId = data.find((c) => c.id === wanted || c.clientId === wanted);
  const matches = byId ? [byId] : data.filter((c) => candidateName(c).toLowerCase() === wanted);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw usageError(
      `<candidate>: ${value.trim()} is a candidate for several jobs: pass the candidate id`,
      `its candidates: ${list}`,
    );
  }
  throw new CliError('not-found', `<candidate>: no candidate "${value.trim()}" on ${portal.name}`, {
    hint: `its candidates: ${list}`,
  });
}

export default defineCommand({
  path: ['portals', 'candidates', 'remove'],
  summary: 'Take a candidate off a client portal',
  description:
    "Take a candidate off a client portal: its users no longer see them. The portal keeps the record for the audit and for the feedback left on it. Name the candidate by id (cd_…), or by the client's id or name when they are a candidate for one job. Confirms on a terminal; pass --yes otherwise.",
  options: {
    portal: portalArg(),
    candidate: arg(
      '[candidate]',
      "candidate id (cd_…), or the client's id or name; on a terminal, leave it out to pick",
      z.string().min(1).optional(),
    ),
    ...reasonFlag('why, kept in the audit log', CandidateRemoveSchema().shape.reason.unwrap()),
    ...dryRunFlag('show the candidate that would be taken off; change nothing'),
  },
  examples: [
    'portalctl portals candidates remove po_northstar01 cd_000002 --reason "Hired elsewhere" --yes',
    'portalctl portals candidates remove po_northstar01 "Kwame Chen" --dry-run',
    'portalctl portals candidates remove            # on a terminal: pick the portal and the candidate, confirm',
  ],
  async run(options, deps) {
    deps.out.check(candidateView);
    const portal = await pickPortal(deps, options.portal, { flag: '<portal>', message: 'Which client portal?' });
    const api = await deps.api();
    const candidate = await pickCandidate(deps, api, portal, options.candidate);
    const what = `${candidateName(candidate)} (${candidate.id}) for ${jobTitle(portal, candidate.jobId)} on ${portal.name}`;
    if (options.dryRun) {
      printDryRun(
        deps,
        {
          action: 'client-portal.candidate.remove',
          portalId: portal.id,
          candidateId: candidate.id,
          clientId: candidate.clientId,
          jobId: candidate.jobId,
        },
        [],
        `Dry run: would take ${what} off; its users would no longer see them. Nothing was changed.`,
        options.reason,
      );
      return;
    }
    await confirmAction(deps, {
      message: `Take ${what} off the portal?`,
      consequence: `this takes ${what} off the portal`,
    });
    const removed = await withReasonFlag(
      api.call('removeCandidate', {
        params: { id: portal.id, candidateId: candidate.id },
        body: options.reason ? { reason: options.reason } : {},
      }),
    );
    await deps.out.one(candidateView, removed);
    deps.out.success(`Took ${what} off; the portal keeps the record and its feedback`);
  },
});
