// The client profile as command-line flags, shared by `clients add` and `clients edit`: one flag
// per field of the profile (checked with the contract's own field schemas, so a bad value is a
// usage error naming the flag before any request), the request body they make, and the prompts
// that ask for a field on a terminal.
import * as z from 'zod';
import { flag } from '../command/define.js';
import type { Deps } from '../command/deps.js';
import {
  CAMS_OWNED_FIELDS,
  CHANNELS,
  type Client,
  ClientCreateSchema,
  type ClientUpdate,
  FREQUENCIES,
  ReferralSchema,
  TRANSPORTATION,
} from '../contract/schemas.js';
import { usageError } from '../errors.js';
import { issueText } from './issue-text.js';
import { textFromFlag } from './stdin.js';
import { CHOICE_WORDS } from './views/client.js';

const S = ClientCreateSchema().shape;
const R = ReferralSchema().shape;

/** Repeatable and comma-separated: `--service-needs a,b --service-needs c` -> [a, b, c]. */
export function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

const ListFlag = z.array(z.string()).transform(splitList).pipe(S.selfIdentification.unwrap());

/** The profile flags as parsed options (keys are the flags in camelCase, so errors name the flag). */
export const ProfileFlagsSchema = z.object({
  firstName: S.firstName,
  lastName: S.lastName,
  preferredName: S.preferredName,
  pronouns: S.pronouns,
  email: S.email,
  phone: S.phone,
  address: S.address,
  dateOfBirth: S.dateOfBirth,
  selfIdentification: ListFlag.optional(),
  targetOccupations: ListFlag.optional(),
  serviceNeeds: ListFlag.optional(),
  transportation: S.transportation,
  channel: z.enum(CHANNELS).optional(),
  jobPostUpdates: z.boolean().optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  referralSource: R.source,
  referralReference: R.referenceNumber,
  reasons: R.reasons,
});
export type ProfileFlags = z.output<typeof ProfileFlagsSchema>;
export type ProfileKey = keyof ProfileFlags;

export const PROFILE_KEYS = Object.keys(ProfileFlagsSchema.shape) as ProfileKey[];

/** Profile flags whose field comes from CaMS while a client is linked. */
export const CAMS_OWNED_FLAGS: readonly ProfileKey[] = CAMS_OWNED_FIELDS;

export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** One flag per profile field, to spread into a command's options. `edit` says the lists replace the current ones. */
export function profileFlags(mode: 'add' | 'edit') {
  const P = ProfileFlagsSchema.shape;
  const replace = mode === 'edit' ? ' (replaces the current list; "" clears it)' : '';
  const clear = mode === 'edit' ? ' ("" clears it)' : '';
  return {
    firstName: flag('--first-name <name>', 'first name', P.firstName),
    lastName: flag('--last-name <name>', 'last name', P.lastName),
    preferredName: flag('--preferred-name <name>', `preferred name${clear}`, P.preferredName),
    pronouns: flag('--pronouns <pronouns>', `pronouns, e.g. she/her${clear}`, P.pronouns),
    email: flag(
      '--email <email>',
      mode === 'edit' ? 'new email (pending until the client confirms it)' : 'email address (unique in the portal)',
      P.email,
    ),
    phone: flag('--phone <phone>', 'phone number, e.g. 416-555-0123', P.phone),
    address: flag('--address <address>', `primary address${clear}`, P.address),
    dateOfBirth: flag('--date-of-birth <date>', 'date of birth, YYYY-MM-DD', P.dateOfBirth),
    selfIdentification: flag(
      '--self-identification <list>',
      `self-identification, comma-separated or repeated${replace}`,
      P.selfIdentification,
      { repeatable: true },
    ),
    targetOccupations: flag(
      '--target-occupations <list>',
      `target occupations, comma-separated or repeated${replace}`,
      P.targetOccupations,
      { repeatable: true },
    ),
    serviceNeeds: flag(
      '--service-needs <list>',
      `service needs, comma-separated or repeated${replace}`,
      P.serviceNeeds,
      { repeatable: true },
    ),
    transportation: flag(
      '--transportation <access>',
      `access to transportation: ${TRANSPORTATION.join(', ')}`,
      P.transportation,
    ),
    channel: flag('--channel <channel>', `caseworker communications channel: ${CHANNELS.join(', ')}`, P.channel),
    jobPostUpdates: flag('--job-post-updates', 'send job-post updates', P.jobPostUpdates, {
      negation: 'no job-post updates',
    }),
    frequency: flag('--frequency <frequency>', `frequency of job-post updates: ${FREQUENCIES.join(', ')}`, P.frequency),
    referralSource: flag('--referral-source <source>', `who referred the client${clear}`, P.referralSource),
    referralReference: flag(
      '--referral-reference <number>',
      `the referral's reference number${clear}`,
      P.referralReference,
    ),
    reasons: flag(
      '--reasons <text>',
      mode === 'edit'
        ? 'new reasons for referral (saved as a new case note; the history is kept); - reads them from standard input'
        : 'reasons for referral (also saved as a case note); - reads them from standard input',
      P.reasons,
    ),
  };
}

