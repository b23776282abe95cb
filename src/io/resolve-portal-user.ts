// Turning what a user typed into an external portal user or a shared link.
// A portal user is named by id (pu_…) or email; on a terminal with none given, an interactive
// search picks one.
import type { Deps } from '../command/deps.js';
import type { PortalUser } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { portalUserName } from './views/portal-user.js';

// Portals have their resolver of their own; re-exported for the commands that import it from here.
export { type Portal, resolvePortal } from './resolve-portal.js';

/** Search pages are small: the interactive search filters one page of users client-side. */
const SEARCH_PAGE = 500;

function notFoundUser(value: string): CliError {
  return new CliError('not-found', `no portal user ${value}`, {
    status: 404,
    hint: 'list them with portalctl portal users list',
  });
}

/** An id (pu_…) or an email -> the user; none given -> interactive search on a terminal. */
export async function resolvePortalUser(
  deps: Pick<Deps, 'api' | 'prompter'>,
  value: string | undefined,
  options: {
    argument?: string;
    message?: string;
    flag?: string;
    /** In the interactive search, why a user cannot be chosen for this command (shown beside them). */
    unavailable?: (user: PortalUser) => string | undefined;
  } = {},
): Promise<PortalUser> {
  const argument = options.flag ?? options.argument ?? '<user>';
  const given = value?.trim();
  if (!given) {
    if (!deps.prompter.interactive) {
      throw usageError(
        `${argument} is required when not running interactively`,
        'pass a portal user id (pu_…) or email address',
      );
    }
    const api = await deps.api();
    return deps.prompter.search<PortalUser>({
      message: options.message ?? 'Find a portal user (type a name or email)',
      flag: argument,
      source: async (term, signal) => {
        const page = await api.call('listPortalUsers', { query: { limit: SEARCH_PAGE } }, { signal });
        const wanted = (term ?? '').trim().toLowerCase();
        return page.data
          .filter((u) => !wanted || `${portalUserName(u)} ${u.email}`.toLowerCase().includes(wanted))
          .slice(0, 10)
          .map((u) => {
            const why = options.unavailable?.(u);
            return {
              name: `${portalUserName(u)} <${u.email}>`,
              value: u,
              description: `${u.id} · ${u.portalId} · ${u.status}`,
              ...(why ? { disabled: `(${u.id}: ${why})` } : {}),
            };
          });
      },
    });
  }
  const api = await deps.api();
  if (/^pu_/i.test(given)) {
    try {
      return await api.call('getPortalUser', { params: { id: given } });
    } catch (error) {
      if (error instanceof CliError && error.kind === 'not-found') throw notFoundUser(given);
      throw error;
    }
  }
  if (given.includes('@')) {
    const { data } = await api.call('listPortalUsers', { query: { email: given, limit: 50 } });
    if (data.length === 1) return data[0]!;
    if (data.length === 0) throw notFoundUser(`with the email ${given}`);
    // Several records: of several portals, or (made before one record per person was kept) of one.
    const portals = [...new Set(data.map((u) => u.portalId))];
    const records = data.map((u) => `${u.id} (${portals.length > 1 ? `${u.portalId}, ` : ''}${u.status})`);
    throw usageError(
      portals.length > 1
        ? `${given} is a user of several portals: ${records.join(', ')}`
        : `${given} has ${data.length} records on portal ${portals[0]}: ${records.join(', ')}`,
      'pass the portal user id (pu_…) instead',
    );
  }
  throw usageError(
    `${argument} must be a portal user id (pu_…) or an email address, got "${given}"`,
    'find the user with portalctl portal users list',
  );
}
