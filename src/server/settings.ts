// The guardrails a portal's operator chooses. `portalctl server` takes them as flags; the
// built-in local portal (and a server started without the flags) reads them from the environment.
import { DEFAULT_SETTINGS, type PortalSettings } from './context.js';
import { operatorUsage } from './operator-error.js';

export const RESEND_COOLDOWN_ENV = 'PORTALCTL_SERVER_RESEND_COOLDOWN';
export const REQUIRE_REASON_ENV = 'PORTALCTL_SERVER_REQUIRE_REASON';
export const COOLDOWN_MESSAGE = 'must be a duration like 10m, 90s or 1h (0 turns the cooldown off)';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `10m`, `90s`, `1h` or `0` -> milliseconds; undefined when it is none of these. */
export function parseCooldown(text: string): number | undefined {
  const value = text.trim();
  if (value === '0') return 0;
  const match = /^([1-9]\d{0,5})([smh])$/.exec(value);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** The settings of a server: flags first, then the environment, then the defaults. */
export function resolveSettings(
  flags: { resendCooldownMs?: number | undefined; requireReason?: boolean | undefined },
  env: Record<string, string | undefined>,
): PortalSettings {
  let resendCooldownMs = flags.resendCooldownMs;
  const fromEnv = env[RESEND_COOLDOWN_ENV];
  if (resendCooldownMs === undefined && fromEnv !== undefined && fromEnv !== '') {
    resendCooldownMs = parseCooldown(fromEnv);
    if (resendCooldownMs === undefined) {
      throw operatorUsage(`${RESEND_COOLDOWN_ENV} ${COOLDOWN_MESSAGE}`, `e.g. ${RESEND_COOLDOWN_ENV}=10m`);
    }
  }
  const requireEnv = env[REQUIRE_REASON_ENV]?.trim().toLowerCase();
  return {
    resendCooldownMs: resendCooldownMs ?? DEFAULT_SETTINGS.resendCooldownMs,
    requireReason: flags.requireReason === true || requireEnv === '1' || requireEnv === 'true',
  };
}
