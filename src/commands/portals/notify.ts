// `portalctl portals notify`: email a client portal's active users what changed since the last
// notice (candidates put forward). --dry-run lists the recipients and the emails and sends nothing.
import { defineCommand } from '../../command/define.js';
import { dryRunFlag, idempotencyKeyFlag, portalArg, reasonFlag } from '../../command/shared-options.js';
import { PortalNoticeSendSchema } from '../../contract/schemas.js';
import { confirmAction } from '../../io/confirm.js';
import { plannedMessage, printDryRun } from '../../io/dry-run.js';
import { withReasonFlag } from '../../io/reason.js';
import { pickPortal } from '../../io/resolve-portal.js';
import { noticeMessageView } from '../../io/views/candidate.js';

export default defineCommand({
  path: ['portals', 'notify'],
  summary: "Email a client portal's users what changed",
  description:
    "Email each active user of a client portal who can see a changed job what changed since the last notice: candidates put forward, per job (the emails name no candidate; the portal behind their link shows them). --dry-run lists the changes, the recipients and each email's text, and sends nothing. With nothing new, nothing is sent. Confirms on a terminal; pass --yes otherwise. The emails are in the outbox (portalctl outbox list --kind portal-update).",
  options: {
    portal: portalArg(),
    ...reasonFlag("why, kept in the audit log and the users' history", PortalNoticeSendSchema().shape.reason.unwrap()),
    ...dryRunFlag('list the recipients and the emails; send nothing'),
    ...idempotencyKeyFlag(),
  },
  examples: [
    'portalctl portals notify po_northstar01 --dry-run',
    'portalctl portals notify po_northstar01 --dry-run --json      # the changes, and each email with its text',
    'portalctl portals notify "Maple Logistics hiring portal" --reason "Two new candidates" --yes',
  ],
  async run(options, deps) {
    deps.out.check(noticeMessageView);
    const portal = await pickPortal(deps, options.portal, {
      flag: '<portal>',
      message: 'Notify the users of which portal?',
    });
    const api = await deps.api();
    const preview = await api.call('previewPortalNotice', { params: { id: portal.id } });
    const changed = `${preview.changes.length} change${preview.changes.length === 1 ? '' : 's'}`;
    const recipients = `${preview.messages.length} user${preview.messages.length === 1 ? '' : 's'}`;
    if (options.dryRun) {
      // The changes and each email's full text on stderr; the plan (recipients, subject, gist) as
      // every dry run gives it, with the changes and the emails' text in --json.
      for (const change of preview.changes) {
        deps.out.info(
          `${change.jobTitle}: ${change.kind.replace('-', ' ')}, ${change.candidateName} (${change.candidateId})`,
        );
      }
      for (const message of preview.messages) {
        deps.out.info(`\nTo ${message.name} <${message.to}>: ${message.subject}\n\n${message.text}\n`);
      }
      printDryRun(
        deps,
        { action: 'client-portal.notice', portalId: portal.id, changes: preview.changes, messages: preview.messages },
        preview.messages.map((m) => plannedMessage('portalUpdate', m.to, m.subject)),
        preview.messages.length
          ? `Dry run: would email ${recipients} of ${portal.name} about ${changed} since the last notice. Nothing was sent.`
          : `Dry run: nothing to tell the users of ${portal.name}: ${preview.changes.length ? 'no active user can see the changed jobs' : 'nothing changed since the last notice'}. Nothing was sent.`,
        options.reason,
      );
      return;
    }
    if (preview.messages.length === 0) {
      if (deps.out.format === 'json') deps.out.value(preview);
      deps.out.info(
        `Nothing to tell the users of ${portal.name}: ${preview.changes.length ? 'no active user can see the changed jobs' : 'nothing changed since the last notice'}; no email sent`,
      );
      return;
    }
    await confirmAction(deps, {
      message: `Email ${recipients} of ${portal.name} about ${changed}? (${preview.messages.map((m) => m.to).join(', ')})`,
      consequence: `this emails ${recipients} of ${portal.name} (${preview.messages.map((m) => m.to).join(', ')})`,
    });
    const sent = await withReasonFlag(
      api.call(
        'sendPortalNotice',
        { params: { id: portal.id }, body: options.reason ? { reason: options.reason } : {} },
        { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
      ),
    );
    if (deps.out.format === 'json') deps.out.value(sent);
    else await deps.out.list(noticeMessageView, sent.messages);
    deps.out.success(
      sent.messages.length
        ? `Emailed ${sent.messages.length} user${sent.messages.length === 1 ? '' : 's'} of ${portal.name} (notice ${sent.noticeId}); see portalctl outbox list --kind portal-update`
        : `Nothing to tell the users of ${portal.name}; no email sent`,
    );
  },
});
