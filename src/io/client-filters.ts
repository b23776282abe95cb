// The client filters `clients list` and `clients export` share: the flags, their options and the
// listClients query they make (a caseworker or provider named by email or name is looked up).
import * as z from 'zod';
import type { ApiClient } from '../api/client.js';
import { flag } from '../command/define.js';
import { CLIENT_STATUSES, INVITE_STATUSES } from '../contract/schemas.js';
import { resolveProvider } from './resolve.js';
import { resolveStaff } from './resolve-staff.js';

/** The filter options, to spread into a command's options schema. */
export const clientFilterOptions = {
  status: z.enum(CLIENT_STATUSES).optional(),
  archived: z.boolean().default(false),
  search: z.string().min(1).max(200).optional(),
  caseworker: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  invite: z.enum(INVITE_STATUSES).optional(),
};
const ClientFiltersSchema = z.object(clientFilterOptions);
export type ClientFilters = z.output<typeof ClientFiltersSchema>;

/** The filter flags; `verb` says what --archived does ("list archived clients instead"). */
export function clientFilterFlags(verb: 'list' | 'export') {
  const o = clientFilterOptions;
  return {
    status: flag('--status <status>', `referral or client (${CLIENT_STATUSES.join('|')})`, o.status),
    archived: flag('--archived', `${verb} archived clients instead`, o.archived),
    search: flag('--search <text>', 'name or email contains (accents, case and punctuation ignored)', o.search),
    caseworker: flag('--caseworker <staff>', 'assigned to this caseworker (staff id st_… or email)', o.caseworker),
    provider: flag('--provider <provider>', 'of this service provider (id sp_… or name)', o.provider),
    invite: flag('--invite <state>', `invitation state (${INVITE_STATUSES.join('|')})`, o.invite),
  };
}

/** The listClients query for the filters given. */
export async function clientFilterQuery(api: ApiClient, options: ClientFilters) {
  const caseworkerId = options.caseworker
    ? (await resolveStaff(api, options.caseworker, { flag: '--caseworker' })).id
    : undefined;
  const providerId = options.provider ? (await resolveProvider(api, options.provider, '--provider')).id : undefined;
  return {
    ...(options.status ? { status: options.status } : {}),
    ...(options.archived ? { archived: 'true' as const } : {}),
    ...(options.search ? { search: options.search } : {}),
    ...(caseworkerId ? { caseworkerId } : {}),
    ...(providerId ? { providerId } : {}),
    ...(options.invite ? { invite: options.invite } : {}),
  };
}
