// `portalctl clients find`: the duplicate check on its own, as `clients add` runs it first. It
// looks where the client would be added (your provider, or --provider); administrators and group
// administrators are also told of matches elsewhere in the group. Names match case-, accent-,
// spacing- and punctuation-insensitively and in part ("obrien" finds O'Brien), and a full name
// however its words split between first and last name; an email matches exactly, portal-wide.
import * as z from 'zod';
import { arg, defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { providerFlag } from '../../command/shared-options.js';
import { CliError, usageError } from '../../errors.js';
import { resolveProvider } from '../../io/resolve.js';
import { type DuplicateMatch, duplicateView } from '../../io/views/duplicate.js';

const Name = z.string().trim().min(1, 'must not be empty');

const options = {
  /** Free words: "First Last", "Last", or an email. */
  name: arg('[name...]', 'a last name, a full name ("Mary-Ann O\'Brien") or an email', z.array(z.string()).default([])),
  firstName: flag('--first-name <name>', 'first name (needs a last name too)', Name.max(100).optional()),
  lastName: flag(
    '--last-name <name>',
    'last name (the words of <name> are then the first name)',
    Name.max(100).optional(),
  ),
  email: flag('--email <email>', 'email address (exact match)', Name.max(254).optional()),
  ...providerFlag('where the client would be added: id (sp_…) or name; needs sp-group-admin'),
};
type FindOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'find'],
  summary: 'Search for possible duplicates by name or email',
  description: [
    'Search for possible duplicates before adding a client: by last name (optionally with first name) and by email, at the service provider the client would be added to (yours, or --provider). Administrators and group administrators are also told of matches at the other providers of the group.',
    'Names match ignoring case, accents, spaces and punctuation, and in part. One word is a last name; a full name matches however its words split between first and last name, in either order ("Chloe Da Silva", "st pierre", "mary ann"). An email match is exact and covers the whole portal (email is unique). Archived clients are included.',
  ].join('\n\n'),
  options,
  refine(o, ctx) {
    const words = nameWords(o.name);
    if (o.firstName && o.lastName && words) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: `"${words}": give the name as words or with --first-name and --last-name, not both`,
        params: { hint: 'e.g. portalctl clients find --first-name mary --last-name obrien' },
      });
    } else if (o.firstName && !o.lastName && !words && !o.email && !splitName(o.name).email) {
      ctx.addIssue({
        code: 'custom',
        path: ['firstName'],
        message: 'needs --last-name (a first name alone is too broad)',
        params: { hint: 'add --last-name' },
      });
    }
  },
  examples: [
    "portalctl clients find Mary-Ann O'Brien",
    'portalctl clients find obrien',
    'portalctl clients find "Chloe Da Silva"',
    'portalctl clients find aaliyah --last-name "da silva" --provider "Lakeshore Career Centre"',
    'portalctl clients find --first-name mary --last-name obrien --email mary@example.org --json',
    'portalctl clients find ada@example.org -q',
  ],
  run: runFind,
});

/**
 * Free words -> first/last name or email. The server reads a full name every way it splits, so
 * which words go to which field only matters for a single word: that one is a last name.
 */
function splitName(words: string[]): { firstName?: string; lastName?: string; email?: string } {
  const parts = words.flatMap((w) => w.split(/\s+/)).filter(Boolean);
  const email = parts.find((p) => p.includes('@'));
  const names = parts.filter((p) => !p.includes('@'));
  const lastName = names.at(-1);
  const firstName = names.slice(0, -1).join(' ');
  return {
    ...(email ? { email } : {}),
    ...(lastName ? { lastName } : {}),
    ...(firstName ? { firstName } : {}),
  };
}

/** The name words (not an email) as one text: "mary ann obrien". */
function nameWords(words: string[]): string {
  const free = splitName(words);
  return [free.firstName, free.lastName].filter(Boolean).join(' ');
}

/**
 * The name words and flags together: words fill the part of the name the flags leave open (the
 * declaration's refine has refused words with both name flags, and a first name alone).
 */
