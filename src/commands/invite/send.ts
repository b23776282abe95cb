// `portalctl invite send`: the first portal invitation of a client (or a re-invite after a decline).
// The state checks run before anything is sent, so --dry-run reports the same refusals the
// portal would; the portal checks again when the invitation is sent.
import type { Command } from 'commander';
import { z } from 'zod';
import type { Client } from '../../api/schemas.js';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { CliError } from '../../errors.js';
import { confirmAction } from '../../io/confirm.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName } from '../../io/views/client.js';
import { inviteResultView } from '../../io/views/invite.js';

export const IdempotencyKey = z.string().min(8, 'must be 8 to 200 characters').max(200, 'must be 8 to 200 characters');

export const SendOptionsSchema = z.object({
  /** An id (cl_…) or email; undefined on a terminal starts an interactive search. */
  client: z.string().min(1).optional(),
  reinvite: z.boolean().default(false),
  printLink: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  idempotencyKey: IdempotencyKey.optional(),
});
export type SendOptions = z.output<typeof SendOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Send the portal invitation email to a client who has not been invited yet. The answer carries the invite link, so you can also pass it on by hand. A client who declined is invited again only with --reinvite; a pending invitation is resent with `portalctl invite resend`.',
    )
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .option('--reinvite', 'invite again a client who declined the invitation')
    .option('--print-link', 'print only the invite link')
    .option('--dry-run', 'show who would be emailed; send nothing')
    .option('--idempotency-key <key>', 'reuse a key to retry safely: the portal replays the first answer')
    .addHelpText(
      'after',
      examples([
        'portalctl invite send cl_01jq3v4w5x6y7z',
        'portalctl invite send ada@example.org --yes --print-link',
        'portalctl invite send ada@example.org --reinvite --yes',
        'portalctl invite send ada@example.org --dry-run',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined, flags: Record<string, unknown>) => {
        await runSend(parseOptions(SendOptionsSchema, { ...flags, client }, { client: '<client>' }), deps);
      }),
    );
}

/** Refusals shared by send and resend: the portal would refuse these too. */
export function refuseArchivedOrLoggedIn(client: Client, what: 'sent' | 'resent'): void {
  if (client.archived) {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) is archived: archived clients cannot be invited`,
      {
        hint: `restore the client first: portalctl clients restore ${client.id}`,
      },
    );
  }
  if (client.invite.lastLoginAt || client.invite.status === 'accepted') {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) has already logged in, so the invitation cannot be ${what}`,
      {
        hint: `to help them back in, send a password reset: portalctl clients password-reset ${client.id}`,
        details: { code: 'already-logged-in' },
      },
    );
  }
}

export interface Delivery {
  client: Client;
  /** What the --dry-run plan calls the action. */
  action: 'invite.send' | 'invite.reinvite' | 'invite.resend';
  reinvite: boolean;
  printLink: boolean;
  dryRun: boolean;
  /** Already confirmed at a prompt (the re-invite question). */
  confirmed?: boolean;
  idempotencyKey: string | undefined;
  /** The confirmation question, and what --yes confirms when nobody can answer. */
  question: string;
  consequence: string;
  /** The dry-run sentence (who would be emailed, what else changes). */
  wouldDo: string;
}

/** The part of send and resend after the checks: dry-run plan, or confirm, send and print. */
export async function deliverInvite(delivery: Delivery, deps: Deps): Promise<void> {
  const { client } = delivery;
  if (delivery.dryRun) {
    deps.out.value(
      {
        dryRun: true,
        action: delivery.action,
        clientId: client.id,
        notify: [{ to: client.email, kind: 'invitation' }],
        currentLink: client.invite.link,
      },
      `Dry run: ${delivery.wouldDo}. Nothing was sent.`,
    );
    return;
  }
  if (!delivery.confirmed) {
    await confirmAction(deps, { message: delivery.question, consequence: delivery.consequence });
  }
  const api = await deps.api();
  const result = await api.call(
    'sendInvite',
    { params: { id: client.id }, body: delivery.reinvite ? { reinvite: true } : {} },
    { idempotencyKey: deps.idempotencyKey(delivery.idempotencyKey) },
  );
  if (delivery.printLink) deps.out.line(result.link);
  else await deps.out.one(inviteResultView, result);
  deps.out.success(`Invitation sent to ${result.sentTo}`);
}

export async function runSend(options: SendOptions, deps: Deps): Promise<void> {
  if (!options.printLink) deps.out.check(inviteResultView);
  const client = await resolveClient(deps, options.client, {
    message: 'Which client should get the portal invitation? (type a name or email)',
  });
  refuseArchivedOrLoggedIn(client, 'sent');
  const name = `${clientName(client)} <${client.email}>`;
  if (client.invite.status === 'pending') {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) already has a pending invitation${client.invite.sentAt ? `, sent ${client.invite.sentAt}` : ''} to ${client.invite.sentTo ?? client.email}`,
      { hint: `to send a fresh link (the current one stops working): portalctl invite resend ${client.id}` },
    );
  }
  let reinvite = options.reinvite;
  let confirmed = false;
  if (client.invite.status === 'declined' && !reinvite) {
    const declined = `${clientName(client)} (${client.id}) declined the invitation${client.invite.declinedAt ? ` on ${client.invite.declinedAt}` : ''}`;
    // A person at a terminal can decide here; a script must say so with --reinvite.
    if (deps.prompter.interactive && !deps.flags.yes && !options.dryRun) {
      const again = await deps.prompter.confirm({
        message: `${declined}. Invite ${name} again?`,
        default: false,
        flag: '--reinvite',
      });
      if (!again) throw new CliError('cancelled', 'cancelled: nothing was sent');
      reinvite = true;
      confirmed = true;
    } else {
      throw new CliError('conflict', `${declined}; inviting again needs --reinvite`, {
        hint: `portalctl invite send ${client.id} --reinvite`,
        details: { code: 'invite-declined' },
      });
    }
  }
  await deliverInvite(
    {
      client,
      action: client.invite.status === 'declined' ? 'invite.reinvite' : 'invite.send',
      reinvite: client.invite.status === 'declined' && reinvite,
      printLink: options.printLink,
      dryRun: options.dryRun,
      confirmed,
      idempotencyKey: options.idempotencyKey,
      question: `Send the portal invitation to ${name}?`,
      consequence: `this emails the portal invitation to ${client.email}`,
      wouldDo: `would email the portal invitation to ${name} (client ${client.id})`,
    },
    deps,
  );
}
