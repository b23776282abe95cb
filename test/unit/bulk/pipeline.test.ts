// The send pass against a scripted portal (the transport is the network boundary): ordering,
// retries, AIMD on 429, batch fallback, fatal errors and stopping.
import { describe, expect, it } from 'vitest';
import type { DoneRecord } from '../../../src/bulk/journal.js';
import {
  type Answer,
  bodyOf,
  type ImportTransport,
  runPipeline,
  safeMessage,
  type WorkItem,
  workItem,
} from '../../../src/bulk/pipeline.js';

const items = (n: number): WorkItem[] =>
  Array.from({ length: n }, (_, i) =>
    workItem(i + 1, `key-${i + 1}`, 0, {
      firstName: 'A',
      lastName: 'B',
      email: `p${i + 1}@example.org`,
      sendInvite: true,
    }),
  );

async function* from<T>(list: T[]) {
  for (const item of list) yield item;
}

const created = (item: WorkItem): Answer => ({ status: 201, client: { id: `cl_${item.row}` } });

function run(
  list: WorkItem[],
  transport: ImportTransport,
  options: Partial<Parameters<typeof runPipeline>[1]> = {},
  stop = new AbortController().signal,
) {
  const sent: number[][] = [];
  const done: DoneRecord[] = [];
  const sleeps: number[] = [];
  // A fake clock that the fake sleep advances: waits take no real time.
  let clock = 0;
  const result = runPipeline(
    from(list),
    { concurrency: 4, batch: false, ...options },
    {
      transport,
      sent: async (batch) => {
        sent.push(batch.map((i) => i.row));
      },
      done: (records) => done.push(...records),
      stop,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      now: () => clock,
      random: () => 0.5,
    },
  );
  return { result, sent, done, sleeps };
}

