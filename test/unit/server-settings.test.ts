// The guardrails a portal's operator sets: `portalctl server --resend-cooldown` read from the
// command line, or PORTALCTL_SERVER_RESEND_COOLDOWN from the environment (the built-in local portal).
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/command/commander.js';
import server from '../../src/commands/server.js';
import { parseCooldown, REQUIRE_REASON_ENV, RESEND_COOLDOWN_ENV, resolveSettings } from '../../src/server/settings.js';

describe('resend cooldown setting', () => {
  it('reads 90s, 10m, 1h and 0 (off); anything else is no duration', () => {
    expect(parseCooldown('90s')).toBe(90_000);
    expect(parseCooldown('10m')).toBe(600_000);
    expect(parseCooldown('1h')).toBe(3_600_000);
    expect(parseCooldown('0')).toBe(0);
    for (const bad of ['', '10', '-1m', '1.5m', '10 minutes', '0m', '1d']) expect(parseCooldown(bad)).toBeUndefined();
  });

  it('portalctl server --resend-cooldown: milliseconds for the server; a bad value names the flag', async () => {
    expect(await parseCommandLine(server, ['--resend-cooldown', '30m'])).toMatchObject({ resendCooldown: 1_800_000 });
    expect((await parseCommandLine(server, [])).resendCooldown).toBeUndefined();
    const error = await parseCommandLine(server, ['--resend-cooldown', '10 minutes']).then(
      () => undefined,
      (e: { kind?: string; message: string }) => e,
    );
    expect(error?.kind).toBe('usage');
    expect(error?.message).toContain('--resend-cooldown must be a duration like 10m, 90s or 1h');
  });

  it('flag first, then the environment, then 10 minutes', () => {
    expect(resolveSettings({}, {}).resendCooldownMs).toBe(600_000);
    expect(resolveSettings({}, { [RESEND_COOLDOWN_ENV]: '2m' }).resendCooldownMs).toBe(120_000);
    expect(resolveSettings({ resendCooldownMs: 0 }, { [RESEND_COOLDOWN_ENV]: '2m' }).resendCooldownMs).toBe(0);
    expect(() => resolveSettings({}, { [RESEND_COOLDOWN_ENV]: 'soon' })).toThrow(
      `${RESEND_COOLDOWN_ENV} must be a duration like 10m`,
    );
  });
});

describe('require reason setting', () => {
  it('portalctl server --require-reason, or PORTALCTL_SERVER_REQUIRE_REASON=1; off by default', async () => {
    expect(await parseCommandLine(server, ['--require-reason'])).toMatchObject({ requireReason: true });
    expect((await parseCommandLine(server, [])).requireReason).toBe(false);
    expect(resolveSettings({ requireReason: true }, {}).requireReason).toBe(true);
    expect(resolveSettings({}, {}).requireReason).toBe(false);
    expect(resolveSettings({}, { [REQUIRE_REASON_ENV]: '1' }).requireReason).toBe(true);
    expect(resolveSettings({}, { [REQUIRE_REASON_ENV]: 'true' }).requireReason).toBe(true);
    expect(resolveSettings({}, { [REQUIRE_REASON_ENV]: '0' }).requireReason).toBe(false);
  });
});
