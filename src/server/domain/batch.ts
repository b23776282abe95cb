// POST /v1/clients/batch: up to 100 clients in one transaction, each created exactly as
// POST /v1/clients would (same rules, same refusals), with its own result and its own idempotency
// key. A refused item writes nothing (it is checked before any write) and the others still commit.
//
// Item keys share the store of single creates (method POST, path /v1/clients), so a key behaves
// the same whichever way it is sent: the first answer (a client, or a 4xx problem) is stored and
// replayed; the same key with a different client body is refused (422 idempotency-key-reused).
//
// `?nameMatch=refuse` and `?reason=` apply to every item, as to a single create (the reason is kept
// in the audit entry of each client invited); an item's key and its stored answer depend on its
// client body only.
//
// With `Prefer: return=minimal` (what the importer sends) each success carries only the client's
// id: a batch of 100 full clients is some 100 KB that the importer would parse for 100 ids.
import type { Problem } from '../../contract/problems.js';
import { problemType } from '../../contract/problems.js';
import type { BatchCreate, BatchResult, Client } from '../../contract/schemas.js';
import { ProblemError } from '../context.js';
import { bodyHash, lookupIdempotent, recordIdempotent } from '../idempotency.js';
import { checkNewClient, type NewClient, type ProviderRow, writeNewClient } from './clients.js';
import type { Ctx } from './common.js';

type ItemResult = BatchResult['results'][number];

function toProblem(error: ProblemError): Problem {
  const problem: Problem = {
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    code: error.code,
  };
  if (error.detail !== undefined) problem.detail = error.detail;
  for (const [key, value] of Object.entries(error.extras)) {
    if (value !== undefined) (problem as Record<string, unknown>)[key] = value;
  }
  return problem;
}

/** A success: the client's id, and the client itself unless the caller asked for a minimal answer. */
function created(index: number, status: number, replayed: boolean, client: Client, minimal: boolean): ItemResult {
  return minimal
    ? { index, status, replayed, clientId: client.id }
    : { index, status, replayed, clientId: client.id, client };
}

function stored(index: number, status: number, response: unknown, minimal: boolean): ItemResult {
  return status < 400
    ? created(index, status, true, response as Client, minimal)
    : { index, status, replayed: true, problem: response as Problem };
}

export function batchCreateClients(
  ctx: Ctx & { returnMinimal?: boolean },
  body: BatchCreate,
  options: { refuseNameMatch?: boolean; reason?: string | undefined } = {},
): BatchResult {
  const { db, principal } = ctx;
  const returnMinimal = ctx.returnMinimal === true;
  const results: ItemResult[] = [];
  // The whole batch is one transaction (the write queue's): no one sees an item's key before its
  // answer, so each key is looked up and its answer recorded in one write, as for a single create.
  const now = ctx.clock();
  // The providers named by the items, looked up once for the batch rather than once per item.
  const itemCtx = { ...ctx, providers: new Map<string, ProviderRow | undefined>() };
  body.items.forEach((item, index) => {
    const request = { method: 'POST', path: '/v1/clients', hash: bodyHash(item.client), now };
    const known = lookupIdempotent(
      db,
      principal.staffId,
      item.idempotencyKey,
      request.method,
      request.path,
      request.hash,
      now,
    );
    if (known.kind === 'replay') {
      results.push(stored(index, known.status, known.response, returnMinimal));
      return;
    }
    if (known.kind === 'mismatch' || known.kind === 'running') {
      const error =
        known.kind === 'mismatch'
          ? new ProblemError(
              422,
              'idempotency-key-reused',
              'Idempotency key reused',
              `the idempotency key of item ${index} was already used for a different client`,
              { hint: 'use a fresh idempotency key for each distinct client' },
            )
          : new ProblemError(
              409,
              'idempotency-key-in-flight',
              'Request in progress',
              `a request with the idempotency key of item ${index} is still being processed`,
              { hint: 'retry after a moment to receive its answer' },
            );
      results.push({ index, status: error.status, replayed: false, problem: toProblem(error) });
      return;
    }
    // An item is checked before anything of it is written, so a refused item leaves nothing to
    // roll back; an error while writing is the server's (5xx) and fails the whole batch.
    let checked: NewClient;
    try {
      checked = checkNewClient(itemCtx, item.client, options);
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      const problem = toProblem(error);
      recordIdempotent(db, principal.staffId, item.idempotencyKey, request, error.status, JSON.stringify(problem));
      results.push({ index, status: error.status, replayed: false, problem });
      return;
    }
    const client = writeNewClient(itemCtx, checked);
    recordIdempotent(db, principal.staffId, item.idempotencyKey, request, 201, JSON.stringify(client));
    results.push(created(index, 201, false, client, returnMinimal));
  });
  return { results };
}
