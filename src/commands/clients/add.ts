// `portalctl clients add`: add a client in the portal's order: search (the duplicate check, always
// first), link (CaMS Client Reference Number, submitted Common Assessment, or none), profile
// fields, confirm, result (the client and the invite link). Every field is a flag; on a terminal
// whatever is missing is asked for, and with no flags at all it is a guided wizard. A duplicate
// email is always refused; a duplicate name is confirmed on a terminal and otherwise needs
// --allow-duplicate-name.
import * as z from 'zod';
import type { ApiClient } from '../../api/client.js';
import { defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import {
  dryRunFlag,
  idempotencyKeyFlag,
  printLinkFlag,
  providerFlag,
  reasonFlag,
} from '../../command/shared-options.js';
import type { Assessment, CamsClient, Client, ClientCreate, DuplicateClient, Me } from '../../contract/schemas.js';
import { CliError, cancelled, usageError } from '../../errors.js';
import {
  CAMS_OWNED_FLAGS,
  describeProfile,
  flagOf,
  givenProfileKeys,
  missingFlags,
  type ProfileFlags,
  profileBody,
  profileFlags,
  promptText,
  reasonsFromFlag,
  splitList,
} from '../../io/client-profile.js';
import { plannedMessage, printDryRun } from '../../io/dry-run.js';
import { lookupNames } from '../../io/names.js';
import { promptNewProfile } from '../../io/profile-prompts.js';
import { namingReasonFlag } from '../../io/reason.js';
import { resolveProvider } from '../../io/resolve.js';
import { resolveStaff } from '../../io/resolve-staff.js';
import { clientLink, clientName, clientView } from '../../io/views/client.js';
import type { DuplicateMatch } from '../../io/views/duplicate.js';

const Reference = z.string().trim().min(1, 'must not be empty').max(50).optional();

const options = {
  ...profileFlags('add'),
  camsRef: flag(
    '--cams-ref <number>',
    'link to this CaMS Client Reference Number (9 digits; not the Case Reference Number)',
    Reference,
  ),
  caNumber: flag('--ca-number <number>', 'import from this submitted Common Assessment, e.g. CA-3005001', Reference),
  /** false with --no-link */
  link: flag('--no-link', 'no CaMS link and no Common Assessment (manual intake)', z.boolean().default(true)),
  ...providerFlag(
    'service provider (id sp_… or name): required of administrators; others need sp-group-admin and default to their own',
  ),
  caseworker: flag(
    '--caseworker <staff>',
    'assign a caseworker (staff id st_… or email), comma-separated or repeated; needs sp-admin',
    z.array(z.string()).transform(splitList).optional(),
    { repeatable: true },
  ),
  /** false with --no-invite */
  invite: flag(
    '--no-invite',
    'do not email the portal invitation now (send it later with portalctl invite send)',
    z.boolean().default(true),
  ),
  ...printLinkFlag('print only the invite link (for scripts)'),
  allowDuplicateName: flag(
    '--allow-duplicate-name',
    'add even if existing clients have the same name (never for the same email)',
    z.boolean().default(false),
  ),
  ...reasonFlag('why the invitation is sent, kept in the audit log (required when the portal requires reasons)'),
  ...dryRunFlag('run the checks and show what would be added and who emailed; add nothing'),
  ...idempotencyKeyFlag(),
};
type AddOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'add'],
  summary: 'Add a client (duplicate check, CaMS/CA link, invitation)',
  description: [
    'Add a client, in the order of the portal: the duplicate check (by name and email) runs first, then the link to EOIS services (CaMS Client Reference Number, a submitted Common Assessment, or none), then the profile, and the portal invitation is emailed (the invite link is printed too, to pass on by hand).',
    'The duplicate check looks at the service provider the client is added to (yours, or --provider; an administrator always chooses it: --provider, or picked on a terminal); administrators and group administrators are also told of name matches at the other providers of the group. A client whose email is already in the portal is always refused. A client whose name matches existing clients there is confirmed on a terminal, and otherwise needs --allow-duplicate-name. A caseworker is staff of that provider with the clients permission.',
    'With a CaMS link, the name, phone, address, date of birth and self-identification come from CaMS; a Common Assessment fills name, email, phone and address once.',
    'On a terminal, missing values are asked for; with no flags at all, a guided wizard walks through each step.',
  ].join('\n\n'),
  options,
  examples: [
    'portalctl clients add                      # on a terminal: the guided wizard',
    'portalctl clients add --first-name Ada --last-name Lovelace --email ada@example.org --no-link',
    'portalctl clients add --cams-ref 210104729 --email amelia@example.org --target-occupations "Cook,Baker"',
    'portalctl clients add --ca-number CA-3005001 --no-invite --json',
    'link=$(portalctl clients add --first-name Ada --last-name Lovelace --email ada@example.org --no-link --print-link)',
    'portalctl clients add --first-name Ada --last-name Lovelace --email ada@example.org --no-link --dry-run',
  ],
  run: runAdd,
});

