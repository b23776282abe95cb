// Jobs of a client portal as a person names them: by id (jb_…) or by title, comma-separated, in
// any case. Used wherever access to selected jobs is given (portal users invite, access).
import { CliError } from '../errors.js';
import type { Portal } from './resolve-portal-user.js';

/** "jb_a, Line cook" -> ["jb_a", "Line cook"] */
export function splitJobs(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function jobList(portal: Portal): string {
  return portal.jobs.map((j) => `${j.id} (${j.title})`).join(', ') || 'none';
}

/** Each name as a job of the portal, or why it is not one (unknown, or a title several jobs share). */
function matchJobs(portal: Portal, names: readonly string[]): { ids: string[]; bad: string[] } {
  const ids: string[] = [];
  const bad: string[] = [];
  for (const name of names) {
    const wanted = name.toLowerCase();
    const byId = portal.jobs.find((j) => j.id.toLowerCase() === wanted);
    const byTitle = portal.jobs.filter((j) => j.title.trim().toLowerCase() === wanted);
    if (byId) ids.push(byId.id);
    else if (byTitle.length === 1) ids.push(byTitle[0]!.id);
    else if (byTitle.length > 1) bad.push(`${name} (the title of ${byTitle.map((j) => j.id).join(', ')}: pass an id)`);
    else bad.push(name);
  }
  return { ids: [...new Set(ids)], bad };
}

/** For a prompt's validate: true, or what is wrong. */
export function checkJobs(portal: Portal, value: string): true | string {
  const names = splitJobs(value);
  if (names.length === 0) return 'enter at least one job id or title';
  const { bad } = matchJobs(portal, names);
  return bad.length ? `not a job of this portal: ${bad.join(', ')}` : true;
}

/** The job ids of the names given with `flag`; an unknown one is not found, like an unknown portal. */
export function resolveJobs(portal: Portal, names: readonly string[], flag: string): string[] {
  const { ids, bad } = matchJobs(portal, names);
  if (bad.length) {
    throw new CliError(
      'not-found',
      `${flag}: ${bad.join(', ')} ${bad.length === 1 ? 'is not a job' : 'are not jobs'} of portal ${portal.name} (${portal.id})`,
      { hint: `its jobs: ${jobList(portal)}` },
    );
  }
  return ids;
}
