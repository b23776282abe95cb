// What `clients assign-staff` and `clients unassign-staff` share: a client and one caseworker,
// each named on the command line or picked on a terminal, and the answer when nothing changes.
import * as z from 'zod';
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import { staffFlag } from '../command/shared-options.js';
import type { Client, Staff } from '../contract/schemas.js';
import { CliError } from '../errors.js';
import { resolveClient } from './resolve.js';
import { resolveStaff } from './resolve-staff.js';
import { clientName, clientView } from './views/client.js';

const { staff: staffOption } = staffFlag();

export const StaffAssignmentSchema = z.object({
  client: z.string().min(1).optional(),
  staff: staffOption.schema,
});
export type StaffAssignmentOptions = z.output<typeof StaffAssignmentSchema>;

export interface StaffAssignmentPrompts {
  /** The search prompt when no client is given. */
  client: string;
  /** The pick prompt when no --staff is given, for the client's name. */
  staff: (name: string) => string;
  /** Offer only the client's caseworkers (to remove one); a client with none is a conflict. */
  assignedOnly?: boolean;
}

/** The client, then the staff member of its service provider that --staff names (or a terminal picks). */
export async function resolveStaffAssignment(
  deps: Deps,
  options: StaffAssignmentOptions,
  prompts: StaffAssignmentPrompts,
): Promise<{ api: ApiClient; client: Client; staff: Staff }> {
  const client = await resolveClient(deps, options.client, { message: prompts.client });
  if (prompts.assignedOnly && !options.staff && deps.prompter.interactive && client.caseworkerIds.length === 0) {
    throw new CliError('conflict', `${clientName(client)} (${client.id}) has no caseworker to remove`, {
      details: { code: 'no-caseworker' },
    });
  }
  const api = await deps.api();
  const staff = await resolveStaff(api, options.staff, {
    providerId: client.providerId,
    flag: '--staff',
    prompt: { prompter: deps.prompter, message: prompts.staff(clientName(client)) },
    ...(prompts.assignedOnly ? { only: client.caseworkerIds } : {}),
  });
  return { api, client, staff };
}

/** Nothing to change: the client as it is on stdout, and why on stderr. */
export async function unchangedAssignment(deps: Deps, client: Client, why: string): Promise<void> {
  await deps.out.one(clientView, client);
  deps.out.info(`${why} ${clientName(client)} (${client.id}); nothing changed.`);
}
