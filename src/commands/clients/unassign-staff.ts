// `portalctl clients unassign-staff`: remove a caseworker from a client (needs sp-admin). A client
// left with no caseworker is a referral again. Many clients at once: a query (e.g. the
// caseworker's whole caseload with --caseworker) or a file.
import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, reasonFlag, staffFlag } from '../../command/shared-options.js';
import { usageError } from '../../errors.js';
import { printDryRun } from '../../io/dry-run.js';
import { withReasonFlag } from '../../io/reason.js';
import { resolveStaffAssignment, unchangedAssignment } from '../../io/staff-assignment.js';
import { clientName, clientView } from '../../io/views/client.js';

const options = {
  client: clientArg(),
  ...staffFlag(),
  ...reasonFlag(),
  ...dryRunFlag('show what would change; remove no one'),
  ...bulkFlags(),
};
type UnassignOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'unassign-staff'],
  summary: 'Remove a caseworker from a client',
  description:
    'Remove a caseworker from a client (needs the sp-admin permission). A client left with no caseworker is a referral again. Many clients at once: a query or --from-file; with --caseworker and no --staff, that caseworker is removed from their whole caseload. More than one client needs --yes without a terminal.',
  options,
  examples: [
    'portalctl clients unassign-staff ada@example.org --staff kevin.nguyen@northstar.example.org',
    'portalctl clients unassign-staff cl_01jq3v4w5x6y7z --staff st_cwa002 --json',
    'portalctl clients unassign-staff ada@example.org --staff st_cwa002 --dry-run',
    'portalctl clients unassign-staff --caseworker "Kevin Nguyen" --reason "Left the team" --dry-run   # the whole caseload',
    'portalctl clients unassign-staff --from-file closed.csv --staff st_cwa002 --yes --report unassign-report.csv',
  ],
  run: runUnassign,
});

async function runUnassign(options: UnassignOptions, deps: Deps): Promise<void> {
  if (isBulk(options)) return unassignMany(options, deps);
  deps.out.check(clientView);
  const { api, client, staff } = await resolveStaffAssignment(deps, options, {
    client: 'Which client loses a caseworker?',
    staff: (name) => `Caseworker to remove from ${name}`,
    assignedOnly: true,
  });
  if (options.dryRun) {
    const assigned = client.caseworkerIds.includes(staff.id);
    const left = client.caseworkerIds.filter((id) => id !== staff.id);
    const became = assigned && left.length === 0 ? '; with no caseworker left it would be a referral again' : '';
    printDryRun(
      deps,
      {
        action: 'client.staff.unassign',
        clientId: client.id,
        staffId: staff.id,
        changes: assigned ? [{ field: 'caseworkerIds', from: client.caseworkerIds, to: left }] : [],
      },
      [],
      assigned
        ? `Dry run: would remove ${staff.name} (${staff.id}) from ${clientName(client)} (${client.id})${became}. Nothing was changed.`
        : `Dry run: ${staff.name} (${staff.id}) is not assigned to ${clientName(client)} (${client.id}); nothing would change.`,
      options.reason,
    );
    return;
  }
  // Sent even when nothing would change: the portal checks the permission first, and answers a
  // removal of someone not assigned with the client as it is.
  const updated = await withReasonFlag(
    api.call('unassignStaff', {
      params: { id: client.id, staffId: staff.id },
      query: options.reason ? { reason: options.reason } : {},
    }),
  );
  if (!client.caseworkerIds.includes(staff.id)) {
    return unchangedAssignment(deps, updated, `${staff.name} is not assigned to`);
  }
  await deps.out.one(clientView, updated);
  const became =
    updated.status === 'referral' && client.status === 'client'
      ? '; with no caseworker left it is a referral again'
      : '';
  deps.out.success(`Removed ${staff.name} (${staff.id}) from ${clientName(updated)} (${updated.id})${became}`);
}

/** The many-clients form: the caseworker (--staff, or the --caseworker of the query), then the bulk engine. */
async function unassignMany(options: UnassignOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand, staffNamed }, { unassignStaffStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  const named = options.staff ?? options.caseworker;
  if (!named) {
    throw usageError(
      '--staff is required with many clients: the caseworker to remove',
      'e.g. --staff st_cwa002, or --caseworker st_cwa002 alone for their whole caseload',
    );
  }
  const staff = await staffNamed(await deps.api(), named, options.staff ? '--staff' : '--caseworker');
  await runBulkCommand(unassignStaffStep({ staff, reason: options.reason }), options, deps);
}