/** `--reasons -`: the reasons for referral read from standard input (other values pass through). */
export function reasonsFromFlag(
  deps: Pick<Deps, 'stdin' | 'out' | 'interactive'>,
  value: string | undefined,
): Promise<string | undefined> {
  return textFromFlag(deps, value, {
    flag: '--reasons',
    what: 'the reasons for referral',
    schema: R.reasons.unwrap().min(1, 'must not be empty'),
  });
}

export function givenProfileKeys(flags: Partial<ProfileFlags>): ProfileKey[] {
  return PROFILE_KEYS.filter((key) => flags[key] !== undefined);
}

/** The profile part of a create or update body, from the flags given. */
export function profileBody(flags: Partial<ProfileFlags>): ClientUpdate {
  const body: ClientUpdate = {};
  const copy = ['firstName', 'lastName', 'preferredName', 'pronouns', 'email', 'phone', 'address', 'dateOfBirth'];
  for (const key of copy as (keyof ClientUpdate & ProfileKey)[]) {
    if (flags[key] !== undefined) (body as Record<string, unknown>)[key] = flags[key];
  }
  for (const key of ['selfIdentification', 'targetOccupations', 'serviceNeeds'] as const) {
    if (flags[key] !== undefined) body[key] = flags[key];
  }
  if (flags.transportation !== undefined) body.transportation = flags.transportation;
  const communication: NonNullable<ClientUpdate['communication']> = {};
  if (flags.channel !== undefined) communication.channel = flags.channel;
  if (flags.jobPostUpdates !== undefined) communication.jobPostUpdates = flags.jobPostUpdates;
  if (flags.frequency !== undefined) communication.frequency = flags.frequency;
  if (Object.keys(communication).length) body.communication = communication;
  const referral: NonNullable<ClientUpdate['referral']> = {};
  if (flags.referralSource !== undefined) referral.source = flags.referralSource;
  if (flags.referralReference !== undefined) referral.referenceNumber = flags.referralReference;
  if (flags.reasons !== undefined) referral.reasons = flags.reasons;
  if (Object.keys(referral).length) body.referral = referral;
  return body;
}

/** API field paths (from problem details) -> the flags that set them. */
export function flagForPath(path: string): string {
  const byPath: Record<string, string> = {
    'communication.channel': '--channel',
    'communication.jobPostUpdates': '--job-post-updates',
    'communication.frequency': '--frequency',
    'referral.source': '--referral-source',
    'referral.referenceNumber': '--referral-reference',
    'referral.reasons': '--reasons',
    providerId: '--provider',
  };
  const base = path.replace(/\.\d+$/, '');
  if (byPath[base]) return byPath[base];
  if (base === 'caseworkerIds') return '--caseworker';
  return flagOf(base);
}

// ── Prompts ──────────────────────────────────────────────────────────────────────────────────

type TextKey = 'firstName' | 'lastName' | 'preferredName' | 'pronouns' | 'email' | 'phone' | 'address' | 'dateOfBirth';
type ListKey = 'selfIdentification' | 'targetOccupations' | 'serviceNeeds';

export const FIELD_LABELS: Record<ProfileKey, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  pronouns: 'Pronouns',
  email: 'Email',
  phone: 'Phone',
  address: 'Primary address',
  dateOfBirth: 'Date of birth (YYYY-MM-DD)',
  selfIdentification: 'Self-identification (comma-separated)',
  targetOccupations: 'Target occupations (comma-separated)',
  serviceNeeds: 'Service needs (comma-separated)',
  transportation: 'Access to transportation',
  channel: 'Caseworker communications channel',
  jobPostUpdates: 'Job-post updates',
  frequency: 'Frequency of job-post updates',
  referralSource: 'Referral source',
  referralReference: 'Referral reference number',
  reasons: 'Reasons for referral',
};

function check(schema: z.ZodType, value: string): true | string {
  const parsed = schema.safeParse(value);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  return parsed.success ? true : issue ? issueText(issue, schema) : 'is not valid';
}

