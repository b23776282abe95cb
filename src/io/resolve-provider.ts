// A service provider named on the command line: its id (sp_…) or its name (any case); on a
// terminal with none given where one is needed, picked from a list.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { ServiceProvider } from '../contract/schemas.js';
import { CliError } from '../errors.js';

/** The provider `value` names among `providers`, or a not-found error naming `flag` and the known ones. */
export function findProvider(providers: readonly ServiceProvider[], value: string, flag: string): ServiceProvider {
  const wanted = value.trim().toLowerCase();
  const found = providers.find((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
  if (found) return found;
  throw new CliError('not-found', `${flag}: no service provider "${value.trim()}"`, {
    hint: `known providers: ${providers.map((p) => `${p.name} (${p.id})`).join(', ') || 'none'}; see portalctl providers list`,
  });
}

/** A service provider by id (sp_…) or name. */
export async function resolveProvider(api: ApiClient, value: string, flag: string): Promise<ServiceProvider> {
  const { data } = await api.call('listProviders', {});
  return findProvider(data, value, flag);
}

export interface PickProviderOptions {
  flag: string;
  message: string;
  /** Offer only the providers this keeps (e.g. the others of the client's group). */
  only?: (provider: ServiceProvider) => boolean;
  /** When `only` leaves nothing to offer on a terminal. */
  noneMessage?: string;
}

/** `value` resolved by id or name; none given: picked from the list on a terminal, else an error naming the flag. */
export async function pickProvider(
  deps: Pick<Deps, 'prompter'>,
  api: ApiClient,
  value: string | undefined,
  options: PickProviderOptions,
): Promise<ServiceProvider> {
  const { data } = await api.call('listProviders', {});
  if (value?.trim()) return findProvider(data, value, options.flag);
  const choices = data
    .filter((p) => !options.only || options.only(p))
    .map((p) => ({ name: p.name, value: p, description: `${p.id} · ${p.groupName}` }));
  if (deps.prompter.interactive && choices.length === 0) {
    throw new CliError('not-found', options.noneMessage ?? `no service provider to choose for ${options.flag}`);
  }
  return deps.prompter.select<ServiceProvider>({ message: options.message, flag: options.flag, choices });
}
