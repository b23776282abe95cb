// A client portal named on the command line: its id (po_…) or its name (any case); on a terminal
// with none given, picked from the portals the caller manages. A job of a portal: its id (jb_…) or
// its title.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import { CliError, usageError } from '../errors.js';

export interface Job {
  id: string;
  title: string;
}

export interface Portal {
  id: string;
  name: string;
  providerId: string;
  jobs: Job[];
}

function findPortal(portals: readonly Portal[], value: string, flag: string): Portal {
  const wanted = value.trim().toLowerCase();
  const found =
    portals.find((p) => p.id.toLowerCase() === wanted) ?? portals.find((p) => p.name.toLowerCase() === wanted);
  if (found) return found;
  throw new CliError('not-found', `${flag}: no client portal "${value.trim()}" that you manage`, {
    hint: `your portals: ${portals.map((p) => `${p.name} (${p.id})`).join(', ') || 'none'}; see portalctl portals list`,
  });
}

/** A client portal by id (po_…) or name, with its jobs. */
export async function resolvePortal(api: ApiClient, value: string, flag: string): Promise<Portal> {
  const { data } = await api.call('listPortals', {});
  return findPortal(data, value, flag);
}

/** `value` resolved by id or name; none given: picked on a terminal, else an error naming `flag`. */
export async function pickPortal(
  deps: Pick<Deps, 'api' | 'prompter'>,
  value: string | undefined,
  options: { flag: string; message: string },
): Promise<Portal> {
  if (!value?.trim() && !deps.prompter.interactive) {
    throw usageError(`${options.flag} is required when not running interactively`, 'pass a portal id (po_…) or name');
  }
  const api = await deps.api();
  const { data } = await api.call('listPortals', {});
  if (value?.trim()) return findPortal(data, value, options.flag);
  if (data.length === 0) {
    throw new CliError('not-found', 'you manage no client portal', { hint: 'ask an administrator for access to one' });
  }
  return deps.prompter.select<Portal>({
    message: options.message,
    flag: options.flag,
    choices: data.map((p) => ({ name: p.name, value: p, description: `${p.id} · ${p.jobs.length} jobs` })),
  });
}

export function jobList(portal: Portal): string {
  return portal.jobs.map((j) => `${j.id} (${j.title})`).join(', ') || 'none';
}

/** The job of `portal` that `value` names: its id (jb_…) or its title (any case). */
export function findJob(portal: Portal, value: string): Job | undefined {
  const wanted = value.trim().toLowerCase();
  return (
    portal.jobs.find((j) => j.id.toLowerCase() === wanted) ?? portal.jobs.find((j) => j.title.toLowerCase() === wanted)
  );
}

/** A job of `portal` by id (jb_…) or title (any case), or a not-found error naming `flag` and its jobs. */
export function resolveJob(portal: Portal, value: string, flag: string): Job {
  const found = findJob(portal, value);
  if (found) return found;
  throw new CliError('not-found', `${flag}: "${value.trim()}" is not a job of portal ${portal.name} (${portal.id})`, {
    hint: `its jobs: ${jobList(portal)}`,
  });
}

/** A job of `portal` named by `value`; none given: picked on a terminal, else an error naming `flag`. */
export async function pickJob(
  deps: Pick<Deps, 'prompter'>,
  portal: Portal,
  value: string | undefined,
  options: { flag: string; message: string },
): Promise<Job> {
  if (value?.trim()) return resolveJob(portal, value, options.flag);
  if (!deps.prompter.interactive) {
    throw usageError(
      `${options.flag} is required when not running interactively`,
      `pass a job id (jb_…) or title of ${portal.name}`,
    );
  }
  if (portal.jobs.length === 0) {
    throw new CliError('not-found', `portal ${portal.name} (${portal.id}) has no jobs`, {
      hint: `add one: portalctl portals jobs add ${portal.id} --title TITLE`,
    });
  }
  return deps.prompter.select<Job>({
    message: options.message,
    flag: options.flag,
    choices: portal.jobs.map((j) => ({ name: j.title, value: j, description: j.id })),
  });
}
