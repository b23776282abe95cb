// The many-clients form of a command: its flags checked against the one-client form, then the
// bulk engine run with the command's step.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { Staff } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { type BulkOptions, type BulkStep, runBulk } from './actions.js';

const kebab = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Runs `step` on the clients the options select. `oneClientOnly`: the command's flags that make
 * sense for one client only (refused here rather than ignored).
 */
export async function runBulkCommand<O extends BulkOptions & { client?: string | undefined }>(
  step: BulkStep,
  options: O,
  deps: Deps,
  oneClientOnly: readonly (keyof O & string)[] = [],
): Promise<void> {
  if (options.client !== undefined) {
    throw usageError(
      `give one client (${options.client}) or a choice of many (a query, --from-file or --retry-failed), not both`,
      `for one client: portalctl ${step.command} ${options.client}`,
    );
  }
  for (const key of oneClientOnly) {
    const value = options[key];
    if (value !== undefined && value !== false) {
      throw usageError(`${kebab(key)} applies to one client, not to many`, `leave out ${kebab(key)}`);
    }
  }
  await runBulk(step, options, deps);
}

/**
 * A staff member named by a flag of a many-clients form (id, email or full name), among all the
 * staff the token sees: the clients may be of several providers, so none is assumed.
 */
export async function staffNamed(api: ApiClient, value: string, flag: string): Promise<Staff> {
  const { data } = await api.call('listStaff', {});
  const wanted = value.trim().toLowerCase();
  const found = data.find(
    (s) => s.id === value.trim() || s.email.toLowerCase() === wanted || s.name.toLowerCase() === wanted,
  );
  if (!found) {
    throw new CliError('not-found', `${flag}: no staff member "${value}"`, {
      hint: 'pass a staff id (st_…), email or full name; portalctl staff list shows them',
    });
  }
  return found;
}
