// `portalctl clients consent`: record whether a client agrees to be put forward to employers'
// client portals. Nobody is shared with an employer without it; withdrawing it takes the client
// off the portals they are on, after saying which.
import * as z from 'zod';
import { defineCommand, flag } from '../../command/define.js';
import { clientArg, reasonFlag } from '../../command/shared-options.js';
import { ClientConsentUpdateSchema } from '../../contract/schemas.js';
import { CliError } from '../../errors.js';
import { confirmAction } from '../../io/confirm.js';
import { resolveClient } from '../../io/resolve.js';
import { candidateName } from '../../io/views/candidate.js';
import { clientName } from '../../io/views/client.js';

const Answer = z.enum(['yes', 'no'], { message: 'must be yes or no' });

export default defineCommand({
  path: ['clients', 'consent'],
  summary: "Record a client's consent to being shared with employers",
  description:
    "Record the client's answer: may they be put forward to employers' client portals (as a candidate, with an executive summary and documents)? Without a yes, portals candidates add refuses them. Withdrawing consent (no) from a client who is a candidate takes them off those portals: it names them and confirms on a terminal; pass --yes otherwise. Recorded with who and when (shown by clients get) and in the audit log.",
  options: {
    client: clientArg(),
    shareWithEmployers: flag('--share-with-employers <answer>', "the client's answer: yes or no", Answer.optional()),
    ...reasonFlag(
      'why, or where they said so; kept in the audit log',
      ClientConsentUpdateSchema().shape.reason.unwrap(),
    ),
  },
  examples: [
    'portalctl clients consent cl_000014 --share-with-employers yes --reason "Agreed at the intake meeting"',
    'portalctl clients consent chloe.dasilva6@example.org --share-with-employers no --yes',
    'portalctl clients consent            # on a terminal: find the client, pick the answer',
  ],
  async run(options, deps) {
    const client = await resolveClient(deps, options.client, { message: 'Whose consent? (type a name or email)' });
    const answer =
      options.shareWithEmployers ??
      (await deps.prompter.select<'yes' | 'no'>({
        message: `May ${clientName(client)} be put forward to employers' client portals?`,
        flag: '--share-with-employers',
        choices: [
          { name: 'Yes, they agree', value: 'yes' },
          { name: 'No', value: 'no' },
        ],
      }));
    const api = await deps.api();
    const body = {
      shareWithEmployers: answer === 'yes',
      ...(options.reason ? { reason: options.reason } : {}),
    };
    const call = (removeCandidates: boolean) =>
      api.call('setClientConsent', {
        params: { id: client.id },
        body: removeCandidates ? { ...body, removeCandidates: true } : body,
      });
    let result: Awaited<ReturnType<typeof call>>;
    try {
      result = await call(false);
    } catch (error) {
      if (!(error instanceof CliError) || error.code !== 'client-is-candidate') throw error;
      await confirmAction(deps, {
        message: `${error.message}. Withdrawing consent takes them off. Continue?`,
        consequence: `${error.message}; withdrawing consent takes them off`,
      });
      result = await call(true);
    }
    const { consent } = result.client;
    const said = consent.shareWithEmployers ? 'may be put forward to employers' : 'is not to be shared with employers';
    deps.out.value(result, `${clientName(result.client)} (${client.id}) ${said}`);
    if (client.consent?.shareWithEmployers === consent.shareWithEmployers) {
      deps.out.info(`${clientName(client)}'s answer was already recorded as ${answer}; nothing changed`);
    } else deps.out.success(`Consent recorded for ${clientName(client)} (${client.id}): ${answer}`);
    if (result.removedCandidates.length) {
      deps.out.info(
        `Taken off client portals: ${result.removedCandidates.map((c) => `${candidateName(c)} (${c.id}, ${c.jobId})`).join(', ')}`,
      );
    }
  },
});
