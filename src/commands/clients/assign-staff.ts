// `portalctl clients assign-staff`: assign a caseworker (needs sp-admin). A referral with a
// caseworker becomes a client; several staff can be assigned at once.
import { defineCommand } from '../../command/define.js';
import { clientArg, staffFlag } from '../../command/shared-options.js';
import { resolveStaffAssignment, unchangedAssignment } from '../../io/staff-assignment.js';
import { clientName, clientView } from '../../io/views/client.js';

export default defineCommand({
  path: ['clients', 'assign-staff'],
  summary: 'Assign a caseworker to a client',
  description:
    "Assign a caseworker to a client (needs the sp-admin permission). A referral with a caseworker becomes a client; assigning someone already assigned changes nothing. The staff member must work for the client's service provider and hold the clients permission.",
  options: { client: clientArg(), ...staffFlag() },
  examples: [
    'portalctl clients assign-staff ada@example.org --staff kevin.nguyen@northstar.example.org',
    'portalctl clients assign-staff cl_01jq3v4w5x6y7z --staff st_cwa002 --json',
  ],
  async run(options, deps) {
    deps.out.check(clientView);
    const { api, client, staff } = await resolveStaffAssignment(deps, options, {
      client: 'Which client gets a caseworker?',
      staff: (name) => `Caseworker for ${name}`,
    });
    // Sent even when nothing would change: the portal checks the permission first, and answers a
    // repeat with the client as it is.
    const updated = await api.call('assignStaff', { params: { id: client.id }, body: { staffId: staff.id } });
    if (client.caseworkerIds.includes(staff.id)) {
      return unchangedAssignment(deps, updated, `${staff.name} is already assigned to`);
    }
    await deps.out.one(clientView, updated);
    const became = client.status === 'referral' && updated.status === 'client' ? '; the referral is now a client' : '';
    deps.out.success(`Assigned ${staff.name} (${staff.id}) to ${clientName(updated)} (${updated.id})${became}`);
  },
});
