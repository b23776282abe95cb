// `npm run bench:bulk`: how fast `portalctl invite resend` chases 10,000 pending invitations
// (a query, journaled, one request per client), as a ratio to the capacity of `portalctl server`
// on the resend endpoint (POST /v1/clients/{id}/invitations) measured with autocannon in the same run.
// The clients are made first with `clients import` on a fresh database; the bulk resend then
// selects them by a query, and every client must come out `done` once.
// `--smoke`: 300 clients and a one-second autocannon run, results to a temp file
// (test/bench-bulk-smoke.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchEnv, runCollected, snapshotBuild, spawnListening } from './lib/processes.mjs';
import { machine, median, writeSection } from './lib/results.mjs';

const smoke = process.argv.includes('--smoke');
const COUNT = smoke ? 300 : 10_000;
const CONCURRENCY = smoke ? [8] : [8, 32];
const CANNON_SECONDS = smoke ? 1 : 10;
const CANNON_CONNECTIONS = smoke ? [8] : [8, 32];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'portalctl-bench-bulk-'));
const { bin, snapshot } = snapshotBuild(root, 'portalctl-bench-bulk');
const token = 'bench-admin-token-0123456789abcdef';
const env = benchEnv(work, { CI: 'true' });
const children = new Set();
const log = (line) => process.stderr.write(`${line}\n`);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

async function run(args, url) {
  const result = await runCollected([bin, ...args], { ...env, PORTALCTL_URL: url, PORTALCTL_TOKEN: token }, children);
  if (result.code !== 0) {
    throw new Error(`portalctl ${args.join(' ')} exited with ${result.code}:\n${result.stderr.slice(-2000)}`);
  }
  return result;
}

/** A fresh server; its resend cooldown off, since every client is resent more than once. */
async function server() {
  const db = path.join(work, `portal-${Date.now()}.db`);
  const { child, listening } = spawnListening(
    [bin, 'server', '--port', '0', '--json', '--db', db, '--admin-token', token, '--resend-cooldown', '0'],
    env,
  );
  children.add(child);
  const { url } = await listening;
  return { url, stop: () => child.kill('SIGTERM') };
}

/** `count` pending clients, tagged so a query finds them: made by the import, each invited. */
async function clients(url, tag, count) {
  const rows = Array.from({ length: count }, (_, i) => `Person${i + 1},Chase,${tag}.${i + 1}@example.org`);
  const file = path.join(work, `${tag}.csv`);
  writeFileSync(file, `First Name,Last Name,Email\n${rows.join('\n')}\n`);
  await run(['clients', 'import', file, '--yes', '--json', '--no-progress'], url);
  const ids = [];
  let cursor = null;
  do {
    const response = await fetch(`${url}/v1/clients?search=${tag}.&limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = await response.json();
    ids.push(...page.data.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  if (ids.length !== count) throw new Error(`expected ${count} clients, found ${ids.length}`);
  return ids;
}

/** The bulk resend of every client tagged `tag`: clients per second over the whole run (the query included). */
async function bulkResend(url, tag, concurrency) {
  const journal = path.join(work, `${tag}-${concurrency}.journal`);
  const args = ['invite', 'resend', '--search', `${tag}.`, '--invite-status', 'pending', '--yes', '--json'];
  const result = await run([...args, '--no-progress', '--concurrency', String(concurrency), '--state', journal], url);
  const results = JSON.parse(result.stdout);
  const done = results.filter((r) => r.status === 'done').length;
  if (done !== COUNT) throw new Error(`only ${done} of ${COUNT} clients done`);
  return { concurrency, wallMs: result.wallMs, perSecond: (COUNT * 1000) / result.wallMs };
}

/** Requests per second the server sustains on the resend endpoint, over the same clients. */
function capacity(url, ids, connections) {
  let n = 0;
  const runId = Date.now().toString(36);
  const setupRequest = (req) => {
    n++;
    return {
      ...req,
      method: 'POST',
      path: `/v1/clients/${ids[n % ids.length]}/invitations`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `cannon-${runId}-${n}`,
      },
      body: '{}',
    };
  };
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: CANNON_SECONDS, requests: [{ setupRequest }] }, (error, result) => {
      if (error) return reject(error);
      const failed = result.non2xx + result.errors + result.timeouts;
      if (failed > 0) {
        return reject(new Error(`autocannon: ${failed} failed requests (${JSON.stringify(result.statusCodeStats)})`));
      }
      resolve(result.requests.average);
    });
  });
}

try {
  const portal = await server();
  const rounds = [];
  const caps = [];
  try {
    const tag = `chase${Date.now().toString(36)}`;
    log(`making ${fmt(COUNT)} pending clients (${tag})…`);
    const ids = await clients(portal.url, tag, COUNT);
    // Each setting resends to every client again (no cooldown on this server), under its own journal.
    for (const concurrency of CONCURRENCY) {
      log(`bulk resend, --concurrency ${concurrency}…`);
      rounds.push(await bulkResend(portal.url, tag, concurrency));
    }
    for (const connections of CANNON_CONNECTIONS) {
      log(`autocannon, ${connections} connections…`);
      caps.push({ connections, rps: await capacity(portal.url, ids, connections) });
    }
  } finally {
    portal.stop();
  }
  const best = Math.max(...caps.map((c) => c.rps));
  const rows = rounds.map(
    (r) =>
      `| ${r.concurrency} | ${fmt(COUNT)} | ${(r.wallMs / 1000).toFixed(1)} | ${fmt(r.perSecond)} | ${(r.perSecond / best).toFixed(2)} |`,
  );
  const body = [
    `Machine: ${machine()}. Date: ${new Date().toISOString().slice(0, 10)}.${smoke ? ' SMOKE RUN (tiny sizes).' : ''}`,
    '',
    `\`portalctl invite resend --search TAG. --invite-status pending --yes --json\` over ${fmt(COUNT)} pending clients made by \`clients import\` on a fresh \`portalctl server\` database: the whole command (start-up, the query's ${Math.ceil(COUNT / 500)} pages, the journal, one POST /v1/clients/{id}/invitations per client), timed from spawn to exit. Capacity: autocannon on the same endpoint and the same server, ${CANNON_SECONDS} s per setting, a fresh Idempotency-Key per request; the best of ${CANNON_CONNECTIONS.join(' and ')} connections is the reference (${caps.map((c) => `${fmt(c.rps)} req/s at ${c.connections}`).join(', ')}).`,
    '',
    '| --concurrency | clients | wall s | clients/s | ratio to capacity |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Median over the settings: ${fmt(median(rounds.map((r) => r.perSecond)))} clients/s. Every client came out \`done\` once (checked from the --json results).`,
  ].join('\n');
  writeSection('Bulk resend', body, smoke ? path.join(work, 'RESULTS.md') : undefined);
  process.stdout.write(`${body}\n`);
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(snapshot, { recursive: true, force: true });
  if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
}
