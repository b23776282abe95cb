// The baselines for `npm run bench:server`: the least a JSON-over-HTTP insert endpoint can do on
// this stack (node:http + node:sqlite, WAL). POST /clients: one prepared INSERT, no auth, no
// validation. POST /clients/batch: each item checked with zod and inserted (unique email and key
// indexes), one transaction per request. Run as its own process:
// `node bench/lib/bare-server.mjs DBFILE` prints {"url": ...} once listening.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import * as z from 'zod';

const db = new DatabaseSync(process.argv[2] ?? ':memory:');
db.exec('PRAGMA journal_mode = WAL');
db.exec('PRAGMA synchronous = NORMAL');
db.exec(
  'CREATE TABLE IF NOT EXISTS clients (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, key TEXT UNIQUE, data TEXT NOT NULL)',
);
const insert = db.prepare('INSERT INTO clients (id, email, data) VALUES (?, ?, ?)');
const insertKeyed = db.prepare('INSERT INTO clients (id, email, key, data) VALUES (?, ?, ?, ?)');
const list = db.prepare('SELECT id, data FROM clients ORDER BY id LIMIT 50');
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');

// The fields the benchmark's clients carry, checked as a careful endpoint would check them.
const Text = z.string().trim().min(1).max(200);
const Item = z.strictObject({
  idempotencyKey: z.string().min(8).max(200),
  client: z.strictObject({
    firstName: Text,
    lastName: Text,
    email: z.email(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()\-.]{7,20}$/)
      .optional(),
    dateOfBirth: z.iso.date().optional(),
    targetOccupations: z.array(Text).max(50).optional(),
    referral: z.strictObject({ source: Text.optional(), reasons: z.string().max(10_000).optional() }).optional(),
    sendInvite: z.boolean().optional(),
  }),
});
const Batch = z.strictObject({ items: z.array(z.unknown()).min(1).max(100) });

function readBody(req, then) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => then(body));
}

function batch(body) {
  const { items } = Batch.parse(JSON.parse(body));
  const results = [];
  begin.run();
  try {
    items.forEach((raw, index) => {
      const checked = Item.safeParse(raw);
      if (!checked.success) {
        results.push({ index, status: 422 });
        return;
      }
      const { idempotencyKey, client } = checked.data;
      const id = randomUUID();
      insertKeyed.run(id, client.email, idempotencyKey, JSON.stringify(client));
      results.push({ index, status: 201, clientId: id });
    });
    commit.run();
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return { results };
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/clients') {
    readBody(req, (body) => {
      let client;
      try {
        client = JSON.parse(body);
      } catch {
        res.writeHead(400).end();
        return;
      }
      const id = randomUUID();
      insert.run(id, String(client.email), body);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id, ...client }));
    });
    return;
  }
  if (req.method === 'POST' && req.url?.startsWith('/clients/batch')) {
    readBody(req, (body) => {
      let answer;
      try {
        answer = batch(body);
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
    return;
  }
  if (req.method === 'GET' && req.url?.startsWith('/clients')) {
    const data = list.all().map((row) => ({ id: row.id, ...JSON.parse(row.data) }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data, nextCursor: null }));
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
const stop = () => server.close(() => db.close());
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
