// `portalctl clients find`: the duplicate check on its own, as `clients add` runs it first. Names
// match case-, accent-, spacing- and punctuation-insensitively and in part ("obrien" finds
// O'Brien); an email matches exactly, across the whole portal.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { usageError } from '../../errors.js';
import { duplicateView } from '../../io/views/duplicate.js';

export const FindOptionsSchema = z.object({
  /** Free words: "First Last", "Last", or an email. */
  name: z.array(z.string()).default([]),
  firstName: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  lastName: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  email: z.string().trim().min(1, 'must not be empty').max(254).optional(),
});
export type FindOptions = z.output<typeof FindOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Search for possible duplicates before adding a client: by last name (optionally with first name) and by email. Names match ignoring case, accents, spaces and punctuation, and in part; an email match is exact and covers the whole portal (email is unique). Archived clients are included.',
    )
    .argument('[name...]', 'a name ("Mary-Ann O\'Brien": the last word is the last name) or an email')
    .option('--first-name <name>', 'first name (needs a last name too)')
    .option('--last-name <name>', 'last name')
    .option('--email <email>', 'email address (exact match)')
    .addHelpText(
      'after',
      examples([
        "portalctl clients find Mary-Ann O'Brien",
        'portalctl clients find obrien',
        'portalctl clients find --first-name mary --last-name obrien --email mary@example.org --json',
        'portalctl clients find ada@example.org -q',
      ]),
    )
    .action(
      action(async (deps, name: string[], flags: Record<string, unknown>) => {
        await runFind(parseOptions(FindOptionsSchema, { ...flags, name }, { name: '<name>' }), deps);
      }),
    );
}

/** Free words -> first/last name or email. */
export function splitName(words: string[]): { firstName?: string; lastName?: string; email?: string } {
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

export async function runFind(options: FindOptions, deps: Deps): Promise<void> {
  deps.out.check(duplicateView);
  const free = splitName(options.name);
  let firstName = options.firstName ?? free.firstName;
  let lastName = options.lastName ?? free.lastName;
  const email = options.email ?? free.email;
  if (firstName && !lastName && !email) {
    throw usageError('--first-name needs --last-name: a first name alone is too broad', 'add --last-name');
  }
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
  const { data } = await api.call('findDuplicates', {
    query: {
      ...(lastName ? { lastName } : {}),
      ...(firstName ? { firstName } : {}),
      ...(email ? { email } : {}),
    },
  });
  const count = await deps.out.list(duplicateView, data);
  if (count === 0 && deps.out.format !== 'table')
    deps.out.info('No matches: no existing client has that name or email.');
  if (data.some((m) => m.reason === 'email')) {
    deps.out.warn('An email match is always a duplicate: adding a client with that email would be refused.');
  }
}
