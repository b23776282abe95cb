// The import's sending: single attempts of the API client (src/api/client.ts, `send`), answered
// with the status, what the pipeline reads of the body and Retry-After, so that the pipeline sees
// every 429 (for AIMD) and owns retries. The client checks each 2xx answer with the route's own
// response schema (src/contract/routes.ts).
import type { ApiClient, SendAnswer } from '../api/client.js';
import type { RouteName } from '../contract/routes.js';
import type { Answer, ImportTransport, SendOptions, WorkItem } from './verdict.js';

export { UnexpectedAnswerError } from '../api/client.js';

function queryOf(send: SendOptions | undefined): { query?: { nameMatch?: 'refuse'; reason?: string } } {
  const query = {
    ...(send?.refuseNameMatch ? { nameMatch: 'refuse' as const } : {}),
    ...(send?.reason ? { reason: send.reason } : {}),
  };
  return Object.keys(query).length ? { query } : {};
}

/** What the pipeline reads of an answer that is not a 2xx. */
function refusal(answer: SendAnswer<RouteName>): Answer {
  const { status, problem, retryAfterMs, location, contentType } = answer;
  return {
    status,
    ...(problem ? { problem } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(location === undefined ? {} : { location }),
    ...(contentType === undefined ? {} : { contentType }),
  };
}

export function importTransport(api: ApiClient): ImportTransport {
  return {
    async createOne(item: WorkItem, received?: () => void, send?: SendOptions): Promise<Answer> {
      const answer = await api.send('createClient', queryOf(send), {
        json: item.json,
        idempotencyKey: item.key,
        ...(received ? { received } : {}),
        expected: 'a client',
      });
      if (!answer.data) return refusal(answer);
      return { status: answer.status, client: { id: answer.data.id } };
    },
    async createBatch(items: WorkItem[], received?: () => void, send?: SendOptions): Promise<Answer> {
      const answer = await api.send('batchCreateClients', queryOf(send), {
        // The BatchCreate body, joined from the items' serialized clients.
        json: `{"items":[${items.map((item) => `{"idempotencyKey":${JSON.stringify(item.key)},"client":${item.json}}`).join(',')}]}`,
        // Batch items carry their keys in the body; the answer need only say ids (RFC 7240).
        headers: { prefer: 'return=minimal' },
        ...(received ? { received } : {}),
        expected: `a batch result for the ${items.length} clients sent`,
        // No more results than items sent: a longer list is not what was asked (and is not parsed).
        plausible: (json) => {
          const results = (json as { results?: unknown } | null)?.results;
          return Array.isArray(results) && results.length <= items.length;
        },
      });
      if (!answer.data) return refusal(answer);
      const results = answer.data.results.map(({ index, status, clientId, client, problem }) => {
        const id = clientId ?? client?.id;
        return { index, status, ...(id === undefined ? {} : { client: { id } }), ...(problem ? { problem } : {}) };
      });
      return { status: answer.status, results };
    },
  };
}
