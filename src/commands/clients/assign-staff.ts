// `portalctl clients assign-staff`: assign a caseworker (needs sp-admin). A referral with a
// caseworker becomes a client; several staff can be assigned at once. Many clients at once: a
// query or a file; with --replace, a caseload moved from one caseworker to another.
import * as z from 'zod';
import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, reasonFlag, staffFlag } from '../../command/shared-options.js';
import { CliError, usageError } from '../../errors.js';
import { printDryRun } from '../../io/dry-run.js';
import { portalRequiresReason, requireReasonFirst } from '../../io/reason.js';
import { resolveStaffAssignment, unchangedAssignment } from '../../io/staff-assignment.js';
import { clientName, clientView } from '../../io/views/client.js';

const options = {
  client: clientArg(),
  ...staffFlag(),
  replace: flag(
    '--replace <staff>',
    'many clients: remove this caseworker from each client once --staff is assigned (moves a caseload; removes their access, so --reason applies, asked for before any client is changed when the portal requires it)',
    z.string().trim().min(1, 'must not be empty').optional(),
  ),
  ...reasonFlag(
    'with --replace: why the caseworker is removed, kept in the audit log; required when the portal says so',
  ),
  ...dryRunFlag('show what would change; assign no one'),
  ...bulkFlags(),
};
type AssignOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'assign-staff'],
  summary: 'Assign a caseworker to a client',
  description:
    "Assign a caseworker to a client (needs the sp-admin permission). A referral with a caseworker becomes a client; assigning someone already assigned changes nothing. The staff member must work for the client's service provider and hold the clients permission. Many clients at once: a query (e.g. --caseworker, --status referral) or --from-file; with --replace, the caseworker it names is removed from each client once --staff is assigned, which moves a caseload.",
  options,
  examples: [
    'portalctl clients assign-staff ada@example.org --staff kevin.nguyen@northstar.example.org',
    'portalctl clients assign-staff cl_01jq3v4w5x6y7z --staff st_cwa002 --json',
    'portalctl clients assign-staff --caseworker "Kevin Nguyen" --staff "Sarah Thompson" --replace "Kevin Nguyen" --reason "Kevin is on leave" --dry-run',
    'portalctl clients assign-staff --from-file referrals.csv --staff st_cwa002 --yes --report assign-report.csv',
  ],
  run: runAssign,
});

async function runAssign(options: AssignOptions, deps: Deps): Promise<void> {
  if (isBulk(options)) return assignMany(options, deps);
  if (options.replace !== undefined || options.reason !== undefined) {
    throw usageError(
      `${options.replace !== undefined ? '--replace' : '--reason'} applies when moving many clients`,
      'for one client: portalctl clients unassign-staff CLIENT --staff OLD after assigning the new caseworker',
    );
  }
  deps.out.check(clientView);
  const { api, client, staff } = await resolveStaffAssignment(deps, options, {
    client: 'Which client gets a caseworker?',
    staff: (name) => `Caseworker for ${name}`,
  });
  if (options.dryRun) {
    const assigned = client.caseworkerIds.includes(staff.id);
    const became = client.status === 'referral' ? '; the referral would be a client' : '';
    printDryRun(
      deps,
      {
        action: 'client.staff.assign',
        clientId: client.id,
        staffId: staff.id,
        changes: assigned
          ? []
          : [{ field: 'caseworkerIds', from: client.caseworkerIds, to: [...client.caseworkerIds, staff.id] }],
      },
      [],
      assigned
        ? `Dry run: ${staff.name} (${staff.id}) is already assigned to ${clientName(client)} (${client.id}); nothing would change.`
        : `Dry run: would assign ${staff.name} (${staff.id}) to ${clientName(client)} (${client.id})${became}. Nothing was changed.`,
      undefined,
    );
    return;
  }
  // Sent even when nothing would change: the portal checks the permission first, and answers a
  // repeat with the client as it is.
  const updated = await api.call('assignStaff', { params: { id: client.id }, body: { staffId: staff.id } });
  if (client.caseworkerIds.includes(staff.id)) {
    return unchangedAssignment(deps, updated, `${staff.name} is already assigned to`);
  }
  await deps.out.one(clientView, updated);
  const became = client.status === 'referral' && updated.status === 'client' ? '; the referral is now a client' : '';
  deps.out.success(`Assigned ${staff.name} (${staff.id}) to ${clientName(updated)} (${updated.id})${became}`);
}

/** The many-clients form: --staff (and --replace) named among all staff, then the bulk engine. */
async function assignMany(options: AssignOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand, staffNamed }, { assignStaffStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  if (!options.staff) {
    throw usageError('--staff is required with many clients: the caseworker to assign', 'e.g. --staff st_cwa002');
  }
  if (options.reason !== undefined && options.replace === undefined) {
    throw usageError('--reason applies with --replace: assigning a caseworker removes no access', 'leave out --reason');
  }
  const api = await deps.api();
  const staff = await staffNamed(api, options.staff, '--staff');
  if (!staff.permissions.includes('clients')) {
    throw new CliError('conflict', `${staff.id} (${staff.name}) lacks the clients permission a caseworker needs`, {
      details: { code: 'not-a-caseworker' },
    });
  }
  const replace = options.replace === undefined ? undefined : await staffNamed(api, options.replace, '--replace');
  // Each client is assigned the new caseworker before the old one is removed: a portal that
  // requires a reason would refuse the removal only then, leaving clients with both. So it is
  // asked first, before any client is changed.
  if (replace && replace.id !== staff.id && !options.reason) {
    if (!options.dryRun) await requireReasonFirst(api, options.reason);
    else if (await portalRequiresReason(api)) {
      deps.out.warn('this portal requires --reason to remove a caseworker: without one the move would be refused');
    }
  }
  await runBulkCommand(assignStaffStep({ staff, replace, reason: options.reason }), options, deps);
}
