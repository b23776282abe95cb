// The baseline for `npm run bench:server`: the least a JSON-over-HTTP insert endpoint can do on
// this stack (node:http + node:sqlite, WAL, one prepared INSERT, no auth, no validation). Run as
// its own process: `node bench/lib/bare-server.mjs DBFILE` prints {"url": ...} once listening.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { DatabaseSync } from 'node:sqlite';

const db = new DatabaseSync(process.argv[2] ?? ':memory:');
db.exec('PRAGMA journal_mode = WAL');
db.exec('PRAGMA synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS clients (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, data TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO clients (id, email, data) VALUES (?, ?, ?)');
const list = db.prepare('SELECT id, data FROM clients ORDER BY id LIMIT 50');

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/clients') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
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
