// `portalctl portals candidates add`: put a client forward for a job of a client portal, with an
// executive summary (the client-facing note) and documents from the client's own files. The
// portal refuses a client whose consent to being shared with employers is not recorded.
import * as z from 'zod';
import { arg, defineCommand, flag } from '../../../command/define.js';
import { clientArg, idempotencyKeyFlag, portalArg } from '../../../command/shared-options.js';
import { CandidateCreateSchema } from '../../../contract/schemas.js';
import { CliError } from '../../../errors.js';
import { splitList } from '../../../io/client-profile.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickJob, pickPortal } from '../../../io/resolve-portal.js';
import { textFromFlag } from '../../../io/stdin.js';
import { candidateName, candidateView } from '../../../io/views/candidate.js';
import { clientName } from '../../../io/views/client.js';

const Summary = CandidateCreateSchema().shape.summary.unwrap();

export default defineCommand({
  path: ['portals', 'candidates', 'add'],
  summary: 'Put a client forward for a job of a client portal',
  description:
    "Put a client (a jobseeker) forward for a job of a client portal, with an executive summary (a client-facing note shown in its own column) and documents from the client's Files (by file id or name; see clients files list). Needs the portal-users and clients permissions. The client must have agreed to be shared with employers, recorded with portalctl clients consent; otherwise the portal refuses (exit 6) and says how to record it. The portal's users are told by portalctl portals notify.",
  options: {
    portal: portalArg(),
    job: arg('[job]', 'job id (jb_…) or title; on a terminal, leave it out to pick', z.string().min(1).optional()),
    client: clientArg(),
    summary: flag('--summary <text>', 'the executive summary; - reads it from standard input', Summary.optional()),
    document: flag(
      '--document <file>',
      "a document from the client's files, by id (fl_…) or name; comma-separated or repeated",
      z.array(z.string()).transform(splitList).optional(),
      { repeatable: true },
    ),
    ...idempotencyKeyFlag(),
  },
  examples: [
    'portalctl portals candidates add po_northstar01 "Inventory clerk" cl_000014 --summary "Five years of inventory work" --document resume.pdf',
    'portalctl portals candidates add po_northstar01 jb_maple004 darnell.levesque14@example.org --summary - < summary.txt --json',
    'portalctl portals candidates add            # on a terminal: pick the portal and job, find the client, write the summary',
  ],
  async run(options, deps) {
    deps.out.check(candidateView);
    const portal = await pickPortal(deps, options.portal, { flag: '<portal>', message: 'Which client portal?' });
    const job = await pickJob(deps, portal, options.job, { flag: '<job>', message: 'For which job?' });
    const client = await resolveClient(deps, options.client, { message: 'Who is put forward? (type a name or email)' });
    const given = await textFromFlag(deps, options.summary, {
      flag: '--summary',
      what: 'the executive summary',
      schema: Summary,
    });
    const summary =
      given ??
      (deps.prompter.interactive
        ? (
            await deps.prompter.input({
              message: 'Executive summary (shown to the employer; Enter for none)',
              flag: '--summary',
            })
          ).trim()
        : '');
    const api = await deps.api();
    const documentIds: string[] = [];
    if (options.document?.length) {
      const { data: files } = await api.call('listClientFiles', { params: { id: client.id } });
      for (const wanted of options.document) {
        const found =
          files.find((f) => f.id === wanted) ?? files.find((f) => f.name.toLowerCase() === wanted.toLowerCase());
        // An id that is not theirs goes to the portal as it is: the portal refuses it, naming it.
        if (found) documentIds.push(found.id);
        else if (/^fl_/.test(wanted)) documentIds.push(wanted);
        else {
          throw new CliError('not-found', `--document: ${clientName(client)} has no file "${wanted}"`, {
            hint: `their files: ${files.map((f) => `${f.name} (${f.id})`).join(', ') || 'none'}; see portalctl clients files list ${client.id}`,
          });
        }
      }
    }
    const candidate = await api.call(
      'addCandidate',
      {
        params: { id: portal.id },
        body: {
          jobId: job.id,
          clientId: client.id,
          ...(summary ? { summary } : {}),
          ...(documentIds.length ? { documentIds } : {}),
        },
      },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    );
    await deps.out.one(candidateView, candidate);
    deps.out.success(
      `${candidateName(candidate)} (${client.id}) put forward for ${job.title} on ${portal.name} as ${candidate.id}; tell its users with portalctl portals notify ${portal.id}`,
    );
  },
});
