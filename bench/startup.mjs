// `npm run bench:startup`: start-up time of portalctl as a ratio to bare `node -e 0` on the same
// Node in the same run. Targets: --help <= 1.5x, clients list --json (against a running local
// server) <= 3.5x, and the same command with nothing configured (the built-in local portal, kept
// running in the background) <= 1.5x the one against the running server; beside it, for
// comparison, the portal started inside the command (PORTALCTL_LOCAL_PORTAL=in-process).
// `--smoke` runs each command twice and writes to a temp file instead.
// The commands take turns (bare node, --version, --help, clients list, bare node, ...), so a
// change in the machine's load during the run weighs on all of them alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchEnv, spawnListening } from './lib/processes.mjs';
import { machine, median, writeSection } from './lib/results.mjs';

const smoke = process.argv.includes('--smoke');
const runs = smoke ? 2 : 30;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/portalctl.js');
const work = mkdtempSync(path.join(tmpdir(), 'portalctl-bench-startup-'));
const token = 'bench-admin-token-0123456789abcdef';
const env = benchEnv(work);

function startServer() {
  return spawnListening(
    [bin, 'server', '--port', '0', '--json', '--db', path.join(work, 'portal.db'), '--admin-token', token],
    env,
  ).listening;
}

function once(args, extraEnv) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} exited with ${result.status}: ${result.stderr.toString().slice(0, 500)}`);
  }
  return { elapsed, stdout: result.stdout.toString() };
}

/** Median ms of each command; round 0 is a warm-up (compile cache, OS page cache) and not counted. */
function timeAll(commands) {
  const samples = commands.map(() => []);
  for (let round = 0; round <= runs; round++) {
    commands.forEach(({ args, extraEnv, check }, i) => {
      const { elapsed, stdout } = once(args, extraEnv);
      if (round === 0) check?.(stdout);
      else samples[i].push(elapsed);
    });
  }
  return samples.map(median);
}

const { child, url } = await startServer();
try {
  const commands = [
    { name: '`node -e 0`', args: ['-e', '0'] },
    { name: '`portalctl --version`', args: [bin, '--version'] },
    { name: '`portalctl --help`', args: [bin, '--help'] },
    {
      name: '`portalctl clients list --json`',
      args: [bin, 'clients', 'list', '--json', '--limit', '20'],
      extraEnv: { PORTALCTL_URL: url, PORTALCTL_TOKEN: token },
      // The seeded portal has more than 20 clients: the timed run fetches and checks a full page.
      check: (stdout) => {
        const count = JSON.parse(stdout).length;
        if (count !== 20) throw new Error(`clients list printed ${count} clients, expected 20`);
      },
    },
    {
      name: '`portalctl clients list --json`, nothing configured',
      args: [bin, 'clients', 'list', '--json', '--limit', '20'],
      // No portal, token or profile: the built-in local portal, on the data directory's database
      // (seeded by the warm-up round).
      extraEnv: { PORTALCTL_URL: '', PORTALCTL_TOKEN: '', PORTALCTL_PROFILE: '' },
      check: (stdout) => {
        const count = JSON.parse(stdout).length;
        if (count !== 20) throw new Error(`clients list with nothing configured printed ${count} clients, expected 20`);
      },
    },
    {
      name: '`portalctl clients list --json`, nothing configured, `PORTALCTL_LOCAL_PORTAL=in-process`',
      args: [bin, 'clients', 'list', '--json', '--limit', '20'],
      extraEnv: { PORTALCTL_URL: '', PORTALCTL_TOKEN: '', PORTALCTL_PROFILE: '', PORTALCTL_LOCAL_PORTAL: 'in-process' },
    },
  ];
  const load = loadavg()[0];
  const times = timeAll(commands);
  const loadAfter = loadavg()[0];
  const base = times[0];
  const rows = commands.map((command, i) => [command.name, times[i]]);
  const targets = { '`portalctl --help`': 1.5, '`portalctl clients list --json`': 3.5 };
  const verdict = (ratio, target) =>
    `<= ${target}x ${ratio <= target ? 'met' : `NOT met (by ${(ratio - target).toFixed(2)}x)`}`;
  const server = times[3];
  const table = [
    '| command | median ms | ratio to bare node | target |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(([name, ms], i) => {
      const ratio = ms / base;
      // The zero-config rows are measured against the same command on a running server.
      if (i === 5)
        return `| ${name} | ${ms.toFixed(1)} | ${ratio.toFixed(2)}x; ${(ms / server).toFixed(2)}x the running server's | |`;
      if (i === 4) {
        return `| ${name} | ${ms.toFixed(1)} | ${ratio.toFixed(2)}x; ${(ms / server).toFixed(2)}x the running server's | ${verdict(ms / server, 1.5)} of the running server's |`;
      }
      const target = targets[name];
      return `| ${name} | ${ms.toFixed(1)} | ${ratio.toFixed(2)}x | ${target ? verdict(ratio, target) : ''} |`;
    }),
  ].join('\n');
  // Bare node slows down with the load as much as portalctl or more: ratios taken under a heavy
  // load read lower than the same tree's on a quiet machine.
  const loaded =
    load > cpus().length
      ? ` The load average was above the ${cpus().length} cores: the ratios to bare node read lower than on a quiet machine; compare runs at a similar load.`
      : '';
  const body = `Machine: ${machine()}. Date: ${new Date().toISOString().slice(0, 10)}. Load average ${load.toFixed(2)} at the start, ${loadAfter.toFixed(2)} at the end. Median of ${runs} runs after one warm-up, the commands taking turns; \`clients list\` (20 clients) against \`portalctl server\` on loopback, and with nothing configured (the built-in local portal on the data directory's database: by default kept running in the background between commands, or started inside each command with \`PORTALCTL_LOCAL_PORTAL=in-process\`).${loaded}\n\n${table}`;
  process.stdout.write(`${table}\n`);
  writeSection('Start-up', body, smoke ? path.join(work, 'RESULTS.md') : undefined);
} finally {
  child.kill('SIGTERM');
  // The built-in portal the zero-config row left running in the background.
  try {
    const state = JSON.parse(readFileSync(path.join(work, 'data', 'portalctl', 'local-portal.json'), 'utf8'));
    process.kill(state.pid, 'SIGTERM');
  } catch {
    // None running.
  }
  // maxRetries: the background portal may still be closing its database in there.
  rmSync(work, { recursive: true, force: true, maxRetries: 5 });
}
