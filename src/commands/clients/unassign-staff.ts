// `portalctl clients unassign-staff`: remove a caseworker from a client (needs sp-admin). A client
// left with no caseworker is a referral again.
import { defineCommand } from '../../command/define.js';
import { clientArg, dryRunFlag, reasonFlag, staffFlag } from '../../command/shared-options.js';
import { printDryRun } from '../../io/dry-run.js';
import { withReasonFlag } from '../../io/reason.js';
import { resolveStaffAssignment, unchangedAssignment } from '../../io/staff-assignment.js';
import { clientName, clientView } from '../../io/views/client.js';

export default defineCommand({
  path: ['clients', 'unassign-staff'],
  summary: 'Remove a caseworker from a client',
  description:
    'Remove a caseworker from a client (needs the sp-admin permission). A client left with no caseworker is a referral again.',
  options: {
    client: clientArg(),
    ...staffFlag(),
    ...reasonFlag(),
    ...dryRunFlag('show what would change; remove no one'),
  },
  examples: [
    'portalctl clients unassign-staff ada@example.org --staff kevin.nguyen@northstar.example.org',
    'portalctl clients unassign-staff cl_01jq3v4w5x6y7z --staff st_cwa002 --json',
    'portalctl clients unassign-staff ada@example.org --staff st_cwa002 --dry-run',
  ],
  async run(options, deps) {
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
  },
});
