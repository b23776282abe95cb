// For `npm run bench:server`: the server platform (createApp: bearer auth, zod validation,
// idempotency keys, group commit, problem details) with a createClient handler that only runs
// one INSERT, like the bare endpoint. Set between the bare endpoint and `portalctl server`, it
// shows what the platform costs and what the domain rules cost. Bundled by bench/server.mjs;
// prints {"url": ...} once listening.
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/db.js';

const [file = ':memory:', adminToken = ''] = process.argv.slice(2);
const db = openDatabase(file);
db.exec(
  'CREATE TABLE IF NOT EXISTS bench_clients (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, data TEXT NOT NULL)',
);
const insert = db.prepare('INSERT INTO bench_clients (id, email, data) VALUES (?, ?, ?)');

const app = createApp({
  db,
  adminToken,
  handlers: {
    createClient: (ctx) => {
      const body = (ctx.input as { body: { email: string } }).body;
      const id = randomUUID();
      insert.run(id, body.email, JSON.stringify(body));
      return { id, ...body };
    },
  },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
const stop = () => {
  void app.close().then(() => db.close());
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
