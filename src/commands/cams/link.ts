// `portalctl cams link`: link a portal client to their CaMS client. The portal's preview shows
// field by field what CaMS replaces (name, phone, address, date of birth and self-identification
// then come from CaMS and are read-only in the portal); names that clearly differ are refused
// unless --force; the link is confirmed on a terminal or with --yes.
import * as z from 'zod';
import type { ApiClient } from '../../api/client.js';
import { arg, defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag } from '../../command/shared-options.js';
import type { CamsLinkPreview, Client } from '../../contract/schemas.js';
import { CliError } from '../../errors.js';
import { confirmAction } from '../../io/confirm.js';
import { resolveClient } from '../../io/resolve.js';
import { camsLinkLines } from '../../io/views/cams-link.js';
import { clientName, clientView } from '../../io/views/client.js';

const options = {
  client: clientArg(),
  ref: arg(
    '[ref]',
    'CaMS Client Reference Number (9 digits), e.g. 210104729',
    z.string().trim().min(1, 'must not be empty').max(50).optional(),
  ),
  ...dryRunFlag('show what linking would replace, and whether the names differ; link nothing'),
  force: flag(
    '--force',
    'link although the names clearly differ (check the reference number first)',
    z.boolean().default(false),
  ),
};
type LinkOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['cams', 'link'],
  summary: 'Link a client to a CaMS client',
  description:
    "Link a client to a CaMS client by CaMS Client Reference Number. Shows field by field what CaMS replaces (current value and CaMS value), then asks to confirm (pass --yes when not on a terminal). When the names clearly differ the link is refused, as the number is probably wrong; --force links anyway. While linked, the client's name, phone, address, date of birth and self-identification come from CaMS and are read-only in the portal; the audit log keeps the values replaced. A CaMS client links to one portal client only.",
  options,
  examples: [
    'portalctl cams link amelia.b@example.org 210104729',
    'portalctl cams link cl_01jq3v4w5x6y7z 210104729 --yes --json',
    'portalctl cams link amelia.b@example.org 210104729 --dry-run',
    'portalctl cams link amelia.b@example.org 210104729 --dry-run --json',
    'portalctl cams link amelia.b@example.org 210104729 --force --yes   # the same person under another name',
  ],
  run: runLink,
});

function alreadyLinkedElsewhere(client: Client): CliError {
  const current = client.link.type === 'cams' ? client.link.clientReferenceNumber : '';
  return new CliError('conflict', `${clientName(client)} (${client.id}) is already linked to CaMS client ${current}`, {
    hint: `remove that link first: portalctl cams unlink ${client.id}`,
    details: { code: 'already-linked' },
  });
}

/** The portal's preview, with the refusals no flag overrides worded for the command line. */
async function preview(api: ApiClient, client: Client, ref: string): Promise<CamsLinkPreview> {
  try {
    return await api.call('previewCamsLink', { params: { id: client.id }, query: { clientReferenceNumber: ref } });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.code === 'already-linked' && client.link.type === 'cams') throw alreadyLinkedElsewhere(client);
    const holder = error.problem?.existingClientId;
    if (error.code === 'cams-already-linked' && holder) {
      throw new CliError('conflict', error.message, {
        hint: `check that you have the right person: portalctl clients get ${holder}`,
        ...(error.problem ? { problem: error.problem } : {}),
        ...(error.status ? { status: error.status } : {}),
      });
    }
    throw error;
  }
}

function nameMismatchError(client: Client, plan: CamsLinkPreview): CliError {
  const cams = plan.camsClient;
  return new CliError(
    'conflict',
    `the names differ: ${client.id} is ${client.firstName} ${client.lastName} in the portal, CaMS client ${cams.clientReferenceNumber} is ${cams.firstName} ${cams.lastName}; nothing was linked`,
    {
      hint: `the Client Reference Number may be wrong: check it with portalctl cams lookup ${cams.clientReferenceNumber}; if this is the same person, pass --force`,
      details: { code: 'cams-name-mismatch' },
    },
  );
}

async function runLink(options: LinkOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, {
    message: 'Which client should be linked to CaMS? (type a name or email)',
  });
  const ref =
    options.ref ??
    (await deps.prompter.input({
      message: 'CaMS Client Reference Number',
      flag: '<ref>',
      validate: (v) => (v.trim() ? true : 'enter the 9-digit Client Reference Number'),
    }));
  const api = await deps.api();
  const plan = await preview(api, client, ref.trim());
  const camsRef = plan.camsClient.clientReferenceNumber;

  if (plan.alreadyLinked) {
    await deps.out.one(clientView, client);
    deps.out.info(`${clientName(client)} is already linked to CaMS client ${camsRef}; nothing changed`);
    return;
  }

  const who = { id: client.id, name: clientName(client), email: client.email };
  const needsForce = plan.nameMismatch && !options.force;
  const mismatch = `The names differ: ${client.firstName} ${client.lastName} in the portal, ${plan.camsClient.firstName} ${plan.camsClient.lastName} in CaMS.`;
  if (options.dryRun) {
    const verdict = !plan.nameMismatch
      ? []
      : needsForce
        ? [
            `${mismatch} Linking would be refused: check the Client Reference Number; pass --force if this is the same person.`,
          ]
        : [`${mismatch} --force links anyway.`];
    deps.out.value(
      {
        dryRun: true,
        action: 'cams.link',
        clientId: client.id,
        camsClient: plan.camsClient,
        changes: plan.changes,
        replaces: plan.replaces,
        nameMismatch: plan.nameMismatch,
        needsForce,
      },
      [
        `Dry run: would link ${client.id} to CaMS client ${camsRef}.`,
        ...camsLinkLines(plan, who),
        ...verdict,
        'Nothing was changed.',
      ].join('\n'),
    );
    return;
  }

  for (const line of camsLinkLines(plan, who, deps.out.colors)) deps.out.info(line);
  if (needsForce) throw nameMismatchError(client, plan);
  if (plan.nameMismatch) deps.out.warn(`${mismatch} Linking anyway (--force).`);
  const count = `${plan.changes.length} field${plan.changes.length === 1 ? '' : 's'}`;
  await confirmAction(deps, {
    message: `Link ${clientName(client)} to CaMS client ${camsRef}, replacing ${count}?`,
    consequence: `linking ${client.id} to CaMS client ${camsRef} replaces ${count} with the CaMS values and makes them read-only`,
  });
  const updated = await api.call('linkCams', {
    params: { id: client.id },
    body: { clientReferenceNumber: camsRef, ...(options.force ? { force: true } : {}) },
  });
  await deps.out.one(clientView, updated);
  deps.out.success(
    `Linked ${updated.id} to CaMS client ${camsRef}${plan.changes.length ? `; replaced ${count} (the previous values are kept in the audit log)` : ''}`,
  );
}