describe('the import pipeline', () => {
  it('records every row once, in row order, even when answers arrive out of order', async () => {
    const transport: ImportTransport = {
      createOne: async (item) => {
        await new Promise((r) => setTimeout(r, (item.row * 7) % 5));
        return created(item);
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done, sent } = run(items(40), transport);
    expect((await result).stopped).toBe(false);
    expect(done.map((d) => d.r)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(done.every((d) => d.s === 'created' && d.inv === true)).toBe(true);
    expect(sent.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('hands each freed slot to the row that has waited longest, never exceeding the limit', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const transport: ImportTransport = {
      createOne: async (item, received) => {
        started.push(item.row);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, (item.row * 3) % 4));
        inFlight--;
        received?.();
        return created(item);
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done } = run(items(30), transport, { concurrency: 3 });
    await result;
    expect(done).toHaveLength(30);
    expect(started).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(maxInFlight).toBe(3);
  });

  it('maps an email held by the same person to existing, and refusals to failed with their code', async () => {
    const transport: ImportTransport = {
      createOne: async (item) => {
        if (item.row === 2) {
          return {
            status: 409,
            problem: {
              type: 't',
              title: 'Email already in use',
              status: 409,
              code: 'email-taken',
              existingClientId: 'cl_7',
              samePerson: true,
              detail: 'p2@example.org belongs to Ada',
            },
          };
        }
        if (item.row === 3) {
          return {
            status: 422,
            problem: {
              type: 't',
              title: 'Assessment not submitted',
              status: 422,
              code: 'ca-in-progress',
              hint: 'import it once submitted',
            },
          };
        }
        return created(item);
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done } = run(items(3), transport);
    await result;
    expect(done).toEqual([
      { t: 'done', r: 1, s: 'created', id: 'cl_1', inv: true },
      { t: 'done', r: 2, s: 'existing', id: 'cl_7' },
      {
        t: 'done',
        r: 3,
        s: 'failed',
        code: 'ca-in-progress',
        http: 422,
        msg: 'Assessment not submitted: import it once submitted',
      },
    ]);
    expect(JSON.stringify(done)).not.toContain('Ada');
  });

  describe('rows that may be someone already in the portal', () => {
    const problem = (code: 'email-taken' | 'duplicate-name', extra: Record<string, unknown>): Answer => ({
      status: 409,
      problem: { type: 't', title: 'Refused', status: 409, code, detail: 'Kwame Chen', ...extra },
    });
    // Row 1: the email of someone with another name; 2: an email at another provider (the portal
    // does not say whether it is the same person); 3: a possible name match.
    const transport = (asked: (boolean | undefined)[]): ImportTransport => ({
      createOne: async (item, _received, send) => {
        asked.push(send?.refuseNameMatch);
        if (item.row === 1) return problem('email-taken', { existingClientId: 'cl_8', samePerson: false });
        if (item.row === 2) return problem('email-taken', {});
        return problem('duplicate-name', { existingClientId: 'cl_15' });
      },
      createBatch: async () => ({ status: 404 }),
    });

    it('fails them by default, naming the existing client by id only, and asks the portal to refuse name matches', async () => {
      const asked: (boolean | undefined)[] = [];
      const { result, done } = run(items(3), transport(asked));
      await result;
      expect(done.map((d) => [d.s, d.code, d.id])).toEqual([
        ['failed', 'email-conflict', 'cl_8'],
        ['failed', 'email-conflict', undefined],
        ['failed', 'name-match', 'cl_15'],
      ]);
      expect(done[1]?.msg).toBe('the email is in use at another provider');
      expect(asked).toEqual([true, true, true]);
      expect(JSON.stringify(done)).not.toContain('Kwame');
    });

    it('skips them, or counts an email match as the same person, as the policies say', async () => {
      const asked: (boolean | undefined)[] = [];
      const skip = run(items(3), transport(asked), { policies: { onEmailMatch: 'skip', onNameMatch: 'skip' } });
      await skip.result;
      expect(skip.done.map((d) => [d.s, d.code])).toEqual([
        ['skipped', 'email-conflict'],
        ['skipped', 'email-conflict'],
        ['skipped', 'name-match'],
      ]);
      const same = run(items(2), transport(asked), {
        policies: { onEmailMatch: 'same-person', onNameMatch: 'create' },
      });
      await same.result;
      // Another provider's client is never counted as the same person: the caller cannot see it.
      expect(same.done.map((d) => [d.s, d.code, d.id])).toEqual([
        ['existing', 'email-match', 'cl_8'],
        ['failed', 'email-conflict', undefined],
      ]);
      expect(asked.slice(3)).toEqual([false, false]);
    });
  });

  it('retries network errors and 5xx with backoff, and marks a row failed (retryable) when attempts run out', async () => {
    let calls = 0;
    const transport: ImportTransport = {
      createOne: async (item) => {
        calls++;
        if (item.row === 1 && calls < 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        if (item.row === 2) return { status: 503, retryAfterMs: 1000 };
        return created(item);
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done, sleeps } = run(items(2), transport, { concurrency: 1, maxAttempts: 3 });
    await result;
    expect(done[0]).toMatchObject({ r: 1, s: 'created' });
    expect(done[1]).toMatchObject({ r: 2, s: 'failed', code: 'http-503', retry: true, http: 503 });
    expect(sleeps.some((ms) => ms >= 1000)).toBe(true);
  });

  it('backs off on 429 (honouring Retry-After) and completes every row', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let throttled = 0;
    const transport: ImportTransport = {
      createOne: async (item) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        if (item.row % 5 === 0 && throttled < 6) {
          throttled++;
          return {
            status: 429,
            retryAfterMs: 2000,
            problem: { type: 't', title: 'Too many requests', status: 429, code: 'rate-limited' },
          };
        }
        return created(item);
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done, sleeps } = run(items(30), transport, { concurrency: 8 });
    await result;
    expect(done.map((d) => d.s)).toEqual(new Array(30).fill('created'));
    expect(sleeps.filter((ms) => ms >= 2000).length).toBeGreaterThan(0);
    expect(maxInFlight).toBeLessThanOrEqual(8);
  });

  it('uses the batch endpoint, retrying only the items still in flight', async () => {
    const batches: number[][] = [];
    let first = true;
    const transport: ImportTransport = {
      createOne: async () => {
        throw new Error('not used');
      },
      createBatch: async (list) => {
        batches.push(list.map((i) => i.row));
        const results = list.map((item, index) =>
          first && index === 1
            ? {
                index,
                status: 409,
                problem: { type: 't', title: 'In progress', status: 409, code: 'idempotency-key-in-flight' as const },
              }
            : { index, status: 201, client: { id: `cl_${item.row}` } },
        );
        first = false;
        return { status: 200, results };
      },
    };
    const { result, done } = run(items(250), transport, { batch: true });
    expect((await result).batchUsed).toBe(true);
    expect(batches[0]).toHaveLength(100);
    expect(batches[1]).toEqual([2]);
    expect(done.map((d) => d.r)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('falls back to one request per row when the portal has no batch endpoint', async () => {
    let batchCalls = 0;
    const transport: ImportTransport = {
      createOne: async (item) => created(item),
      createBatch: async () => {
        batchCalls++;
        return { status: 404, problem: { type: 't', title: 'Not found', status: 404, code: 'not-found' } };
      },
    };
    const notices: string[] = [];
    const done: DoneRecord[] = [];
    const result = await runPipeline(
      from(items(150)),
      { concurrency: 4, batch: true },
      {
        transport,
        sent: async () => {},
        done: (records) => done.push(...records),
        onNotice: (m) => notices.push(m),
        stop: new AbortController().signal,
      },
    );
    expect(batchCalls).toBe(1);
    expect(result.batchUsed).toBe(false);
    expect(done).toHaveLength(150);
    expect(notices[0]).toMatch(/no batch endpoint/);
  });

  it('stops the run on 401, leaving unsent rows without an outcome', async () => {
    const transport: ImportTransport = {
      createOne: async (item) =>
        item.row >= 3
          ? { status: 401, problem: { type: 't', title: 'Unauthenticated', status: 401, code: 'unauthenticated' } }
          : created(item),
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done } = run(items(50), transport, { concurrency: 1 });
    const outcome = await result;
    expect(outcome.fatal?.message).toMatch(/Unauthenticated/);
    expect(outcome.stopped).toBe(true);
    expect(done.map((d) => d.r)).toEqual([1, 2]);
  });

  it('on stop, sends nothing new and lets the requests in flight finish', async () => {
    const stop = new AbortController();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const started: number[] = [];
    const transport: ImportTransport = {
      createOne: async (item) => {
        started.push(item.row);
        if (started.length === 2) {
          stop.abort();
          release();
        }
        await gate;
        return created(item);
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done } = run(items(100), transport, { concurrency: 2 }, stop.signal);
    expect((await result).stopped).toBe(true);
    expect(started).toEqual([1, 2]);
    expect(done.map((d) => d.r)).toEqual([1, 2]);
  });
});

describe('a failing portal', () => {
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4010'), { code: 'ECONNREFUSED' });
  const problem = (status: number, code: 'rate-limited') => ({ type: 't', title: `HTTP ${status}`, status, code });

  it('stops when no request gets an answer, leaving every unfinished row without an outcome (pending)', async () => {
    let calls = 0;
    const transport: ImportTransport = {
      createOne: async (item) => {
        calls++;
        if (item.row <= 3) return created(item);
        throw refused();
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done } = run(items(200), transport, { concurrency: 8 });
    const outcome = await result;
    expect(outcome.unreachable).toBe('no-answer');
    expect(outcome.fatal).toMatchObject({ kind: 'network' });
    expect(outcome.fatal?.message).toMatch(
      /^portal unreachable: no answer for .* \(last: no answer from the portal \(ECONNREFUSED\).*\); re-run the same command to resume$/,
    );
    // The rows answered keep their outcome; none is marked failed.
    expect(done.map((d) => [d.r, d.s])).toEqual([
      [1, 'created'],
      [2, 'created'],
      [3, 'created'],
    ]);
    // Not every row tried eight times: the first to use up its attempts stopped the run.
    expect(calls).toBeLessThan(200);
  });

  it('stops when the portal has answered nothing for the timeout (a request that hangs)', async () => {
    let clock = 0;
    let calls = 0;
    const transport: ImportTransport = {
      createOne: async () => {
        calls++;
        clock += 30_000; // the transport's own timeout
        throw Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
      },
      createBatch: async () => ({ status: 404 }),
    };
    const outcome = await runPipeline(
      from(items(5)),
      { concurrency: 1, batch: false, unreachableMs: 30_000 },
      {
        transport,
        sent: async () => {},
        done: () => {},
        stop: new AbortController().signal,
        sleep: async (ms) => {
          clock += ms;
        },
        now: () => clock,
        random: () => 0.5,
      },
    );
    expect(outcome.unreachable).toBe('no-answer');
    expect(outcome.fatal?.message).toMatch(/^portal unreachable: no answer for 30 s/);
    // The slot is free again as soon as the first request fails: one more may have left meanwhile.
    expect(calls).toBeLessThanOrEqual(2);
  });

  it('a portal failing every request (502, batched) stops the run rather than failing the rows', async () => {
    const transport: ImportTransport = {
      createOne: async () => ({ status: 502 }),
      createBatch: async () => ({ status: 502 }),
    };
    const { result, done } = run(items(250), transport, { batch: true, concurrency: 2 });
    const outcome = await result;
    expect(outcome.unreachable).toBe('no-answer');
    expect(outcome.fatal?.message).toMatch(/last: HTTP 502/);
    expect(done).toEqual([]);
  });

  it('a redirect stops the run at once, saying where it pointed', async () => {
    let calls = 0;
    const transport: ImportTransport = {
      createOne: async () => {
        calls++;
        return { status: 302, location: 'https://sso.example.org/login' };
      },
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done } = run(items(20), transport, { concurrency: 1 });
    const outcome = await result;
    expect(outcome.fatal).toMatchObject({ kind: 'network' });
    expect(outcome.fatal?.message).toBe(
      'the portal answered with a redirect (HTTP 302) to https://sso.example.org/login',
    );
    expect(calls).toBeLessThanOrEqual(2);
    expect(done).toEqual([]);
  });

  it('a 401 without problem details says what every command says', async () => {
    const transport: ImportTransport = {
      createOne: async () => ({ status: 401 }),
      createBatch: async () => ({ status: 404 }),
    };
    const outcome = await run(items(3), transport, { concurrency: 1 }).result;
    expect(outcome.fatal).toMatchObject({ kind: 'auth' });
    expect(outcome.fatal?.message).toBe('not authenticated: the portal answered HTTP 401 (no content type)');
    expect((outcome.fatal as { hint?: string }).hint).toBe(
      'run portalctl login (or set PORTALCTL_TOKEN) with a valid API token; then re-run the same command to resume',
    );
  });

  it('does not wait for a Retry-After beyond the cap: the run stops, the rows stay pending', async () => {
    const transport: ImportTransport = {
      createOne: async () => ({ status: 429, retryAfterMs: 3_600_000, problem: problem(429, 'rate-limited') }),
      createBatch: async () => ({ status: 404 }),
    };
    const { result, done, sleeps } = run(items(10), transport, { concurrency: 2 });
    const outcome = await result;
    expect(outcome.unreachable).toBe('retry-after');
    expect(outcome.fatal).toMatchObject({ kind: 'rate-limit' });
    expect(outcome.fatal?.message).toMatch(
      /^the portal asked to wait 3600 s \(HTTP 429\), longer than portalctl waits \(60 s\); re-run the same command after \d\d:\d\d:\d\d to resume$/,
    );
    expect(sleeps.every((ms) => ms <= 60_000)).toBe(true);
    expect(done).toEqual([]);
  });

  it('says once when many rows wait on a long Retry-After', async () => {
    // Rows 1-4 are answered 429 together, so their waits overlap (as on a real portal).
    const throttled = new Set<number>();
    let release: () => void = () => {};
    const together = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transport: ImportTransport = {
      createOne: async (item) => {
        if (item.row <= 4 && !throttled.has(item.row)) {
          throttled.add(item.row);
          if (throttled.size === 4) release();
          await together;
          return { status: 429, retryAfterMs: 30_000, problem: problem(429, 'rate-limited') };
        }
        return created(item);
      },
      createBatch: async () => ({ status: 404 }),
    };
    const notices: string[] = [];
    let clock = new Date(2026, 10, 23, 10, 42, 0).getTime();
    const done: DoneRecord[] = [];
    await runPipeline(
      from(items(8)),
      { concurrency: 4, batch: false },
      {
        transport,
        sent: async () => {},
        done: (records) => done.push(...records),
        onNotice: (message) => notices.push(message),
        stop: new AbortController().signal,
        // A wait ends at its own end: overlapping waits move the clock once.
        sleep: (ms) => {
          const end = clock + ms;
          return new Promise<void>((resolve) =>
            setImmediate(() => {
              clock = Math.max(clock, end);
              resolve();
            }),
          );
        },
        now: () => clock,
        random: () => 0,
      },
    );
    expect(done.map((d) => d.s)).toEqual(new Array(8).fill('created'));
    expect(notices).toEqual(['portal asked to wait 30 s; retrying at 10:42:30']);
  });
});

describe('work items', () => {
  it('keep the create body serialized, and give it back whole', () => {
    const body = { firstName: 'Zoë', lastName: 'O"Brien', email: 'z@example.org', sendInvite: false };
    const item = workItem(7, 'key-7', 2, body);
    expect(item).toMatchObject({ row: 7, key: 'key-7', gen: 2, invite: false });
    expect(JSON.parse(item.json)).toEqual(body);
    expect(bodyOf(item)).toEqual(body);
    expect(workItem(1, 'k', 0, { firstName: 'A', lastName: 'B', email: 'a@example.org' }).invite).toBe(true);
  });
});

describe('safeMessage: a refused row says what happened', () => {
  it('names the missing permission of a 403, never its hint', () => {
    const problem = {
      type: 'about:blank',
      title: 'Permission denied',
      status: 403,
      code: 'forbidden',
      detail: 'This token lacks the `sp-admin` permission.',
      missingPermission: 'sp-admin',
      hint: 'Ask a portal administrator to grant the `sp-admin` permission, or use another token.',
    } as const;
    expect(safeMessage(problem, 'HTTP 403')).toBe('Permission denied: your token lacks the `sp-admin` permission');
  });
});
