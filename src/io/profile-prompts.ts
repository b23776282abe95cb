// A client's profile asked for field by field on a terminal: every field for a new client (the
// `clients add` wizard), or each field with its current value for `clients edit`.

import type { Deps } from '../command/deps.js';
import { CHANNELS, type Client, FREQUENCIES, TRANSPORTATION } from '../contract/schemas.js';
import { type ProfileFlags, promptChoice, promptJobPostUpdates, promptList, promptText } from './client-profile.js';
import { clientLink } from './views/client.js';

type Preferences = Pick<ProfileFlags, 'transportation' | 'channel' | 'jobPostUpdates' | 'frequency'>;

/**
 * Access to transportation and the communication preferences, each a choice that can be skipped
 * ("Not now", or "Keep" the current value): only the answered ones are returned. A new client
 * who declines job-post updates is not asked how often to get them.
 */
async function promptPreferences(
  deps: Pick<Deps, 'prompter'>,
  current: { [K in keyof Preferences]?: Preferences[K] | null },
  options: { frequencyAfterNo: boolean },
): Promise<Partial<Preferences>> {
  const answers: Partial<Preferences> = {};
  const transportation = await promptChoice(deps, 'transportation', TRANSPORTATION, current.transportation);
  if (transportation) answers.transportation = transportation;
  const channel = await promptChoice(deps, 'channel', CHANNELS, current.channel);
  if (channel) answers.channel = channel;
  const updates = await promptJobPostUpdates(deps, current.jobPostUpdates);
  if (updates !== undefined) answers.jobPostUpdates = updates;
  if (updates === false && !options.frequencyAfterNo) return answers;
  const frequency = await promptChoice(deps, 'frequency', FREQUENCIES, current.frequency);
  if (frequency) answers.frequency = frequency;
  return answers;
}

/** What a new client's prompts offer as defaults: the name and email typed, what a Common Assessment holds. */
export interface KnownProfile {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  phone?: string | null | undefined;
  address?: string | null | undefined;
}

/** Every profile field of a new client; with a CaMS link, those CaMS supplies are shown, not asked. */
export async function promptNewProfile(
  deps: Deps,
  fields: Partial<ProfileFlags>,
  known: KnownProfile,
  cams: boolean,
): Promise<Partial<ProfileFlags>> {
  const out: Partial<ProfileFlags> = { ...fields };
  if (cams) {
    deps.out.info(
      'From CaMS (read-only in the portal while linked): name, phone, address, date of birth, self-identification.',
    );
  } else {
    out.firstName = await promptText(deps, 'firstName', { default: known.firstName, required: true });
    out.lastName = await promptText(deps, 'lastName', { default: known.lastName, required: true });
  }
  out.preferredName = await promptText(deps, 'preferredName');
  out.pronouns = await promptText(deps, 'pronouns');
  out.email = await promptText(deps, 'email', { default: known.email, required: true });
  if (!cams) {
    out.phone = await promptText(deps, 'phone', { default: known.phone });
    out.address = await promptText(deps, 'address', { default: known.address });
    out.dateOfBirth = await promptText(deps, 'dateOfBirth');
    out.selfIdentification = await promptList(deps, 'selfIdentification');
  }
  out.targetOccupations = await promptList(deps, 'targetOccupations');
  out.reasons = await promptText(deps, 'reasons');
  out.referralSource = await promptText(deps, 'referralSource');
  out.referralReference = await promptText(deps, 'referralReference');
  out.serviceNeeds = await promptList(deps, 'serviceNeeds');
  const preferences = await promptPreferences(deps, {}, { frequencyAfterNo: false });
  return { ...out, ...preferences };
}

/** Every field of an existing client, its current value as the default: the changed ones. */
export async function promptProfileEdits(deps: Deps, client: Client): Promise<Partial<ProfileFlags>> {
  const linked = client.link.type === 'cams';
  const edits: Partial<ProfileFlags> = {};
  const text = async (key: 'firstName' | 'lastName' | 'preferredName' | 'pronouns' | 'phone' | 'address') => {
    const value = await promptText(deps, key, {
      default: client[key],
      required: key === 'firstName' || key === 'lastName',
    });
    if ((value ?? null) !== client[key]) edits[key] = value ?? '';
  };
  if (linked) {
    deps.out.info(
      `Linked to ${clientLink(client)}: name, phone, address, date of birth and self-identification come from CaMS (update them in CaMS).`,
    );
  } else {
    await text('firstName');
    await text('lastName');
  }
  await text('preferredName');
  await text('pronouns');
  const email = await promptText(deps, 'email', { default: client.pendingEmail ?? client.email, required: true });
  if (email && email !== (client.pendingEmail ?? client.email)) edits.email = email;
  if (!linked) {
    await text('phone');
    await text('address');
    const dob = await promptText(deps, 'dateOfBirth', { default: client.dateOfBirth });
    if (dob && dob !== client.dateOfBirth) edits.dateOfBirth = dob;
  }
  const lists = linked
    ? (['targetOccupations', 'serviceNeeds'] as const)
    : (['selfIdentification', 'targetOccupations', 'serviceNeeds'] as const);
  for (const key of lists) {
    const value = (await promptList(deps, key, client[key])) ?? [];
    if (value.join('\u0000') !== client[key].join('\u0000')) edits[key] = value;
  }
  const reasons = await promptText(deps, 'reasons', { default: client.referral.reasons });
  if (reasons && reasons !== client.referral.reasons) edits.reasons = reasons;
  const { transportation, communication } = client;
  const preferences = await promptPreferences(deps, { transportation, ...communication }, { frequencyAfterNo: true });
  return { ...edits, ...preferences };
}
