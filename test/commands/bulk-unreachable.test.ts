// A bulk action whose portal stops answering half-way stops there (exit 7), rather than failing
// every remaining client one timeout after another; run again once the portal answers, it resumes,
// and no client is emailed twice. Between the CLI and the portal, a proxy that passes the reads and,
// while "down", drops every write's connection without an answer, or answers it 503 as a gateway would.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { apiGet, outbox } from '../helpers/e2e.js';
import { UNAVAILABLE } from '../helpers/exit-codes.js';
import { ADMIN } from '../helpers/tokens.js';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
let proxy: Server;
let proxyUrl = '';
/** How the writes go while the portal is down: no answer at all, or its gateway's 503. */
let down: 'no-answer' | 'unavailable' | false = 'no-answer';
/** The Idempotency-Keys of the writes the proxy dropped: one per client the run started. */
const dropped = new Set<string>();

beforeAll(async () => {
  proxy = createServer((incoming, answer) => {
    if (down && incoming.method === 'POST') {
      dropped.add(String(incoming.headers['idempotency-key']));
      if (down === 'no-answer') incoming.socket.destroy();
      else answer.writeHead(503, { 'content-type': 'text/html' }).end('<h1>503 Service Unavailable</h1>');
      return;
    }
    const target = new URL(incoming.url ?? '/', portal().url);
    const forwarded = request(target, { method: incoming.method, headers: incoming.headers }, (from) => {
      answer.writeHead(from.statusCode ?? 502, from.headers);
      from.pipe(answer);
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

describe('a bulk action whose portal stops answering', () => {
  it.each([
    ['no answer at all', 'no-answer', 'sp_lakeshore'],
    ["its gateway's 503", 'unavailable', 'sp_rideau'],
  ] as const)(
    'stops at the first client with %s, then resumes without sending anything twice',
    async (_, how, provider) => {
      down = how;
      dropped.clear();
      const pending = (
        await apiGet<{ data: Client[] }>(portal(), `/v1/clients?invite=pending&providerId=${provider}&limit=500`)
      ).data;
      expect(pending.length).toBeGreaterThan(2);
      const invitations = async () => {
        let total = 0;
        for (const c of pending) {
          total += (await outbox(portal(), `clientId=${c.id}`)).filter((m) => m.kind === 'invitation').length;
        }
        return total;
      };
      const before = await invitations();
      const args = ['invite', 'resend', '--provider', provider, '--invite-status', 'pending', '--yes'];
      const env = { PORTALCTL_URL: proxyUrl, PORTALCTL_TOKEN: ADMIN };

      const stopped = await portal().run([...args, '--concurrency', '2', '--timeout', '1'], { env });
      expect(stopped.exitCode, stopped.stderr).toBe(UNAVAILABLE);
      expect(stopped.stderr).toContain('the run stopped');
      expect(stopped.stderr).toContain('run the same command to resume');
      // Only the clients in flight when the portal stopped answering were started.
      expect(dropped.size).toBeGreaterThan(0);
      expect(dropped.size).toBeLessThanOrEqual(2);
      expect(await invitations()).toBe(before);

      down = false;
      const resumed = await portal().run([...args, '--json'], { env });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      const results = JSON.parse(resumed.stdout) as { clientId: string; status: string }[];
      expect(results.map((r) => r.clientId).sort()).toEqual(pending.map((c) => c.id).sort());
      expect(results.every((r) => r.status === 'done')).toBe(true);
      expect(await invitations()).toBe(before + pending.length);
    },
  );
});