type LinkChoice = { type: 'none' } | { type: 'cams'; record: CamsClient } | { type: 'ca'; record: Assessment };

interface Identity {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
}

/** What the checks learned as the command went: what was already searched and accepted. */
interface CheckState {
  searched: Set<string>;
  acknowledged: Set<string>;
  /** Where the client will be added (undefined: the caller's own provider). */
  providerId?: string | undefined;
  /** Who the caller is, asked once and only when a match needs it. */
  me?: Promise<Me>;
}

function whoAmI(api: ApiClient, state: CheckState): Promise<Me> {
  state.me ??= api.call('getMe');
  return state.me;
}

/** Whether the caller may open this client: their own provider's, or any for administrators. */
function canSee(me: Me, client: Pick<Client, 'providerId'>): boolean {
  return me.permissions.includes('administrator') || client.providerId === me.providerId;
}

function step(deps: Deps, wizard: boolean, n: number, title: string): void {
  if (wizard) deps.out.heading(`\nStep ${n} of 5 · ${title}`);
}

/** One line per existing client, for the duplicate list. */
function describeClient(c: DuplicateClient): string {
  const state = [c.status, `invite ${c.invite.status}`, c.link === null || c.link.type === 'none' ? '' : clientLink(c)]
    .filter(Boolean)
    .join(', ');
  return `  ${c.id}  ${clientName(c)} <${c.email}>  ${state}${c.archived ? ' (archived)' : ''}`;
}

/** The email belongs to a client the caller may not see: say so without naming them. */
export function emailInUseElsewhereError(email: string): CliError {
  return new CliError(
    'conflict',
    `${email} is in use at another service provider; every client needs their own email address`,
    {
      hint: 'if this is the same person, ask a group administrator (sp-group-admin) to have that client referred to your provider',
      details: { code: 'email-taken' },
    },
  );
}

export function emailTakenError(
  email: string,
  existing: Pick<Client, 'id' | 'pendingEmail' | 'firstName' | 'lastName' | 'preferredName'>,
): CliError {
  const pending = existing.pendingEmail?.toLowerCase() === email.toLowerCase();
  const whose = pending
    ? `is awaiting confirmation as the new email of client ${existing.id} (${clientName(existing)})`
    : `already belongs to client ${existing.id} (${clientName(existing)})`;
  return new CliError('conflict', `${email} ${whose}; every client needs their own email address`, {
    hint: `if this is the same person, work with the existing client: portalctl clients get ${existing.id}`,
    details: { code: 'email-taken', existingClientId: existing.id },
  });
}

/**
 * In the wizard an email that is taken is said, and asked for again: the person at the terminal
 * fixes it there, rather than starting over. With flags, it ends the command.
 */
async function untilEmailFree(
  deps: Deps,
  wizard: boolean,
  check: () => Promise<void>,
  askAgain: () => Promise<void>,
): Promise<void> {
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (!wizard || !(error instanceof CliError) || error.details?.code !== 'email-taken') throw error;
      deps.out.warn(error.message);
      deps.out.info('Enter another email address, or press Ctrl-C to stop.');
      await askAgain();
    }
  }
}

