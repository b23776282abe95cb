// The portal a bulk command talks to, with its URL and token in hand: the import's transport
// makes single attempts on its own pool, so it needs them directly rather than through
// deps.api(). Same precedence as every command (flags > environment > profile > local portal);
// the token is only ever placed in a request header.
import type { ApiClient } from '../api/client.js';
import { parseTimeout } from '../command/define.js';
import type { Deps } from '../command/deps.js';

export interface PortalAccess {
  url: string;
  token?: string;
  /** Stable identity of the portal for the journal: its URL, or the local portal's database. */
  id: string;
  timeoutMs?: number;
  insecureHttp: boolean;
  /** API client for lookups (with the client's retries). */
  api(): Promise<ApiClient>;
  close(): Promise<void>;
}

export async function openPortal(deps: Deps): Promise<PortalAccess> {
  const connection = await deps.connection();
  const timeoutMs = parseTimeout(deps.flags.timeout);
  const insecureHttp = deps.flags.insecureHttp ?? false;
  let url = connection.url;
  let token = connection.token;
  let id = url ?? '';
  let stopLocal: (() => Promise<void>) | undefined;
  if (connection.local) {
    const { startLocalPortal } = await import('../config/local-portal.js');
    const local = await startLocalPortal(deps.env, {
      terminal: deps.stderr.isTTY === true,
      info: (message) => deps.out.info(message),
      debug: (line) => deps.debug(line),
    });
    stopLocal = () => local.stop();
    url = local.url;
    token ??= local.token;
    id = `local:${local.databasePath}`;
  }
  let api: Promise<ApiClient> | undefined;
  return {
    url: url!,
    ...(token ? { token } : {}),
    id,
    ...(timeoutMs ? { timeoutMs } : {}),
    insecureHttp,
    api() {
      api ??= import('../api/client.js').then(({ createApiClient }) =>
        createApiClient({
          baseUrl: url!,
          ...(token ? { token } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
          insecureHttp,
          ...(deps.flags.debug ? { debug: (line: string) => deps.debug(line) } : {}),
          onWait: (message) => deps.out.info(message),
        }),
      );
      return api;
    },
    async close() {
      try {
        const client = api;
        api = undefined;
        if (client) await (await client.catch(() => undefined))?.close();
      } finally {
        await stopLocal?.();
      }
    },
  };
}
