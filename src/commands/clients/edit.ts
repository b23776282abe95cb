// `portalctl clients edit`: change fields of a client's profile, one flag per field. While the
// client is linked to CaMS, name, phone, address, date of birth and self-identification come from
// CaMS: the portal refuses to change them ("update this in CaMS"). A new email is pending until the
// client confirms it; new reasons for referral add a case note (the history is kept).

import { defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg } from '../../command/shared-options.js';
import type { Client, ClientUpdate } from '../../contract/schemas.js';
import { CliError, usageError } from '../../errors.js';
import {
  CAMS_OWNED_FLAGS,
  flagForPath,
  givenProfileKeys,
  profileBody,
  profileFlags,
  reasonsFromFlag,
} from '../../io/client-profile.js';
import { promptProfileEdits } from '../../io/profile-prompts.js';
import { resolveClient } from '../../io/resolve.js';
import { clientLink, clientName, clientView } from '../../io/views/client.js';

const options = {
  /** An id (cl_…) or email; undefined on a terminal starts an interactive search. */
  client: clientArg(),
  ...profileFlags('edit'),
};
type EditOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'edit'],
  summary: "Edit a client's profile",
  description: [
    "Edit a client's profile: pass a flag for each field to change (on a terminal with none, each field is asked for, with its current value).",
    'While the client is linked to CaMS, name, phone, address, date of birth and self-identification come from CaMS and are refused here: update this in CaMS.',
    'A new email is pending until the client confirms it (a confirmation is emailed to the new address; the old one stays in use). New reasons for referral are saved as a new case note.',
  ].join('\n\n'),
  options,
  examples: [
    'portalctl clients edit ada@example.org --phone 416-555-0199 --pronouns she/her',
    'portalctl clients edit cl_01jq3v4w5x6y7z --email ada.new@example.org',
    'portalctl clients edit ada@example.org --reasons "Referred again: wants forklift certification"',
    'portalctl clients edit ada@example.org --target-occupations "Cook,Baker" --transportation public-transit --json',
    'portalctl clients edit            # on a terminal: pick a client, then each field',
  ],
  run: runEdit,
});

/** 409 cams-owned-field: name the flags, the CaMS client, and where to change them. */
function camsOwnedError(error: CliError, client: Client): CliError {
  const fields = error.problem?.errors?.map((e) => e.path) ?? [];
  const flags = fields.length ? fields.map(flagForPath) : CAMS_OWNED_FLAGS.map(flagForPath);
  const which = fields.length === 1 ? 'this field comes' : 'these fields come';
  return new CliError(
    'conflict',
    `${flags.join(', ')}: ${which} from CaMS while ${clientName(client)} (${client.id}) is linked to ${clientLink(client)}: update this in CaMS`,
    {
      status: 409,
      hint: `leave ${fields.length === 1 ? 'it' : 'them'} out to change the other fields, or remove the CaMS link first: portalctl cams unlink ${client.id}`,
      details: { code: 'cams-owned-field', fields },
    },
  );
}

async function runEdit(options: EditOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const given = givenProfileKeys(options);
  if (given.length === 0 && !deps.prompter.interactive) {
    throw usageError(
      'nothing to change: pass a flag for each field to change, e.g. --phone, --email or --reasons',
      'see portalctl clients edit --help for every field',
    );
  }
  options.reasons = await reasonsFromFlag(deps, options.reasons);
  const client = await resolveClient(deps, options.client, { message: 'Which client do you want to edit?' });
  const edits = given.length ? options : await promptProfileEdits(deps, client);
  const body: ClientUpdate = profileBody(edits);
  if (Object.keys(body).length === 0) {
    deps.out.info('Nothing changed.');
    await deps.out.one(clientView, client);
    return;
  }
  const api = await deps.api();
  let updated: Client;
  try {
    updated = await api.call('updateClient', { params: { id: client.id }, body });
  } catch (error) {
    if (error instanceof CliError && error.code === 'cams-owned-field') throw camsOwnedError(error, client);
    throw error;
  }
  await deps.out.one(clientView, updated);
  if (updated.updatedAt === client.updatedAt) {
    deps.out.info(`Nothing changed: ${clientName(updated)} (${updated.id}) already has these values.`);
    return;
  }
  deps.out.success(`Updated ${clientName(updated)} (${updated.id})`);
  if (body.email !== undefined) {
    if (updated.pendingEmail && updated.pendingEmail.toLowerCase() === body.email.toLowerCase()) {
      deps.out.info(
        `Email change pending: a confirmation was emailed to ${updated.pendingEmail}; ${updated.email} stays in use until the client confirms.`,
      );
    } else if (!updated.pendingEmail && client.pendingEmail) {
      deps.out.info(`The pending change to ${client.pendingEmail} was cancelled; the email stays ${updated.email}.`);
    }
  }
  if (body.referral?.reasons) {
    deps.out.info(
      `Reasons for referral saved as a new case note; earlier ones are kept (portalctl clients notes list ${updated.id}).`,
    );
  }
}