/**
 * The duplicate check, where the client will be added: an email match refuses; name matches there
 * are shown, then confirmed or refused. Name matches at other providers of the group (told to
 * administrators and group administrators) are shown, and do not stop the command.
 */
async function checkDuplicates(
  deps: Deps,
  api: ApiClient,
  who: Identity,
  options: AddOptions,
  state: CheckState,
  wizard: boolean,
): Promise<void> {
  const lastName = who.lastName?.trim();
  const email = who.email?.trim();
  if (!lastName && !email) return;
  const key =
    `${state.providerId ?? ''}|${who.firstName ?? ''}|${lastName ?? ''}|${email?.toLowerCase() ?? ''}`.toLowerCase();
  if (state.searched.has(key)) return;
  state.searched.add(key);
  const query = {
    ...(lastName ? { lastName, ...(who.firstName?.trim() ? { firstName: who.firstName.trim() } : {}) } : {}),
    ...(email ? { email } : {}),
    ...(state.providerId ? { providerId: state.providerId } : {}),
  };
  let data: DuplicateMatch[];
  let emailInUseElsewhere: boolean;
  try {
    ({ data, emailInUseElsewhere } = await api.call('findDuplicates', { query }));
  } catch (error) {
    // Searching another provider needs what adding there needs: say which flag asked for it.
    throw explainForbidden(error, state.providerId ? { providerId: state.providerId } : {});
  }
  const byEmail = data.find((m: DuplicateMatch) => m.reason === 'email');
  if (byEmail && email) {
    throw canSee(await whoAmI(api, state), byEmail.client)
      ? emailTakenError(email, byEmail.client)
      : emailInUseElsewhereError(email);
  }
  if (emailInUseElsewhere && email) throw emailInUseElsewhereError(email);
  const fresh = data.filter((m: DuplicateMatch) => m.reason === 'name' && !state.acknowledged.has(m.client.id));
  const byName = fresh.filter((m) => !m.elsewhere);
  const elsewhere = fresh.filter((m) => m.elsewhere);
  const searched = [who.firstName, lastName].filter(Boolean).join(' ') || email;
  // Providers by name, as `clients find` says them; an id when the name cannot be read.
  const providers =
    state.providerId || elsewhere.length > 0
      ? await lookupNames(api, new Set(['provider']))
      : new Map<string, string>();
  const providerName = (id: string) => providers.get(id) ?? id;
  const target = state.providerId ? ` at ${providerName(state.providerId)}` : '';
  for (const m of fresh) state.acknowledged.add(m.client.id);
  if (elsewhere.length) {
    deps.out.warn(
      `${elsewhere.length} client${elsewhere.length === 1 ? '' : 's'} elsewhere in the group ${elsewhere.length === 1 ? 'has' : 'have'} the name ${searched}:`,
    );
    for (const m of elsewhere) deps.out.info(`${describeClient(m.client)}  at ${providerName(m.client.providerId)}`);
    deps.out.info(
      '  if this is the same person, do not add another: a client can be referred between providers of the group (portalctl clients refer)',
    );
  }
  if (byName.length === 0) {
    if (wizard || deps.prompter.interactive) deps.out.info(`No existing client${target} matches ${searched}.`);
    return;
  }
  const count = `${byName.length} existing client${byName.length === 1 ? '' : 's'}${target}`;
  if (deps.prompter.interactive || options.allowDuplicateName) {
    deps.out.warn(`${count} ${byName.length === 1 ? 'matches' : 'match'} the name ${searched}:`);
    for (const m of byName) deps.out.info(describeClient(m.client));
  }
  if (options.allowDuplicateName) {
    deps.out.info('Adding a new client anyway (--allow-duplicate-name).');
    return;
  }
  const me = await whoAmI(api, state);
  const visible = byName.find((m) => canSee(me, m.client));
  if (deps.prompter.interactive) {
    const proceed = await deps.prompter.confirm({
      message: 'Is this a different person? Add a new client anyway?',
      default: false,
      flag: '--allow-duplicate-name',
    });
    if (!proceed) {
      throw cancelled(
        visible
          ? `cancelled: no client was added; to work with the existing client: portalctl clients get ${visible.client.id}`
          : 'cancelled: no client was added',
      );
    }
    return;
  }
  throw new CliError(
    'conflict',
    `${count} ${byName.length === 1 ? 'has' : 'have'} the name ${searched}: ${byName
      .map((m) => `${m.client.id} (${clientName(m.client)} <${m.client.email}>)`)
      .join(', ')}`,
    {
      hint: `${visible ? 'check them with portalctl clients get ID' : `they are at ${state.providerId ? providerName(state.providerId) : 'another provider'}, whose clients its own staff or an administrator can open`}; if this is a different person, pass --allow-duplicate-name`,
      details: { code: 'duplicate-name', matches: byName.map((m) => m.client.id) },
    },
  );
}

