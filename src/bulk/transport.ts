// The import's HTTP transport: single attempts over a keep-alive pool, answering with the status,
// the parsed body and Retry-After, so the pipeline sees every 429 (for AIMD) and owns retries.
// Shared with the API client: the HTTP pool (api/http.ts), the URL safety check (no token over
// plain http except to loopback) and the contract's schemas.
import * as z from 'zod';
import { checkPortalUrl, MAX_ANSWER_BYTES } from '../api/client.js';
import { createHttpPool } from '../api/http.js';
import { parseRetryAfter } from '../api/retry.js';
import { ProblemSchema } from '../contract/problems.js';
import { routes } from '../contract/routes.js';
import { ClientId } from '../contract/schemas.js';

/** A created client as the import reads it: its id (the rest is the portal's business). */
const CreatedSchema = z.object({ id: ClientId, email: z.string() });

/**
 * The batch answer as the import reads it: per item its status, the new client's id or the
 * problem. The import asks for `Prefer: return=minimal` (ids, not whole clients); a portal that
 * ignores the preference sends the clients, of which only the id is read.
 */
const BatchAnswerSchema = z.object({
  results: z.array(
    z
      .object({
        index: z.number().int(),
        status: z.number().int(),
        clientId: ClientId.optional(),
        client: z.object({ id: ClientId }).optional(),
        problem: ProblemSchema.optional(),
      })
      .transform(({ clientId, client, ...rest }) => {
        const id = clientId ?? client?.id;
        return id === undefined ? rest : { ...rest, client: { id } };
      }),
  ),
});

import { VERSION } from '../version.js';
import type { Answer, ImportTransport, SendOptions, WorkItem } from './verdict.js';

export interface TransportOptions {
  baseUrl: string;
  token?: string;
  connections: number;
  timeoutMs?: number;
  insecureHttp?: boolean;
  debug?: (line: string) => void;
  /** Largest answer read (default MAX_ANSWER_BYTES, as the API client). */
  maxAnswerBytes?: number;
}

export interface ClosableTransport extends ImportTransport {
  close(): Promise<void>;
}

/** The portal answered 2xx with a body that is not what the contract says: retrying will not help. */
export class UnexpectedAnswerError extends Error {
  readonly fatal = true;
  readonly hint = 'the portal and portalctl versions may differ; upgrade portalctl, or report it with --debug output';
}

function queryOf(send: SendOptions | undefined): string {
  return send?.refuseNameMatch ? '?nameMatch=refuse' : '';
}

export function createImportTransport(options: TransportOptions): ClosableTransport {
  const url = checkPortalUrl(options.baseUrl, options.insecureHttp);
  const basePath = url.pathname.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 30_000;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const pool = createHttpPool(url, { connections: options.connections, timeoutMs: timeout });
  const baseHeaders: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    'user-agent': `portalctl/${VERSION}`,
  };
  if (options.token) baseHeaders.authorization = `Bearer ${options.token}`;

  // Batch items carry their keys in the body; the answer need only say ids (RFC 7240).
  const batchHeaders = { ...baseHeaders, prefer: 'return=minimal' };

  /** One POST: the status, the headers the pipeline reads, and the body (read in full, capped). */
  async function exchange(
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{
    status: number;
    text: string;
    retryAfter: string | string[] | undefined;
    location?: string;
    contentType?: string;
  }> {
    const answer = await pool.request({
      method: 'POST',
      path: `${basePath}${path}`,
      headers,
      body,
      maxBytes: maxAnswerBytes,
    });
    // A body larger than any answer of the contract is not read (nor held): the run stops.
    if (answer.text === undefined) {
      throw new UnexpectedAnswerError(
        `the portal's answer to POST ${basePath}${path} is larger than ${Math.round(maxAnswerBytes / 1024 / 1024)} MiB; portalctl stopped reading it`,
      );
    }
    const { location, 'content-type': contentType } = answer.headers;
    return {
      status: answer.status,
      text: answer.text,
      retryAfter: answer.headers['retry-after'],
      ...(location === undefined ? {} : { location }),
      ...(contentType === undefined ? {} : { contentType }),
    };
  }

  async function post(
    path: string,
    body: string,
    headers: Record<string, string>,
    received: (() => void) | undefined,
  ): Promise<{ status: number; json: unknown; retryAfterMs?: number; location?: string; contentType?: string }> {
    const started = Date.now();
    const { status, text, retryAfter, location, contentType } = await exchange(path, body, headers);
    if (received) {
      // Off the wire: let the pipeline put its next request on it before this answer is parsed.
      received();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    options.debug?.(`POST ${path} -> ${status} (${Date.now() - started} ms)`);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const retryAfterMs = parseRetryAfter(retryAfter, Date.now());
    return {
      status,
      json,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(location === undefined ? {} : { location }),
      ...(contentType === undefined ? {} : { contentType }),
    };
  }

  function answerOf(
    raw: { status: number; json: unknown; retryAfterMs?: number; location?: string; contentType?: string },
    success: (json: unknown) => Answer,
  ): Answer {
    if (raw.status >= 200 && raw.status < 300) return success(raw.json);
    const problem = ProblemSchema.safeParse(raw.json);
    return {
      status: raw.status,
      ...(problem.success ? { problem: problem.data } : {}),
      ...(raw.retryAfterMs === undefined ? {} : { retryAfterMs: raw.retryAfterMs }),
      ...(raw.location === undefined ? {} : { location: raw.location }),
      // Said in the error when the answer has no problem details (a proxy's page).
      ...(problem.success || raw.contentType === undefined ? {} : { contentType: raw.contentType }),
    };
  }

  return {
    async createOne(item: WorkItem, received?: () => void, send?: SendOptions): Promise<Answer> {
      const raw = await post(
        `${routes.createClient.path}${queryOf(send)}`,
        item.json,
        { ...baseHeaders, 'idempotency-key': item.key },
        received,
      );
      return answerOf(raw, (json) => {
        const client = CreatedSchema.safeParse(json);
        if (!client.success) {
          throw new UnexpectedAnswerError(
            `the portal's answer to createClient (POST ${routes.createClient.path}) is not a client${json === undefined ? ` (HTTP ${raw.status} with no body)` : ''}`,
          );
        }
        return { status: raw.status, client: client.data };
      });
    },
    async createBatch(items: WorkItem[], received?: () => void, send?: SendOptions): Promise<Answer> {
      const raw = await post(
        `${routes.batchCreateClients.path}${queryOf(send)}`,
        // The BatchCreate body, joined from the items' serialized clients.
        `{"items":[${items.map((item) => `{"idempotencyKey":${JSON.stringify(item.key)},"client":${item.json}}`).join(',')}]}`,
        batchHeaders,
        received,
      );
      return answerOf(raw, (json) => {
        // No more results than items sent: a longer list is not what was asked (and is not parsed).
        const results = (json as { results?: unknown } | undefined)?.results;
        const result =
          Array.isArray(results) && results.length <= items.length ? BatchAnswerSchema.safeParse(json) : undefined;
        if (!result?.success) {
          throw new UnexpectedAnswerError(
            `the portal's answer to batchCreateClients (POST ${routes.batchCreateClients.path}) is not a batch result for the ${items.length} clients sent${json === undefined ? ` (HTTP ${raw.status} with no body)` : ''}`,
          );
        }
        return { status: raw.status, results: result.data.results };
      });
    },
    async close() {
      // Requests a stopped run gave up on (a portal that hangs) are not waited for.
      await pool.destroy();
    },
  };
}
