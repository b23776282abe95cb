// A staff member named on the command line (id st_…, email or full name). With a service provider
// (the client's), looked up among its staff, and picked from them on a terminal when none is
// given; without one, among the staff the token sees, an id being taken as given.
import type { ApiClient } from '../api/client.js';
import type { Staff } from '../contract/schemas.js';
import { CliError } from '../errors.js';
import type { Prompter } from './prompter.js';

export interface StaffLookup {
  /** The flag that names the staff member, for errors and the prompt. */
  flag: string;
  /** Only this service provider's staff are candidates (an id too must be one of them). */
  providerId?: string;
  /** With no value given, a terminal picks from the candidates with this question. */
  prompt?: { prompter: Pick<Prompter, 'interactive' | 'select'>; message: string };
  /** Offer only these staff ids at the prompt (e.g. the client's caseworkers). */
  only?: readonly string[];
}

export function resolveStaff(
  api: ApiClient,
  value: string | undefined,
  lookup: StaffLookup & { providerId: string },
): Promise<Staff>;
export function resolveStaff(api: ApiClient, value: string, lookup: StaffLookup): Promise<{ id: string }>;
export async function resolveStaff(
  api: ApiClient,
  value: string | undefined,
  lookup: StaffLookup,
): Promise<{ id: string }> {
  // Without a provider to check it against, an id needs no lookup: the portal filters by it.
  if (lookup.providerId === undefined && value !== undefined && /^st_/i.test(value)) return { id: value };
  const { data } = await api.call('listStaff', lookup.providerId ? { query: { providerId: lookup.providerId } } : {});
  const given = value?.trim();
  if (!given && lookup.prompt) {
    const { prompter, message } = lookup.prompt;
    const candidates = lookup.only ? data.filter((s) => lookup.only!.includes(s.id)) : data;
    if (prompter.interactive && candidates.length === 0) {
      throw new CliError('not-found', `no staff to choose from for ${lookup.flag}`, {
        hint: `pass ${lookup.flag} with a staff id (st_…) or email`,
      });
    }
    return prompter.select<Staff>({
      message,
      flag: lookup.flag,
      choices: candidates.map((s) => ({ name: `${s.name} <${s.email}>`, value: s, description: s.id })),
    });
  }
  const wanted = (given ?? '').toLowerCase();
  const found = data.find((s) => s.id === given || s.email.toLowerCase() === wanted || s.name.toLowerCase() === wanted);
  if (found) return found;
  const where = lookup.providerId ? `service provider ${lookup.providerId}` : 'your service provider';
  const known = data.slice(0, 5).map((s) => s.email);
  throw new CliError('not-found', `${lookup.flag}: no staff member "${given ?? ''}" in ${where}`, {
    hint: known.length
      ? `pass a staff id (st_…) or email, e.g. ${known.join(', ')}${data.length > known.length ? ', …' : ''}`
      : 'pass a staff id (st_…) or the email of a staff member',
  });
}