function camsLines(record: CamsClient): string[] {
  return [
    `CaMS client ${record.clientReferenceNumber}: ${record.firstName} ${record.lastName}`,
    ...(
      [
        ['date of birth', record.dateOfBirth],
        ['email', record.email],
        ['phone', record.phone],
        ['address', record.address],
        ['self-identification', record.selfIdentification.join('; ')],
      ] as const
    )
      .filter(([, v]) => v)
      .map(([k, v]) => `  ${k}: ${v}`),
  ];
}

function assessmentLines(record: Assessment): string[] {
  return [
    `Common Assessment ${record.caNumber} (${record.status}${record.submittedAt ? ` ${record.submittedAt.slice(0, 10)}` : ''}): ${record.firstName} ${record.lastName}`,
    ...(
      [
        ['email', record.email],
        ['phone', record.phone],
        ['address', record.address],
      ] as const
    )
      .filter(([, v]) => v)
      .map(([k, v]) => `  ${k}: ${v}`),
  ];
}

function camsAlreadyLinked(record: CamsClient): CliError {
  if (!record.linkedClientId) {
    return new CliError(
      'conflict',
      `CaMS client ${record.clientReferenceNumber} is already linked to a client at another service provider; a CaMS client links to one portal client only`,
      {
        hint: 'if this is the same person, ask a group administrator (sp-group-admin) to refer that client to your provider',
        details: { code: 'cams-already-linked' },
      },
    );
  }
  return new CliError(
    'conflict',
    `CaMS client ${record.clientReferenceNumber} is already linked to portal client ${record.linkedClientId}; a CaMS client links to one portal client only`,
    {
      hint: `this person is probably already in the portal: portalctl clients get ${record.linkedClientId}`,
      details: { code: 'cams-already-linked', existingClientId: record.linkedClientId },
    },
  );
}

/** A Common Assessment is copied once: name the client who has it, unless another provider's. */
async function caAlreadyImported(api: ApiClient, record: Assessment): Promise<CliError> {
  const details = {
    code: 'ca-already-imported',
    ...(record.importedClientId ? { existingClientId: record.importedClientId } : {}),
  };
  if (!record.importedClientId) {
    return new CliError(
      'conflict',
      `Common Assessment ${record.caNumber} is in use at another provider: it was already imported for a client there; a Common Assessment is copied once`,
      { hint: 'check the CA number; if it is right, the person is a client of another provider', details },
    );
  }
  const holder = await api.call('getClient', { params: { id: record.importedClientId } });
  return new CliError(
    'conflict',
    `Common Assessment ${record.caNumber} was already imported for client ${holder.id} (${clientName(holder)}); a Common Assessment is copied once`,
    {
      hint: `if this is the same person, work with the existing client: portalctl clients get ${holder.id}; otherwise check the CA number`,
      details,
    },
  );
}