function nameOf(options: FindOptions): { firstName?: string; lastName?: string; email?: string } {
  const free = splitName(options.name);
  const words = nameWords(options.name);
  const email = options.email ?? free.email;
  const withEmail = email ? { email } : {};
  if (options.firstName && options.lastName) {
    return { firstName: options.firstName, lastName: options.lastName, ...withEmail };
  }
  if (options.lastName) return { lastName: options.lastName, ...(words ? { firstName: words } : {}), ...withEmail };
  if (options.firstName) return { firstName: options.firstName, ...(words ? { lastName: words } : {}), ...withEmail };
  return { ...free, ...withEmail };
}

/** "cl_000101 at sp_lakeshore, cl_000122 at sp_lakeshore". */
/** "Aaliyah Da Silva (cl_000101) at Lakeshore Career Centre": the id is what `clients refer` takes. */
function listElsewhere(matches: DuplicateMatch[], providers: ReadonlyMap<string, string>): string {
  return matches
    .map(
      (m) =>
        `${m.client.firstName} ${m.client.lastName} (${m.client.id}) at ${providers.get(m.client.providerId) ?? m.client.providerId}`,
    )
    .join(', ');
}

async function runFind(options: FindOptions, deps: Deps): Promise<void> {
  deps.out.check(duplicateView);
  const given = nameOf(options);
  let firstName = given.firstName;
  let lastName = given.lastName;
  const email = given.email;
  if (!lastName && !email) {
    if (!deps.prompter.interactive) {
      throw usageError(
        'give a name, --last-name or --email to search for when not running interactively',
        'e.g. portalctl clients find --last-name obrien, or portalctl clients find ada@example.org',
      );
    }
    firstName ??= (await deps.prompter.input({ message: 'First name (optional)', flag: '--first-name' })).trim();
    lastName = (
      await deps.prompter.input({
        message: 'Last name',
        flag: '--last-name',
        validate: (v) => (v.trim() ? true : 'a last name is needed to search by name'),
      })
    ).trim();
  }
  const api = await deps.api();
  const provider = options.provider ? await resolveProvider(api, options.provider, '--provider') : undefined;
  const providerId = provider?.id;
  let data: DuplicateMatch[];
  let emailInUseElsewhere: boolean;
  try {
    ({ data, emailInUseElsewhere } = await api.call('findDuplicates', {
      query: {
        ...(lastName ? { lastName } : {}),
        ...(firstName ? { firstName } : {}),
        ...(email ? { email } : {}),
        ...(providerId ? { providerId } : {}),
      },
    }));
  } catch (error) {
    if (providerId && error instanceof CliError && error.problem?.missingPermission === 'sp-group-admin') {
      throw new CliError(
        'forbidden',
        'your token lacks the `sp-group-admin` permission (Service Provider Group Administration) needed to search another provider with --provider',
        { problem: error.problem, status: 403, hint: 'leave out --provider to search your own service provider' },
      );
    }
    throw error;
  }
  const count = await deps.out.list(duplicateView, data);
  if (emailInUseElsewhere) {
    deps.out.warn(
      'That email is in use at another service provider (whose clients are not shown): adding a client with it would be refused.',
    );
  } else if (count === 0 && deps.out.format !== 'table') {
    deps.out.info('No matches: no existing client has that name or email.');
  }
  const elsewhere = data.filter((m) => m.reason === 'name' && m.elsewhere);
  if (elsewhere.length) {
    const target = provider?.name ?? 'your provider';
    const { lookupNames } = await import('../../io/names.js');
    const providers = await lookupNames(api, new Set(['provider']));
    deps.out.info(
      `Elsewhere in the group (not at ${target}): ${listElsewhere(elsewhere, providers)}. If this is the same person, do not add another: a client can be referred between providers of the group (portalctl clients refer).`,
    );
  }
  if (data.some((m) => m.reason === 'email')) {
    deps.out.warn('An email match is always a duplicate: adding a client with that email would be refused.');
  }
}
