// A staff member named on the command line (id st_…, email or full name), looked up among the
// staff of the client's service provider; on a terminal with none given, picked from that list.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { Staff } from '../contract/schemas.js';
import { CliError } from '../errors.js';

export interface PickStaffOptions {
  /** The service provider whose staff are candidates (the client's). */
  providerId: string;
  /** The flag that names the staff member, for errors and the prompt. */
  flag: string;
  message: string;
  /** Offer only these staff ids at the prompt (e.g. the client's caseworkers). */
  only?: readonly string[];
}

export async function pickStaff(
  deps: Pick<Deps, 'prompter'>,
  api: ApiClient,
  value: string | undefined,
  options: PickStaffOptions,
): Promise<Staff> {
  const { data } = await api.call('listStaff', { query: { providerId: options.providerId } });
  const given = value?.trim();
  if (!given) {
    const candidates = options.only ? data.filter((s) => options.only!.includes(s.id)) : data;
    if (deps.prompter.interactive && candidates.length === 0) {
      throw new CliError('not-found', `no staff to choose from for ${options.flag}`, {
        hint: `pass ${options.flag} with a staff id (st_…) or email`,
      });
    }
    return deps.prompter.select<Staff>({
      message: options.message,
      flag: options.flag,
      choices: candidates.map((s) => ({ name: `${s.name} <${s.email}>`, value: s, description: s.id })),
    });
  }
  const wanted = given.toLowerCase();
  const found = data.find((s) => s.id === given || s.email.toLowerCase() === wanted || s.name.toLowerCase() === wanted);
  if (found) return found;
  const known = data.slice(0, 5).map((s) => s.email);
  throw new CliError(
    'not-found',
    `${options.flag}: no staff member "${given}" in service provider ${options.providerId}`,
    {
      hint: known.length
        ? `pass a staff id (st_…) or email, e.g. ${known.join(', ')}${data.length > known.length ? ', …' : ''}`
        : 'pass a staff id (st_…) or email of a staff member of that provider',
    },
  );
}
