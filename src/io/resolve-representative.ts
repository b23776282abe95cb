// A client's representative named on the command line: their id (rp_…) or email (any case); on a
// terminal with none given, picked from the client's representatives the command applies to.
import * as z from 'zod';
import type { ApiClient } from '../api/client.js';
import { arg } from '../command/define.js';
import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { cooldownError } from './invite-delivery.js';
import { namingReasonFlag } from './reason.js';
import { clientName } from './views/client.js';
import type { Representative } from './views/representative.js';

export interface PickRepresentativeOptions {
  client: Pick<Client, 'id' | 'firstName' | 'lastName' | 'preferredName'>;
  /** How the representative is named in errors and the prompt (`<representative>`, `--email`). */
  argument: string;
  message: string;
  /** Offer only representatives whose invitation is in one of these states at the prompt. */
  statuses?: Representative['status'][];
}

export async function pickRepresentative(
  deps: Pick<Deps, 'prompter'>,
  api: ApiClient,
  value: string | undefined,
  options: PickRepresentativeOptions,
): Promise<Representative> {
  const given = value?.trim();
  const list = `portalctl clients representatives list ${options.client.id}`;
  if (!given && !deps.prompter.interactive) {
    throw usageError(
      `${options.argument} is required when not running interactively`,
      `pass the representative's id (rp_…) or email; ${list} lists them`,
    );
  }
  const { data } = await api.call('listRepresentatives', { params: { id: options.client.id } });
  const who = `${clientName(options.client)} (${options.client.id})`;
  if (!given) {
    const candidates = options.statuses ? data.filter((r) => options.statuses?.includes(r.status)) : data;
    if (candidates.length === 0) {
      const which = options.statuses ? `${options.statuses.join(' or ')} ` : '';
      throw new CliError('not-found', `${who} has no ${which}representative`, { hint: list });
    }
    return deps.prompter.select<Representative>({
      message: options.message,
      flag: options.argument,
      choices: candidates.map((r) => ({
        name: `${r.firstName} ${r.lastName} <${r.email}>`,
        value: r,
        description: `${r.id} · ${r.invitedAt ? 'invited' : 'not invited'} · ${r.status}`,
      })),
    });
  }
  const wanted = given.toLowerCase();
  const found = data.find((r) => r.id.toLowerCase() === wanted || r.email.toLowerCase() === wanted);
  if (found) return found;
  throw new CliError('not-found', `${who} has no representative ${given}`, { hint: list });
}

/** What can be done next, for a person reading the table. */
export function representativeNextStep(clientId: string, rep: Representative): string {
  switch (rep.status) {
    case 'pending':
      return `waiting for their answer; to send a fresh link: portalctl clients representatives resend ${clientId} ${rep.id}`;
    case 'accepted':
      return 'they accepted the invitation and sign in with their own password';
    case 'declined':
      return `to invite them again: portalctl clients representatives invite ${clientId} --email ${rep.email} --reinvite`;
  }
}

export const representativeArg = () =>
  arg(
    '[representative]',
    "the representative's id (rp_…) or email; on a terminal, leave it out to pick",
    z.string().min(1).optional(),
  );

export interface RepresentativeSendFlags {
  force?: boolean | undefined;
  reason?: string | undefined;
  idempotencyKey?: string | undefined;
}

/**
 * Emails a representative a new invite link (a resend, or with `reinvite` one who had declined),
 * saying the portal's cooldown and a missing --reason in the command's words.
 */
export async function sendRepresentativeInvite(
  deps: Deps,
  api: ApiClient,
  target: { client: PickRepresentativeOptions['client']; rep: Representative; name: string },
  options: RepresentativeSendFlags & { reinvite?: true },
) {
  const { client, rep, name } = target;
  const body = {
    ...(options.reinvite ? { reinvite: true } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  };
  try {
    return await api.call(
      'sendRepresentativeInvite',
      { params: { id: client.id, repId: rep.id }, body },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    );
  } catch (error) {
    throw error instanceof CliError && error.code === 'resend-cooldown'
      ? cooldownError(`${name} (representative of ${clientName(client)})`, error, deps)
      : namingReasonFlag(error);
  }
}