/** Step 2: the link. Flags decide it; on a terminal a prompt offers the three, and a found record is confirmed. */
async function chooseLink(deps: Deps, api: ApiClient, options: AddOptions): Promise<LinkChoice> {
  const fromFlags: 'cams' | 'ca' | 'none' | undefined = options.camsRef
    ? 'cams'
    : options.caNumber
      ? 'ca'
      : options.link
        ? undefined
        : 'none';
  const confirmRecord = deps.prompter.interactive && !deps.flags.yes;
  for (;;) {
    const choice =
      fromFlags ??
      (await deps.prompter.select<'cams' | 'ca' | 'none'>({
        message: 'Link to EOIS services',
        flag: '--cams-ref, --ca-number or --no-link',
        choices: [
          {
            name: 'CaMS Client Reference Number',
            value: 'cams',
            description: 'the person is in CaMS (preferred): name, phone, address, birth date come from CaMS',
          },
          {
            name: 'Common Assessment',
            value: 'ca',
            description: 'not in CaMS yet, with a submitted Common Assessment: its details are copied once',
          },
          { name: 'No link', value: 'none', description: 'manual intake: skip this step' },
        ],
      }));
    if (choice === 'none') return { type: 'none' };
    try {
      if (choice === 'cams') {
        const ref =
          options.camsRef ??
          (await deps.prompter.input({
            message: 'CaMS Client Reference Number (9 digits)',
            flag: '--cams-ref',
            validate: (v) => (v.trim() ? true : 'enter the Client Reference Number, or press Ctrl-C'),
          }));
        const record = await api.call('lookupCams', { params: { ref: ref.trim() } });
        if (record.linkedClientId || record.linkedElsewhere) throw camsAlreadyLinked(record);
        if (!confirmRecord) return { type: 'cams', record };
        for (const line of camsLines(record)) deps.out.info(line);
        if (await deps.prompter.confirm({ message: 'Is this the same person?', default: true, flag: '--yes' })) {
          return { type: 'cams', record };
        }
      } else {
        const number =
          options.caNumber ??
          (await deps.prompter.input({
            message: 'Common Assessment number (e.g. CA-3005001)',
            flag: '--ca-number',
            validate: (v) => (v.trim() ? true : 'enter the CA number, or press Ctrl-C'),
          }));
        const record = await api.call('lookupAssessment', { params: { caNumber: number.trim() } });
        if (record.imported) throw await caAlreadyImported(api, record);
        if (!confirmRecord) return { type: 'ca', record };
        for (const line of assessmentLines(record)) deps.out.info(line);
        if (await deps.prompter.confirm({ message: 'Is this the same person?', default: true, flag: '--yes' })) {
          return { type: 'ca', record };
        }
      }
    } catch (error) {
      // A wrong number typed at the prompt: say why and offer the choice again.
      const retry =
        fromFlags === undefined &&
        error instanceof CliError &&
        (error.kind === 'not-found' || error.kind === 'validation' || error.kind === 'conflict');
      if (!retry) throw error;
      deps.out.warn(error.message);
      if (error.hint) deps.out.info(`  ${error.hint}`);
      continue;
    }
    if (fromFlags) throw cancelled('cancelled: no client was added');
  }
}

/** The name and email the link supplies, over (CaMS) or under (Common Assessment) what was typed. */
function effectiveIdentity(typed: Identity, link: LinkChoice): Identity {
  if (link.type === 'cams') {
    return {
      firstName: link.record.firstName,
      lastName: link.record.lastName,
      email: typed.email ?? link.record.email ?? undefined,
    };
  }
  if (link.type === 'ca') {
    return {
      firstName: typed.firstName ?? link.record.firstName,
      lastName: typed.lastName ?? link.record.lastName,
      email: typed.email ?? link.record.email ?? undefined,
    };
  }
  return typed;
}

/** A 403 for a field: name the flag and the permission, and what to do instead. */
function explainForbidden(error: unknown, body: ClientCreate): unknown {
  if (!(error instanceof CliError) || error.kind !== 'forbidden') return error;
  const missing = error.problem?.missingPermission;
  const base = { ...(error.problem ? { problem: error.problem } : {}), status: 403 };
  if (missing === 'sp-admin' && body.caseworkerIds?.length) {
    return new CliError(
      'forbidden',
      'your token lacks the `sp-admin` permission (Service Provider Administration) needed to set --caseworker',
      {
        ...base,
        hint: 'leave out --caseworker: the client is added as a referral, and someone with sp-admin assigns a caseworker (portalctl clients assign-staff)',
      },
    );
  }
  if (missing === 'sp-group-admin' && body.providerId) {
    return new CliError(
      'forbidden',
      'your token lacks the `sp-group-admin` permission (Service Provider Group Administration) needed to set --provider',
      {
        ...base,
        hint: 'leave out --provider: the client is added to your own service provider (someone with sp-group-admin can refer them: portalctl clients refer)',
      },
    );
  }
  return error;
}

