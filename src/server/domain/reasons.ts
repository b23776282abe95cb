// Reasons for actions that email someone or remove access: kept in the audit log, and required
// when the portal's operator says so (portalctl server --require-reason).
import type { PortalSettings } from '../context.js';
import { validation } from './common.js';

/**
 * The reason given, or a 422 naming the field when the portal requires one and none was given.
 * `applies` false: this request neither emails anyone nor removes access (adding a client without
 * an invitation, recording a decline), so no reason is asked for.
 */
export function actionReason(settings: PortalSettings, reason: string | undefined, applies = true): string | undefined {
  if (reason) return reason;
  if (!settings.requireReason || !applies) return undefined;
  throw validation(
    [{ path: 'reason', message: 'is required by this portal for actions that email someone or remove access' }],
    'This portal requires a reason for actions that email someone or remove access: give `reason`.',
  );
}

/** An audit entry's detail with the reason, when one was given. */
export function withReason(
  detail: Record<string, unknown> | null,
  reason: string | undefined,
): Record<string, unknown> | null {
  return reason ? { ...detail, reason } : detail;
}
