// The resend cooldown: a second invitation to the same person within the portal's window
// (`portalctl server --resend-cooldown`) is refused, for clients and representatives alike.
import { type PortalSettings, ProblemError } from '../context.js';
import type { Ctx } from './common.js';

/**
 * A second invitation to the same person within the cooldown is refused (409 with Retry-After),
 * so that a double click or a script run twice does not email a person again. A first invitation
 * (`lastSentAt` null) never is. Answers the previous invitation's time when `force` overrides it.
 * `who` names the person in the refusal ("client cl_…", "representative rp_…").
 */
export function checkResendCooldown(
  ctx: Pick<Ctx, 'clock'>,
  who: string,
  lastSentAt: string | null,
  settings: PortalSettings,
  force: boolean,
): string | undefined {
  if (!lastSentAt || settings.resendCooldownMs <= 0) return undefined;
  const readyAt = Date.parse(lastSentAt) + settings.resendCooldownMs;
  const waitMs = readyAt - ctx.clock().getTime();
  if (waitMs <= 0) return undefined;
  if (force) return lastSentAt;
  const ms = settings.resendCooldownMs;
  const window =
    ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${Math.ceil(ms / 1000)} seconds`;
  throw new ProblemError(
    409,
    'resend-cooldown',
    'Invitation sent recently',
    `${who} was sent an invitation at ${lastSentAt}; another one within ${window} is refused`,
    {
      lastSentAt,
      retryAt: new Date(readyAt).toISOString(),
      hint: 'wait until retryAt, or send it anyway with force: true (recorded in the audit log)',
    },
    { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
  );
}

/** The audit detail of a send that overrode the cooldown (nothing when it did not). */
export function cooldownOverride(previousSentAt: string | undefined): Record<string, unknown> | null {
  return previousSentAt ? { cooldownOverridden: true, previousSentAt } : null;
}