/**
 * An administrator's client goes where the administrator says: --provider, else picked on a
 * terminal, else refused naming --provider (their own provider is not assumed).
 */
async function adminProvider(
  deps: Deps,
  api: ApiClient,
  state: CheckState,
): Promise<{ providerId?: string; labels: string[] }> {
  if (!deps.prompter.interactive) {
    throw usageError(
      'an administrator adding a client chooses the service provider: --provider is required when not running interactively',
      "pass --provider with the provider's name or id (portalctl providers list)",
    );
  }
  return promptProvider(deps, api, state);
}

/** The service provider, asked first (the duplicate check looks there) of staff allowed to set it. */
async function promptProvider(
  deps: Deps,
  api: ApiClient,
  state: CheckState,
): Promise<{ providerId?: string; labels: string[] }> {
  const me = await whoAmI(api, state);
  if (!me.permissions.includes('administrator') && !me.permissions.includes('sp-group-admin')) return { labels: [] };
  const admin = me.permissions.includes('administrator');
  const { data } = await api.call('listProviders');
  const choices = data
    .filter((p) => admin || p.groupId === me.provider.groupId)
    .map((p) => ({ name: `${p.name} (${p.id})`, value: p.id }));
  // An administrator serves no one provider's clients: no provider is offered as the answer.
  const providerId = await deps.prompter.select<string>({
    message: 'Service provider (the duplicate check looks there)',
    flag: '--provider',
    choices,
    ...(admin ? {} : { default: me.providerId }),
  });
  const labels = [`  service provider: ${data.find((p) => p.id === providerId)?.name ?? providerId}`];
  return { ...(admin || providerId !== me.providerId ? { providerId } : {}), labels };
}

/** The caseworker, asked only of staff allowed to set one: staff of the provider who hold `clients`. */
async function promptCaseworker(
  deps: Deps,
  api: ApiClient,
  state: CheckState,
): Promise<{ caseworkerIds?: string[]; labels: string[] }> {
  const me = await whoAmI(api, state);
  if (!me.permissions.includes('administrator') && !me.permissions.includes('sp-admin')) return { labels: [] };
  const { data } = await api.call('listStaff', { query: { providerId: state.providerId ?? me.providerId } });
  const none = '__none__';
  const eligible = data.filter((s) => s.permissions.includes('clients') || s.permissions.includes('administrator'));
  const picked = await deps.prompter.select<string>({
    message: 'Caseworker',
    flag: '--caseworker',
    choices: [
      { name: 'None yet (the client starts as a referral)', value: none },
      ...eligible.map((s) => ({ name: `${s.name} <${s.email}>`, value: s.id })),
    ],
  });
  if (picked === none) return { labels: [] };
  return {
    caseworkerIds: [picked],
    labels: [`  caseworker: ${eligible.find((s) => s.id === picked)?.name ?? picked}`],
  };
}

function linkLabel(link: LinkChoice): string {
  if (link.type === 'cams') return `CaMS client ${link.record.clientReferenceNumber}`;
  if (link.type === 'ca') return `Common Assessment ${link.record.caNumber} (one-time import)`;
  return 'none (manual intake)';
}

