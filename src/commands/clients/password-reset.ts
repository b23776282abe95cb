// `portalctl clients password-reset`: email a password reset to a client who has logged in (set a
// password). A client who never logged in has no password: resend the invitation instead. It
// emails the client, so it confirms on a terminal and needs --yes otherwise; --dry-run sends nothing.
import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, idempotencyKeyFlag, reasonFlag } from '../../command/shared-options.js';
import { CliError } from '../../errors.js';
import { confirmAction } from '../../io/confirm.js';
import { plannedMessage, printDryRun } from '../../io/dry-run.js';
import { withReasonFlag } from '../../io/reason.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName } from '../../io/views/client.js';

const options = {
  client: clientArg(),
  ...reasonFlag(),
  ...dryRunFlag('show who would be emailed; send nothing'),
  ...idempotencyKeyFlag(),
  ...bulkFlags(),
};
type PasswordResetOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'password-reset'],
  summary: 'Send a password reset to a client who has logged in',
  description:
    'Email a password reset link to a client who has logged in to the portal. For a client who never logged in, resend the invitation instead (portalctl invite resend). Confirms on a terminal; pass --yes otherwise.',
  options,
  examples: [
    'portalctl clients password-reset ada@example.org',
    'portalctl clients password-reset cl_01jq3v4w5x6y7z --yes --json',
    'portalctl clients password-reset ada@example.org --dry-run',
    'portalctl clients password-reset --from-file locked-out.csv --yes --report reset-report.csv',
  ],
  run: runPasswordReset,
});

async function runPasswordReset(options: PasswordResetOptions, deps: Deps): Promise<void> {
  if (isBulk(options)) return passwordResetMany(options, deps);
  const client = await resolveClient(deps, options.client, {
    message: 'Who should get a password reset? (type a name or email)',
  });
  const who = `${clientName(client)} (${client.id})`;
  // The portal refuses these too; checking first makes --dry-run report the same refusals.
  if (client.archived) {
    throw new CliError('conflict', `${who} is archived: archived clients are sent no email`, {
      hint: `restore the client first: portalctl clients restore ${client.id}`,
      details: { code: 'archived' },
    });
  }
  if (!client.invite.lastLoginAt) {
    const instead = {
      none: `send the invitation first: portalctl invite send ${client.id}`,
      declined: `they declined the invitation; to invite them again: portalctl invite send ${client.id} --reinvite`,
    }[client.invite.status as 'none' | 'declined'];
    throw new CliError('conflict', `${who} has not logged in yet, so has no password to reset`, {
      hint: instead ?? `send the invitation again instead: portalctl invite resend ${client.id}`,
      details: { code: 'no-invite' },
    });
  }
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.password-reset', clientId: client.id },
      [plannedMessage('passwordReset', client.email)],
      `Dry run: would email a password reset link to ${clientName(client)} <${client.email}> (client ${client.id}). Nothing was sent.`,
      options.reason,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Email a password reset link to ${clientName(client)} <${client.email}>?`,
    consequence: `this emails a password reset link to ${client.email}`,
  });
  const api = await deps.api();
  const result = await withReasonFlag(
    api.call(
      'sendPasswordReset',
      { params: { id: client.id }, body: options.reason ? { reason: options.reason } : {} },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    ),
  );
  // The API's answer is for machines; a person reads the one line below.
  if (deps.out.format === 'json' || deps.out.format === 'ndjson') deps.out.value(result);
  deps.out.success(`Password reset emailed to ${clientName(client)} <${client.email}>`);
}

/** The many-clients form: the bulk engine with the password-reset step. */
async function passwordResetMany(options: PasswordResetOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand }, { passwordResetStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  await runBulkCommand(passwordResetStep({ reason: options.reason }), options, deps, ['idempotencyKey']);
}
