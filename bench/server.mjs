// `npm run bench:server`: throughput and p99 latency of `portalctl server` for POST /v1/clients
// (auth, validation, idempotency key, audit, invitation) and GET /v1/clients, with autocannon at
// 1, 8 and 32 connections, next to a bare node:http + node:sqlite insert endpoint measured in the
// same run. Target: the server's POST throughput at least half the bare endpoint's.
// `--smoke`: one connection count, one-second runs, results to a temp file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { machine, writeSection } from './lib/results.mjs';

const smoke = process.argv.includes('--smoke');
const duration = smoke ? 1 : 5;
const warmup = smoke ? 0 : 2;
const connectionCounts = smoke ? [1] : [1, 8, 32];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--bin FILE` benchmarks another build of the CLI (default: this checkout's bin/portalctl.js).
const binFlag = process.argv.indexOf('--bin');
const bin = binFlag > 0 ? path.resolve(process.argv[binFlag + 1]) : path.join(root, 'bin/portalctl.js');
const work = mkdtempSync(path.join(tmpdir(), 'portalctl-bench-server-'));
const token = 'bench-admin-token-0123456789abcdef';
const env = {
  ...process.env,
  HOME: work,
  XDG_CONFIG_HOME: path.join(work, 'config'),
  XDG_DATA_HOME: path.join(work, 'data'),
  NO_COLOR: '1',
};
const children = [];

/** Starts a server process and resolves with its URL once it prints {"url": ...}. */
function start(args) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const line = seen.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line).url);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr}`)));
  });
}

let sequence = 0;
const runId = Date.now().toString(36);
/** A new, valid client each time: unique email (the API refuses duplicates) and idempotency key. */
function newClient(withKey) {
  sequence++;
  const n = `${runId}-${sequence}`;
  const body = JSON.stringify({
    firstName: 'Bench',
    lastName: `Client ${sequence}`,
    email: `bench-${n}@example.org`,
    phone: '416-555-0123',
    targetOccupations: ['Warehouse associate'],
    referral: { source: 'Benchmark', reasons: 'Load test' },
    sendInvite: true,
  });
  return withKey ? { body, key: `bench-${n}` } : { body };
}

function run(url, connections, seconds, { path: pathname = '', ...request }) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${url}${pathname}`, connections, duration: seconds, ...request }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function postRequest(pathname, headers, withKey) {
  return {
    method: 'POST',
    requests: [
      {
        path: pathname,
        setupRequest: (req) => {
          const { body, key } = newClient(withKey);
          return {
            ...req,
            method: 'POST',
            body,
            headers: { ...headers, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
          };
        },
      },
    ],
  };
}

async function measure(label, url, request) {
  const rows = [];
  if (warmup > 0) await run(url, connectionCounts.at(-1), warmup, request);
  for (const connections of connectionCounts) {
    const result = await run(url, connections, duration, request);
    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) throw new Error(`${label} at ${connections} connections: ${failed} failed requests`);
    rows.push({ label, connections, rps: result.requests.average, p99: result.latency.p99 });
    process.stderr.write(
      `${label} c=${connections}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms\n`,
    );
  }
  return rows;
}

try {
  const portal = await start([
    bin,
    'server',
    '--port',
    '0',
    '--json',
    '--db',
    path.join(work, 'portal.db'),
    '--admin-token',
    token,
  ]);
  const bare = await start([path.join(root, 'bench/lib/bare-server.mjs'), path.join(work, 'bare.db')]);
  const auth = { authorization: `Bearer ${token}` };

  const results = [
    ...(await measure('`portalctl server` POST /v1/clients', portal, postRequest('/v1/clients', auth, true))),
    ...(await measure('bare node:http + node:sqlite POST', bare, postRequest('/clients', {}, false))),
    ...(await measure('`portalctl server` GET /v1/clients (50)', portal, {
      method: 'GET',
      path: '/v1/clients',
      headers: auth,
    })),
    ...(await measure('bare node:http + node:sqlite GET (50)', bare, { method: 'GET', path: '/clients' })),
  ];

  const rps = (label, c) => results.find((r) => r.label.startsWith(label) && r.connections === c)?.rps ?? 0;
  const table = [
    '| endpoint | connections | req/s | p99 ms |',
    '| --- | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.label} | ${r.connections} | ${Math.round(r.rps)} | ${r.p99} |`),
  ].join('\n');
  const ratios = connectionCounts
    .map((c) => {
      const ratio = rps('`portalctl server` POST', c) / rps('bare node:http + node:sqlite POST', c);
      return `${c} connection${c === 1 ? '' : 's'}: ${ratio.toFixed(2)}x ${ratio >= 0.5 ? '(target met)' : '(target NOT met)'}`;
    })
    .join('; ');
  const body = [
    `Machine: ${machine()}. Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `autocannon, ${duration} s per row after a ${warmup} s warm-up at the highest connection count, load generator and server on the same machine; each server in its own process on a WAL database in a temp directory. Every POST creates a new client (unique email, \`sendInvite: true\`, so an invitation goes to the outbox) with its own \`Idempotency-Key\`, through bearer auth, zod validation and the audit log. The bare endpoint parses the JSON and runs one prepared INSERT, nothing else. GET lists the first page (50 clients).`,
    '',
    table,
    '',
    `POST throughput of \`portalctl server\` relative to the bare endpoint (target: at least 0.5x): ${ratios}.`,
  ].join('\n');
  process.stdout.write(`${table}\n\n${ratios}\n`);
  writeSection('Server', body, smoke ? path.join(work, 'RESULTS.md') : undefined);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
