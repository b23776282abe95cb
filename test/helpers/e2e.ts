// What the end-to-end tests share: one seeded portal per test file, the built CLI with its
// output as strings, and direct API calls to arrange state and check what a command did. The demo
// tokens are in tokens.ts, the exit codes in exit-codes.ts.
import { afterAll, beforeAll, expect } from 'vitest';
import { type Client, ClientSchema, type OutboxMessage, OutboxMessageSchema } from '../../src/contract/schemas.js';
import { type Portal, portalctl, type RunOptions, startPortal } from './portal.js';
import { servePortal } from './served-portal.js';
import { ADMIN, FULL_STAFF } from './tokens.js';

/**
 * One seeded portal for the tests of a file, started before them and stopped after them. The built
 * CLI under test runs in its own process; the portal it talks to is served from this one
 * (served-portal.ts), unless `args` tune the server (fault knobs, --latency, --db): then it is a
 * `portalctl server` process. Returns a getter: the portal exists only once beforeAll has run.
 */
export function usePortal(args: string[] = []): () => PortalAddress {
  let portal: { url: string; adminToken: string; stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    portal = args.length === 0 ? await servePortal() : await startPortal(args);
  });
  afterAll(async () => {
    await portal?.stop();
  });
  return () => {
    if (!portal) throw new Error('the portal is started in beforeAll: use it inside a test or a hook');
    return portal;
  };
}

export interface Result {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** The built CLI (private HOME, CI=true, NO_COLOR), with stdout and stderr as strings. */
export async function cli(args: string[], options: RunOptions = {}): Promise<Result> {
  const r = await portalctl(args, options);
  return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/**
 * A command line as an argument list, for long ones: the text is split on white space (new lines
 * too) and each `${value}` is one argument as it is, spaces and all (`--reason ${'Closer to home'}`).
 */
export function argv(text: TemplateStringsArray, ...values: string[]): string[] {
  const args: string[] = [];
  text.forEach((part, i) => {
    const joined = (i > 0 && /^\S/.test(part)) || (i < values.length && /\S$/.test(part));
    if (joined) throw new Error(`argv: white space must separate each \${…} from the text around it: "${part}"`);
    args.push(...part.split(/\s+/).filter(Boolean));
    if (i < values.length) args.push(values[i]!);
  });
  return args;
}

export type Run = (args: string[], token?: string, options?: RunOptions) => Promise<Result>;

/** The built CLI against the portal, as `defaultToken` unless a call names another token. */
export function runner(portal: () => PortalAddress, defaultToken = ADMIN): Run {
  return (args, token = defaultToken, options = {}) => cli(args, { portal: portal(), token, ...options });
}

/** stdout parsed as JSON, or an error that shows what the command printed instead. */
export function json<T = Record<string, unknown>>(r: Result): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.exitCode}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

/** The --json error object: the last line of stderr. */
export function jsonError(r: Result): Record<string, unknown> {
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('{"error"')) throw new Error(`the last line of stderr is not a JSON error:\n${r.stderr}`);
  return (JSON.parse(last) as { error: Record<string, unknown> }).error;
}

/** What the CLI and the API helpers need of a portal: a `portalctl server` process or one served in this process. */
export type PortalAddress = Pick<Portal, 'url' | 'adminToken'>;

export interface ApiOptions {
  method?: string;
  /** The portal's own administrator token unless given. */
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One call to the portal's API, to arrange or check state without the CLI. */
export async function api<T = unknown>(
  portal: PortalAddress,
  path: string,
  options: ApiOptions = {},
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${portal.url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      authorization: `Bearer ${options.token ?? portal.adminToken}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** GET as the portal's administrator, which must answer 200. */
export async function apiGet<T = unknown>(portal: PortalAddress, path: string): Promise<T> {
  const { status, body } = await api<T>(portal, path);
  expect(status, `GET ${path}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

/** The client with this id, as the API has it now. */
export async function clientById(portal: PortalAddress, id: string): Promise<Client> {
  return ClientSchema().parse(await apiGet(portal, `/v1/clients/${id}`));
}

/** The client with this email (archived or not), or undefined. */
export async function clientByEmail(portal: PortalAddress, email: string): Promise<Client | undefined> {
  for (const archived of ['false', 'true']) {
    const { data } = await apiGet<{ data: unknown[] }>(
      portal,
      `/v1/clients?email=${encodeURIComponent(email)}&archived=${archived}`,
    );
    if (data[0]) return ClientSchema().parse(data[0]);
  }
  return undefined;
}

/** The outbox (newest first, up to 500 messages) filtered by a query string such as `clientId=cl_000001`. */
export async function outbox(portal: PortalAddress, query: string): Promise<OutboxMessage[]> {
  const { data } = await apiGet<{ data: unknown[] }>(portal, `/v1/outbox?limit=500&${query}`);
  return OutboxMessageSchema().array().parse(data);
}

/** Test endpoint: the client accepts the invitation and logs in. */
export async function simulateLogin(portal: PortalAddress, clientId: string): Promise<void> {
  const { status } = await api(portal, `/v1/_test/clients/${clientId}/login`, { method: 'POST', body: {} });
  expect(status).toBe(200);
}

/** `--help` of each command (`'cams link'`) exits 0 with its usage line, examples, and an example of it. */
export async function expectHelp(run: (args: string[]) => Promise<Result>, commands: string[]): Promise<void> {
  const results = await Promise.all(commands.map((command) => run([...command.split(' '), '--help'])));
  results.forEach((r, i) => {
    const command = commands[i]!;
    expect(r.exitCode, command).toBe(0);
    expect(r.stdout.startsWith(`Usage: portalctl ${command} `), `${command}: ${r.stdout}`).toBe(true);
    expect(r.stdout, command).toContain('Examples:');
    expect(r.stdout, command).toContain(`$ portalctl ${command}`);
  });
}

/**
 * Something for `portals notify` to tell: cl_000004 consents to be shared with employers and is put
 * forward for jb_maple001 on po_northstar01.
 */
export async function putForwardCandidate(portal: PortalAddress): Promise<void> {
  const consent = await api(portal, '/v1/clients/cl_000004/consent', {
    method: 'PUT',
    body: { shareWithEmployers: true },
  });
  expect(consent.status).toBe(200);
  const candidate = await api(portal, '/v1/portals/po_northstar01/candidates', {
    method: 'POST',
    token: FULL_STAFF,
    body: { jobId: 'jb_maple001', clientId: 'cl_000004' },
  });
  expect(candidate.status).toBe(201);
}
