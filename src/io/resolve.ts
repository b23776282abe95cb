// Turning what a user typed into a record. Wherever a client is named, an id (cl_…) or an email
// is accepted; on a terminal with no client given, an interactive search picks one.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { clientName } from './views/client.js';

export interface ResolveClientOptions {
  /** How the argument is named in errors and prompts (default `<client>`). */
  argument?: string;
  /** Prompt message of the interactive search. */
  message?: string;
  /** Narrows the interactive search, e.g. `{ invite: 'pending' }` to offer only clients it applies to. */
  searchQuery?: { status?: Client['status']; invite?: Client['invite']['status'] };
  /**
   * For a search that also shows clients the command cannot act on: why not, and the command to
   * run instead (shown with the choice, listed after those it applies to); undefined when it applies.
   */
  notApplicable?: (client: Client) => { reason: string; instead: string } | undefined;
}

async function clientByEmail(api: ApiClient, email: string): Promise<Client | undefined> {
  for (const archived of [undefined, 'true'] as const) {
    const page = await api.call('listClients', {
      query: { email, limit: 1, ...(archived ? { archived } : {}) },
    });
    if (page.data[0]) return page.data[0];
  }
  return undefined;
}

/** An id (cl_…) or an email -> the client; none given -> interactive search on a terminal. */
export async function resolveClient(
  deps: Pick<Deps, 'api' | 'prompter'>,
  value: string | undefined,
  options: ResolveClientOptions = {},
): Promise<Client> {
  const argument = options.argument ?? '<client>';
  const given = value?.trim();
  if (!given) {
    // Fails with "<client> is required when not running interactively" when nobody can answer.
    if (!deps.prompter.interactive) {
      throw usageError(
        `${argument} is required when not running interactively`,
        'pass a client id (cl_…) or email address',
      );
    }
    const api = await deps.api();
    return deps.prompter.search<Client>({
      message: options.message ?? 'Find a client (type a name or email)',
      flag: argument,
      source: async (term, signal) => {
        const page = await api.call(
          'listClients',
          { query: { limit: 10, ...options.searchQuery, ...(term?.trim() ? { search: term.trim() } : {}) } },
          { signal },
        );
        const choices = page.data.map((c) => {
          const not = options.notApplicable?.(c);
          return {
            name: `${clientName(c)} <${c.email}>${not ? ` (${not.reason})` : ''}`,
            value: c,
            description: not
              ? `${c.id} · ${not.reason}; instead: ${not.instead}`
              : `${c.id} · ${c.status} · invite ${c.invite.status}`,
            applies: !not,
          };
        });
        // Those the command applies to first; the order within each stays the portal's.
        return [...choices.filter((c) => c.applies), ...choices.filter((c) => !c.applies)].map(
          ({ applies: _applies, ...choice }) => choice,
        );
      },
    });
  }
  const api = await deps.api();
  if (/^cl_/i.test(given)) {
    try {
      return await api.call('getClient', { params: { id: given } });
    } catch (error) {
      if (error instanceof CliError && error.kind === 'not-found') {
        throw new CliError('not-found', `no client ${given}`, {
          ...(error.problem ? { problem: error.problem } : {}),
          status: 404,
          hint: 'check the id, or find the client with portalctl clients list --search NAME',
        });
      }
      throw error;
    }
  }
  if (given.includes('@')) {
    const client = await clientByEmail(api, given);
    if (client) return client;
    throw new CliError('not-found', `no client with the email ${given}`, {
      status: 404,
      hint: 'find the client with portalctl clients list --search NAME',
    });
  }
  throw usageError(
    `${argument} must be a client id (cl_…) or an email address, got "${given}"`,
    'find the client with portalctl clients list --search NAME',
  );
}

// Providers have their resolver of their own; re-exported for the commands that import it from here.
export { resolveProvider } from './resolve-provider.js';
