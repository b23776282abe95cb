// A seeded portal server in the test's own process, on an ephemeral port over an in-memory
// database: what the command tests run against (world.ts), and what the end-to-end tests point the
// built CLI at when they do not test the server itself (e2e.ts usePortal). Starting it costs no
// process; `portalctl server` as a process is tested in test/e2e/server*.test.ts.
import { runServer, type ServerOptions } from '../../src/server/main.js';
import { ADMIN_TOKEN } from './portal.js';

export interface ServedPortal {
  url: string;
  /** The portal's own administrator token (as `portalctl server --admin-token`), for direct API calls. */
  adminToken: string;
  stop(): Promise<void>;
}

export type ServedPortalOptions = {
  /** Another seed file (a path) than fixtures/seed.json. */
  seed?: string;
  server?: Pick<ServerOptions, 'requireReason' | 'resendCooldownMs'>;
};

export async function servePortal(options: ServedPortalOptions = {}): Promise<ServedPortal> {
  const controller = new AbortController();
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  const sink = { write: () => true };
  const done = runServer(
    {
      host: '127.0.0.1',
      port: 0,
      db: ':memory:',
      testEndpoints: true,
      adminToken: ADMIN_TOKEN,
      ...(options.seed ? { seed: options.seed } : {}),
      ...options.server,
    },
    { stdout: sink, stderr: sink, env: {}, signal: controller.signal, onListening: (u) => listening(u) },
  );
  const started = await Promise.race([url, done.then(() => undefined)]);
  if (!started) throw new Error('the portal stopped before it listened');
  return {
    url: started,
    adminToken: ADMIN_TOKEN,
    async stop() {
      controller.abort();
      await done;
    },
  };
}
