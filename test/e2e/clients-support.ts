// Shared by the clients e2e tests: the built CLI against one `portalctl server` per test file, and
// direct API reads (with fetch) to check what the commands did.
import { expect } from 'vitest';
import { portalctl as execPortalctl, type Portal } from '../helpers/portal.js';

export const ADMIN = 'demo-admin-token';
export const CLIENTS = 'demo-clients-token';
export const NO_CLIENTS = 'demo-no-clients-token';
export const SP_ADMIN = 'demo-sp-admin-token';
export const GROUP_ADMIN = 'demo-group-admin-token';

export interface Result {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

export function runner(portal: () => Portal) {
  return async (args: string[], token = ADMIN, extra: Parameters<typeof execPortalctl>[1] = {}): Promise<Result> => {
    const r = await execPortalctl(args, { portal: portal(), token, ...extra });
    return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  };
}

/** GET or POST on the portal API as the admin demo token (or the given one). */
export async function api<T = unknown>(
  portal: Portal,
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${portal.url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      authorization: `Bearer ${options.token ?? ADMIN}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface ClientLike {
  id: string;
  email: string;
  [key: string]: unknown;
}

/** The client with this email (archived or not), or undefined. */
export async function clientByEmail(portal: Portal, email: string): Promise<ClientLike | undefined> {
  for (const archived of ['false', 'true']) {
    const { body } = await api<{ data: ClientLike[] }>(
      portal,
      `/v1/clients?email=${encodeURIComponent(email)}&archived=${archived}`,
    );
    if (body.data[0]) return body.data[0];
  }
  return undefined;
}

export interface OutboxMessage {
  to: string;
  kind: string;
  link: string | null;
  clientId: string | null;
}

export async function outbox(portal: Portal, query: string): Promise<OutboxMessage[]> {
  const { body } = await api<{ data: OutboxMessage[] }>(portal, `/v1/outbox?limit=500&${query}`);
  return body.data;
}

/** Test endpoint: the client accepts the invitation and logs in. */
export async function simulateLogin(portal: Portal, id: string): Promise<void> {
  const { status } = await api(portal, `/v1/_test/clients/${id}/login`, {
    method: 'POST',
    token: portal.adminToken,
    body: {},
  });
  expect(status).toBe(200);
}

export function json<T = Record<string, unknown>>(r: Result): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.exitCode}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

/** The --json error object printed on stderr. */
export function jsonError(r: Result): Record<string, unknown> {
  const line = r.stderr.split('\n').find((l) => l.startsWith('{"error"'));
  if (!line) throw new Error(`no JSON error on stderr:\n${r.stderr}`);
  return (JSON.parse(line) as { error: Record<string, unknown> }).error;
}