async function runAdd(options: AddOptions, deps: Deps): Promise<void> {
  if (!options.printLink) deps.out.check(clientView);
  const linkFlags = [options.camsRef && '--cams-ref', options.caNumber && '--ca-number', !options.link && '--no-link'];
  const chosen = linkFlags.filter(Boolean);
  if (chosen.length > 1) {
    throw usageError(
      `${chosen.join(' and ')} cannot be used together: a client is linked in exactly one way`,
      'pass one of --cams-ref N (CaMS), --ca-number N (Common Assessment) or --no-link',
    );
  }
  if (options.printLink && !options.invite) {
    throw usageError('--print-link needs an invitation, but --no-invite sends none', 'leave out one of them');
  }
  options.reasons = await reasonsFromFlag(deps, options.reasons);
  const given = givenProfileKeys(options);
  const wizard =
    deps.prompter.interactive && given.length === 0 && chosen.length === 0 && !options.provider && !options.caseworker;
  if (!deps.prompter.interactive) {
    if (chosen.length === 0) {
      throw usageError(
        'choose how the client is linked: --cams-ref N (CaMS Client Reference Number), --ca-number N (a submitted Common Assessment) or --no-link; one is required when not running interactively',
        'link to CaMS whenever the person is in CaMS; --no-link is manual intake',
      );
    }
    if (!options.link) {
      const missing = (['firstName', 'lastName', 'email'] as const).filter((k) => !options[k]).map(flagOf);
      if (missing.length) throw missingFlags(missing, ' (with --no-link nothing else supplies them)');
    }
  }
  if (options.camsRef) {
    const ignored = CAMS_OWNED_FLAGS.filter((k) => options[k] !== undefined);
    if (ignored.length) {
      deps.out.warn(`${ignored.map(flagOf).join(', ')} ignored: with a CaMS link these come from CaMS`);
      for (const k of ignored) delete options[k];
    }
  }

  const api = await deps.api();
  const state: CheckState = { searched: new Set(), acknowledged: new Set() };
  // The duplicate check looks where the client will be added, so that comes first.
  let assignment: { providerId?: string; caseworkerIds?: string[]; labels: string[] } = { labels: [] };
  if (options.provider) {
    assignment.providerId = (await resolveProvider(api, options.provider, '--provider')).id;
    state.providerId = assignment.providerId;
  } else if (!wizard && (await whoAmI(api, state)).permissions.includes('administrator')) {
    assignment = await adminProvider(deps, api, state);
    state.providerId = assignment.providerId;
  }

  // Step 1: search. The duplicate check runs before anything else.
  step(deps, wizard, 1, 'Search: is this person already a client?');
  const typed: Identity = { firstName: options.firstName, lastName: options.lastName, email: options.email };
  if (wizard) {
    assignment = await promptProvider(deps, api, state);
    state.providerId = assignment.providerId;
    typed.firstName = await promptText(deps, 'firstName');
    typed.lastName = await promptText(deps, 'lastName', { required: true });
    typed.email = await promptText(deps, 'email');
  }
  await untilEmailFree(
    deps,
    wizard,
    () => checkDuplicates(deps, api, typed, options, state, wizard),
    async () => {
      typed.email = await promptText(deps, 'email');
    },
  );

  // Step 2: link.
  step(deps, wizard, 2, 'Link to EOIS services');
  const link = await chooseLink(deps, api, options);
  const who = effectiveIdentity(typed, link);
  // The link may bring another name or email (CaMS, CA): check those too.
  await checkDuplicates(deps, api, who, options, state, wizard);

  // Step 3: profile.
  step(deps, wizard, 3, 'Profile');
  let fields: Partial<ProfileFlags> = { ...options };
  if (wizard) {
    const caseworker = await promptCaseworker(deps, api, state);
    assignment = {
      ...assignment,
      ...(caseworker.caseworkerIds ? { caseworkerIds: caseworker.caseworkerIds } : {}),
      labels: [...assignment.labels, ...caseworker.labels],
    };
    // The typed name and email, and a Common Assessment's phone and address, are the defaults.
    const ca = link.type === 'ca' ? link.record : undefined;
    const known = { ...who, phone: ca?.phone, address: ca?.address };
    fields = await promptNewProfile(deps, fields, known, link.type === 'cams');
  } else {
    if (link.type !== 'cams') {
      fields.firstName ??= who.firstName ?? (await promptText(deps, 'firstName', { required: true }));
      fields.lastName ??= who.lastName ?? (await promptText(deps, 'lastName', { required: true }));
    }
    if (!who.email && !fields.email) {
      if (!deps.prompter.interactive) {
        const source =
          link.type === 'cams'
            ? `CaMS client ${link.record.clientReferenceNumber}`
            : `Common Assessment ${link.type === 'ca' ? link.record.caNumber : ''}`;
        throw missingFlags(['--email'], `: ${source} has no email address`);
      }
      fields.email = await promptText(deps, 'email', { required: true });
    }
    fields.email ??= who.email;
    if (options.caseworker?.length) {
      const ids: string[] = [];
      for (const c of options.caseworker) ids.push((await resolveStaff(api, c, { flag: '--caseworker' })).id);
      assignment.caseworkerIds = [...new Set(ids)];
    }
  }
  // A name or email changed at the prompts is checked like the first.
  await untilEmailFree(
    deps,
    wizard,
    () =>
      checkDuplicates(
        deps,
        api,
        link.type === 'cams' ? { ...who, email: fields.email } : fields,
        options,
        state,
        wizard,
      ),
    async () => {
      fields.email = await promptText(deps, 'email', { required: true });
    },
  );

  const profile = profileBody(fields);
  if (link.type === 'cams') for (const k of CAMS_OWNED_FLAGS) delete (profile as Record<string, unknown>)[k];
  const body: ClientCreate = {
    ...profile,
    ...(link.type === 'cams' ? { link: { camsClientReferenceNumber: link.record.clientReferenceNumber } } : {}),
    ...(link.type === 'ca' ? { link: { caNumber: link.record.caNumber } } : {}),
    ...(assignment.providerId ? { providerId: assignment.providerId } : {}),
    ...(assignment.caseworkerIds ? { caseworkerIds: assignment.caseworkerIds } : {}),
    sendInvite: options.invite,
  };
  const name =
    link.type === 'cams'
      ? `${link.record.firstName} ${link.record.lastName}`
      : `${body.firstName ?? ''} ${body.lastName ?? ''}`.trim();
  const email = body.email ?? '';

  // Step 4: confirm (the wizard; flags are the confirmation otherwise).
  if (wizard && !options.dryRun) {
    step(deps, wizard, 4, 'Confirm');
    deps.out.info(`Add ${name}:`);
    for (const line of describeProfile(
      link.type === 'cams' ? { firstName: link.record.firstName, lastName: link.record.lastName, ...profile } : profile,
    )) {
      deps.out.info(line);
    }
    deps.out.info(`  link: ${linkLabel(link)}`);
    for (const line of assignment.labels) deps.out.info(line);
    deps.out.info(`  invitation: ${options.invite ? `emailed to ${email}` : 'not sent'}`);
    const ok = await deps.prompter.confirm({
      message: options.invite ? `Add ${name} and email the invitation?` : `Add ${name}?`,
      default: true,
    });
    if (!ok) throw cancelled('cancelled: no client was added');
  }

  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.create', client: body },
      options.invite ? [plannedMessage('invitation', email)] : [],
      `Dry run: would add ${name} <${email}> (link: ${linkLabel(link)})${options.invite ? ` and email the portal invitation to ${email}` : ''}. Nothing was added.`,
      options.reason,
    );
    return;
  }

  // Step 5: result.
  let client: Client;
  try {
    client = await api.call(
      'createClient',
      { body, query: options.reason ? { reason: options.reason } : {} },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    );
  } catch (error) {
    throw namingReasonFlag(explainForbidden(error, body));
  }
  step(deps, wizard, 5, 'Done');
  if (options.printLink) {
    if (!client.invite.link) {
      throw new CliError('server', `the portal added ${client.id} but returned no invite link`, {
        hint: `see the client with portalctl clients get ${client.id}`,
      });
    }
    deps.out.line(client.invite.link);
    deps.out.success(`Added ${clientName(client)} (${client.id}); invitation emailed to ${client.invite.sentTo}`);
    return;
  }
  await deps.out.one(clientView, client);
  deps.out.success(
    `Added ${clientName(client)} (${client.id}) as a ${client.status}${client.link.type === 'none' ? '' : `, linked to ${clientLink(client)}`}`,
  );
  if (client.invite.link) {
    deps.out.success(`Invitation emailed to ${client.invite.sentTo}. Invite link, to pass on by hand:`);
    deps.out.info(`  ${client.invite.link}`);
  } else {
    deps.out.info(`No invitation sent. Send it later with: portalctl invite send ${client.id}`);
  }
}