/** A prompt's `validate` from a field's schema: true, or the schema's first message. */
export function validateWith(schema: z.ZodType): (value: string) => true | string {
  return (value) => check(schema, value);
}

/** Asks for a text field; empty is "leave it out" unless `required`. */
export async function promptText(
  deps: Pick<Deps, 'prompter'>,
  key: TextKey | 'referralSource' | 'referralReference' | 'reasons',
  options: { default?: string | null | undefined; required?: boolean } = {},
): Promise<string | undefined> {
  const schema = (ProfileFlagsSchema.shape[key] as z.ZodOptional<z.ZodType>).unwrap();
  const answer = await deps.prompter.input({
    message: `${FIELD_LABELS[key]}${options.required ? '' : ' (optional)'}`,
    flag: flagOf(key),
    ...(options.default ? { default: options.default } : {}),
    validate: (value) => {
      if (!value.trim()) return options.required ? `${FIELD_LABELS[key]} is required` : true;
      return check(schema, value);
    },
  });
  const trimmed = answer.trim();
  return trimmed ? trimmed : undefined;
}

export async function promptList(
  deps: Pick<Deps, 'prompter'>,
  key: ListKey,
  initial?: readonly string[],
): Promise<string[] | undefined> {
  const answer = await deps.prompter.input({
    message: `${FIELD_LABELS[key]} (optional)`,
    flag: flagOf(key),
    ...(initial?.length ? { default: initial.join(', ') } : {}),
  });
  const list = splitList([answer]);
  return list.length ? list : undefined;
}

/** A choice as the product's screens say it ("Public transit"), not its API value. */
const choiceWords = (value: string) => CHOICE_WORDS[value] ?? value;

export async function promptChoice<T extends string>(
  deps: Pick<Deps, 'prompter'>,
  key: 'transportation' | 'channel' | 'frequency',
  values: readonly T[],
  current?: T | null,
): Promise<T | undefined> {
  const skip = '__skip__';
  const answer = await deps.prompter.select<string>({
    message: FIELD_LABELS[key],
    flag: flagOf(key),
    choices: [
      { name: current ? `Keep (${choiceWords(current)})` : 'Not now', value: skip },
      ...values.map((v) => ({ name: choiceWords(v), value: v })),
    ],
  });
  return answer === skip ? undefined : (answer as T);
}

export async function promptJobPostUpdates(
  deps: Pick<Deps, 'prompter'>,
  current?: boolean | null,
): Promise<boolean | undefined> {
  const answer = await deps.prompter.select<'skip' | 'yes' | 'no'>({
    message: FIELD_LABELS.jobPostUpdates,
    flag: '--job-post-updates / --no-job-post-updates',
    choices: [
      { name: current == null ? 'Not now' : `Keep (${current ? 'yes' : 'no'})`, value: 'skip' },
      { name: 'yes', value: 'yes' },
      { name: 'no', value: 'no' },
    ],
  });
  return answer === 'skip' ? undefined : answer === 'yes';
}

/** Lines describing a client's profile values (for a summary before confirming). */
export function describeProfile(body: ClientUpdate): string[] {
  const lines: string[] = [];
  const push = (label: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    if (text) lines.push(`  ${label}: ${text}`);
  };
  push('first name', body.firstName);
  push('last name', body.lastName);
  push('preferred name', body.preferredName);
  push('pronouns', body.pronouns);
  push('email', body.email);
  push('phone', body.phone);
  push('address', body.address);
  push('date of birth', body.dateOfBirth);
  push('self-identification', body.selfIdentification);
  push('target occupations', body.targetOccupations);
  push('service needs', body.serviceNeeds);
  push('transportation', body.transportation && choiceWords(body.transportation));
  push('communications channel', body.communication?.channel && choiceWords(body.communication.channel));
  if (body.communication?.jobPostUpdates !== undefined) {
    push('job-post updates', body.communication.jobPostUpdates ? 'yes' : 'no');
  }
  push('update frequency', body.communication?.frequency && choiceWords(body.communication.frequency));
  push('referral source', body.referral?.source);
  push('referral reference', body.referral?.referenceNumber);
  push('reasons for referral', body.referral?.reasons);
  return lines;
}

/** A usage error listing required flags that are missing, all at once. */
export function missingFlags(missing: string[], why: string) {
  return usageError(
    `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required when not running interactively${why}`,
    `pass ${missing.length === 1 ? 'it as a flag' : 'them as flags'} (prompts appear only in a terminal, without --no-input and CI=true)`,
  );
}

/** The current value of a client field, as the prompts show it. */
export function currentValue(client: Client, key: TextKey): string | null {
  return client[key];
}
