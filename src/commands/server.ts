// `portalctl server`: runs the local portal in the foreground, until Ctrl-C or SIGTERM.
import * as z from 'zod';
import { defineCommand, flag } from '../command/define.js';
import { MAX_FAULT_SEED } from '../server/platform/faults.js';
import { COOLDOWN_MESSAGE, parseCooldown } from '../server/settings.js';

/** A whole number typed on the command line, within bounds. */
function wholeNumber(min: number, max: number, what: string) {
  const message = `must be ${what} (${min} to ${max})`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
}

/** A share of requests, 0 to 1. */
function rate() {
  const message = 'must be a share between 0 and 1, e.g. 0.1 for 10%';
  return z
    .string()
    .trim()
    .min(1, message)
    .transform(Number)
    .pipe(z.number({ error: message }).min(0, message).max(1, message));
}

export default defineCommand({
  path: ['server'],
  summary: 'Run the local portal server',
  description:
    'Run the local portal: the Jobs Portal API on this machine, backed by SQLite. It seeds an empty database with demo data, prints one line once it listens (`listening URL`, or {"url": ...} with --json), and stops cleanly on Ctrl-C or SIGTERM. Its administrator token comes from PORTALCTL_SERVER_ADMIN_TOKEN (or --admin-token, which the process list shows); without one it prints a new one once, on stderr. Each start replaces the previous start\'s administrator token. Other tokens: portalctl server tokens list|create|revoke.',
  options: {
    host: flag(
      '--host <host>',
      'address to listen on (plain HTTP: keep it on this machine)',
      z.string().default('127.0.0.1'),
      { defaultText: '"127.0.0.1"' },
    ),
    port: flag(
      '--port <port>',
      'port to listen on; 0 picks a free one',
      wholeNumber(0, 65535, 'a port number').default(4010),
    ),
    db: flag(
      '--db <path>',
      'database file, or :memory: (default: portal.db in your data directory)',
      z.string().optional(),
    ),
    seed: flag(
      '--seed <file>',
      'load this seed file (default: fixtures/seed.json into an empty database)',
      z.string().optional(),
    ),
    adminToken: flag(
      '--admin-token <token>',
      'make this token the administrator token (prefer PORTALCTL_SERVER_ADMIN_TOKEN: ps shows flags)',
      z.string().optional(),
    ),
    baseUrl: flag('--base-url <url>', 'public URL used in the links the portal hands out', z.string().optional()),
    testEndpoints: flag(
      '--test-endpoints',
      'enable the /v1/_test endpoints that simulate clients, external users and changes in CaMS',
      z.boolean().default(false),
    ),
    rateLimit: flag(
      '--rate-limit <n>',
      'fault knob: requests per second per token',
      wholeNumber(1, 1_000_000, 'a whole number').optional(),
    ),
    failRate: flag('--fail-rate <p>', 'fault knob: share of requests answered 500/503', rate().optional()),
    resetRate: flag('--reset-rate <p>', 'fault knob: share of requests whose connection is dropped', rate().optional()),
    dropAfterCommitRate: flag(
      '--drop-after-commit-rate <p>',
      'fault knob: share of changes committed, then not answered',
      rate().optional(),
    ),
    latency: flag(
      '--latency <ms>',
      'fault knob: delay before every API request',
      wholeNumber(0, 600_000, 'milliseconds').optional(),
    ),
    resendCooldown: flag(
      '--resend-cooldown <duration>',
      'refuse a second invitation to the same client within this long, unless forced: 10m, 90s, 1h, or 0 for none (default: PORTALCTL_SERVER_RESEND_COOLDOWN, else 10m)',
      z
        .string()
        .transform((value, ctx) => {
          const ms = parseCooldown(value);
          if (ms === undefined) {
            ctx.addIssue({ code: 'custom', message: COOLDOWN_MESSAGE });
            return z.NEVER;
          }
          return ms;
        })
        .optional(),
    ),
    requireReason: flag(
      '--require-reason',
      'refuse actions that email someone or remove access without a reason (kept in the audit log); also PORTALCTL_SERVER_REQUIRE_REASON=1',
      z.boolean().default(false),
    ),
    faultSeed: flag(
      '--fault-seed <n>',
      "seed of the fault knobs' draws (default: random, printed at start): the same seed replays the same faults for the same requests",
      wholeNumber(0, MAX_FAULT_SEED, 'a whole number').optional(),
    ),
  },
  examples: [
    'portalctl server',
    'portalctl server --port 0 --json --db :memory:',
    'PORTALCTL_SERVER_ADMIN_TOKEN="$(openssl rand -hex 32)" portalctl server --db ./portal.db',
    'portalctl server tokens list --db ./portal.db',
    'portalctl server --rate-limit 20 --fail-rate 0.1 --latency 200   # a flaky portal, to test retries',
    'portalctl server --fail-rate 0.1 --fault-seed 1234               # the same faults as the run that printed seed 1234',
    'portalctl server --require-reason                                # every email sent and access removed says why',
    'portalctl server --resend-cooldown 30m                           # no second invitation to a client within 30 minutes, unless forced',
  ],
  async run(options, deps) {
    const { runServer } = await import('../server/main.js');
    const controller = new AbortController();
    const release = deps.onInterrupt(() => controller.abort());
    try {
      await runServer(
        {
          host: options.host,
          port: options.port,
          db: options.db,
          seed: options.seed,
          adminToken: options.adminToken,
          baseUrl: options.baseUrl,
          // --json is a global option: it prints {"url": ...} instead of `listening URL`.
          json: deps.flags.json === true || deps.flags.output === 'json',
          testEndpoints: options.testEndpoints,
          rateLimit: options.rateLimit,
          failRate: options.failRate,
          resetRate: options.resetRate,
          dropAfterCommitRate: options.dropAfterCommitRate,
          latencyMs: options.latency,
          faultSeed: options.faultSeed,
          resendCooldownMs: options.resendCooldown,
          requireReason: options.requireReason,
        },
        { stdout: deps.stdout, stderr: deps.stderr, env: deps.env, signal: controller.signal },
      );
    } finally {
      release();
    }
  },
});
