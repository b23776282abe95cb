// `portalctl server`: runs the local portal in the foreground.
import { type Command, InvalidArgumentError } from 'commander';
import { MAX_FAULT_SEED } from '../server/platform/faults.js';

function integer(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be ${what} (${min} to ${max}).`);
    }
    return n;
  };
}

function rate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('must be a share between 0 and 1, e.g. 0.1 for 10%.');
  }
  return n;
}

interface ServerFlags {
  host: string;
  port: number;
  db?: string;
  seed?: string;
  adminToken?: string;
  baseUrl?: string;
  testEndpoints?: boolean;
  rateLimit?: number;
  failRate?: number;
  resetRate?: number;
  dropAfterCommitRate?: number;
  latency?: number;
  faultSeed?: number;
}

export function register(cmd: Command): void {
  cmd
    .description(
      'Run the local portal: the Jobs Portal API on this machine, backed by SQLite. It seeds an empty database with demo data, prints one line once it listens (`listening URL`, or {"url": ...} with --json), and stops cleanly on Ctrl-C or SIGTERM. Its administrator token comes from PORTALCTL_SERVER_ADMIN_TOKEN (or --admin-token, which the process list shows); without one it prints a new one once, on stderr. Each start replaces the previous start\'s administrator token. Other tokens: portalctl server tokens list|create|revoke.',
    )
    .option('--host <host>', 'address to listen on (plain HTTP: keep it on this machine)', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks a free one', integer(0, 65535, 'a port number'), 4010)
    .option('--db <path>', 'database file, or :memory: (default: portal.db in your data directory)')
    .option('--seed <file>', 'load this seed file (default: fixtures/seed.json into an empty database)')
    .option(
      '--admin-token <token>',
      'make this token the administrator token (prefer PORTALCTL_SERVER_ADMIN_TOKEN: ps shows flags)',
    )
    .option('--base-url <url>', 'public URL used in the links the portal hands out')
    .option('--test-endpoints', 'enable the /v1/_test endpoints that simulate clients and external users')
    .option('--rate-limit <n>', 'fault knob: requests per second per token', integer(1, 1_000_000, 'a whole number'))
    .option('--fail-rate <p>', 'fault knob: share of requests answered 500/503', rate)
    .option('--reset-rate <p>', 'fault knob: share of requests whose connection is dropped', rate)
    .option('--drop-after-commit-rate <p>', 'fault knob: share of changes committed, then not answered', rate)
    .option('--latency <ms>', 'fault knob: delay before every API request', integer(0, 600_000, 'milliseconds'))
    .option(
      '--fault-seed <n>',
      "seed of the fault knobs' draws (default: random, printed at start): the same seed replays the same faults for the same requests",
      integer(0, MAX_FAULT_SEED, 'a whole number'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ portalctl server
  $ portalctl server --port 0 --json --db :memory:
  $ PORTALCTL_SERVER_ADMIN_TOKEN="$(openssl rand -hex 32)" portalctl server --db ./portal.db
  $ portalctl server tokens list --db ./portal.db
  $ portalctl server --rate-limit 20 --fail-rate 0.1 --latency 200   # a flaky portal, to test retries
  $ portalctl server --fail-rate 0.1 --fault-seed 1234               # the same faults as the run that printed seed 1234`,
    )
    .action(async (flags: ServerFlags, command: Command) => {
      // --json is a global option: it prints {"url": ...} instead of `listening URL`.
      const globals = command.optsWithGlobals<{ json?: boolean; output?: string }>();
      const { runServer } = await import('../server/main.js');
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runServer(
          {
            host: flags.host,
            port: flags.port,
            db: flags.db,
            seed: flags.seed,
            adminToken: flags.adminToken,
            baseUrl: flags.baseUrl,
            json: globals.json === true || globals.output === 'json',
            testEndpoints: flags.testEndpoints ?? false,
            rateLimit: flags.rateLimit,
            failRate: flags.failRate,
            resetRate: flags.resetRate,
            dropAfterCommitRate: flags.dropAfterCommitRate,
            latencyMs: flags.latency,
            faultSeed: flags.faultSeed,
          },
          { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal },
        );
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
