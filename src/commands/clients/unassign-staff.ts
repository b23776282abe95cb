// `portalctl clients unassign-staff`: remove a caseworker from a client (needs sp-admin). A client
// left with no caseworker is a referral again.
import { defineCommand } from '../../command/define.js';
import { clientArg, reasonFlag, staffFlag } from '../../command/shared-options.js';
import { withReasonFlag } from '../../io/reason.js';
import { resolveStaffAssignment, unchangedAssignment } from '../../io/staff-assignment.js';
import { clientName, clientView } from '../../io/views/client.js';

export default defineCommand({
  path: ['clients', 'unassign-staff'],
  summary: 'Remove a caseworker from a client',
  description:
    'Remove a caseworker from a client (needs the sp-admin permission). A client left with no caseworker is a referral again.',
  options: { client: clientArg(), ...staffFlag(), ...reasonFlag() },
  examples: [
    'portalctl clients unassign-staff ada@example.org --staff kevin.nguyen@northstar.example.org',
    'portalctl clients unassign-staff cl_01jq3v4w5x6y7z --staff st_cwa002 --json',
  ],
  async run(options, deps) {
    deps.out.check(clientView);
    const { api, client, staff } = await resolveStaffAssignment(deps, options, {
      client: 'Which client loses a caseworker?',
      staff: (name) => `Caseworker to remove from ${name}`,
      assignedOnly: true,
    });
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
