// The names tables show for ids (providers, staff, portals, jobs), read once per command from the
// portal's directory lists. What the caller may not list stays an id.
import type { ApiClient } from '../api/client.js';
import { CAMS_ACTOR_ID } from '../contract/audit-actions.js';
import type { RefKind } from './view.js';

export async function lookupNames(api: ApiClient, kinds: ReadonlySet<RefKind>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const reads: Promise<void>[] = [];
  if (kinds.has('provider')) {
    reads.push(
      api.call('listProviders', {}).then(({ data }) => {
        for (const provider of data) names.set(provider.id, provider.name);
      }),
    );
  }
  if (kinds.has('staff')) {
    // Changes CaMS makes to linked clients are the audit log's, by CaMS rather than by staff.
    names.set(CAMS_ACTOR_ID, 'CaMS');
    reads.push(
      api.call('listStaff', {}).then(({ data }) => {
        for (const staff of data) names.set(staff.id, staff.name);
      }),
    );
  }
  if (kinds.has('portal') || kinds.has('job')) {
    reads.push(
      api.call('listPortals', {}).then(({ data }) => {
        for (const portal of data) {
          names.set(portal.id, portal.name);
          for (const job of portal.jobs) names.set(job.id, job.title);
        }
      }),
    );
  }
  await Promise.allSettled(reads);
  return names;
}
