// POST /v1/clients/batch: up to 100 clients in one transaction, each created exactly as
// POST /v1/clients would (same rules, same refusals), with its own result and its own idempotency
// key. A failing item is rolled back alone (a savepoint per item) and the others still commit.
//
// Item keys share the store of single creates (method POST, path /v1/clients), so a key behaves
// the same whichever way it is sent: the first answer (a client, or a 4xx problem) is stored and
// replayed; the same key with a different client body is refused (422 idempotency-key-reused).
import type { Problem } from '../../api/problems.js';
import { problemType } from '../../api/problems.js';
import type { BatchCreate, BatchResult, Client } from '../../api/schemas.js';
import { ProblemError } from '../context.js';
import { beginIdempotent, bodyHash, completeIdempotent } from '../idempotency.js';
import { createClientCore } from './clients.js';
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

function stored(index: number, status: number, response: unknown): ItemResult {
  return status < 400
    ? { index, status, replayed: true, client: response as Client }
    : { index, status, replayed: true, problem: response as Problem };
}

export function batchCreateClients(ctx: Ctx, body: BatchCreate): BatchResult {
  const { db, principal } = ctx;
  const results: ItemResult[] = [];
  body.items.forEach((item, index) => {
    const begun = beginIdempotent(
      db,
      principal.staffId,
      item.idempotencyKey,
      'POST',
      '/v1/clients',
      bodyHash(item.client),
      ctx.clock(),
    );
    if (begun.kind === 'replay') {
      results.push(stored(index, begun.status, begun.response));
      return;
    }
    if (begun.kind === 'mismatch' || begun.kind === 'running') {
      const error =
        begun.kind === 'mismatch'
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
    db.exec('SAVEPOINT batch_item');
    try {
      const client = createClientCore(ctx, item.client);
      db.exec('RELEASE batch_item');
      completeIdempotent(db, principal.staffId, item.idempotencyKey, 201, client);
      results.push({ index, status: 201, replayed: false, client });
    } catch (error) {
      db.exec('ROLLBACK TO batch_item');
      db.exec('RELEASE batch_item');
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      const problem = toProblem(error);
      completeIdempotent(db, principal.staffId, item.idempotencyKey, error.status, problem);
      results.push({ index, status: error.status, replayed: false, problem });
    }
  });
  return { results };
}
