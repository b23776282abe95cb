import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/server/context.js';
import { createWriteQueue, loopSaturation } from '../../../src/server/platform/write-queue.js';
import { ADMIN, bearer, makeApp } from './support.js';

function recordingApp() {
  return makeApp({
    handlers: {
      createNote: (ctx) => {
        const text = (ctx.input as { body: { text: string } }).body.text;
        ctx.db.prepare('INSERT INTO provider_groups (id, name) VALUES (?, ?)').run(`gr_${text}`, text);
        if (text === 'refused') throw new ProblemError(409, 'archived', 'Archived', 'The client is archived.');
        if (text === 'broken') throw new Error('unexpected');
        return { text };
      },
    },
  });
}

describe('mutating requests committed together', () => {
  it('roll back only the request that fails; the others commit and are answered', async () => {
    const { app, db } = recordingApp();
    const texts = ['one', 'refused', 'two', 'broken', 'three'];
    const answers = await Promise.all(
      texts.map((text) =>
        app.inject({
          method: 'POST',
          url: '/v1/clients/cl_abcdef123/notes',
          headers: { ...bearer(ADMIN), 'idempotency-key': `group-${text}-key` },
          payload: { text },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 409, 201, 500, 201]);
    const ids = (
      db.prepare("SELECT id FROM provider_groups WHERE id LIKE 'gr\\_%' ESCAPE '\\' ORDER BY id").all() as {
        id: string;
      }[]
    ).map((r) => r.id);
    expect(ids).toEqual(['gr_localadmin', 'gr_one', 'gr_three', 'gr_two']);
    const keys = db.prepare('SELECT key, state, status FROM idempotency_keys ORDER BY key').all();
    expect(keys).toEqual([
      { key: 'group-one-key', state: 'done', status: 201 },
      { key: 'group-refused-key', state: 'done', status: 409 },
      { key: 'group-three-key', state: 'done', status: 201 },
      { key: 'group-two-key', state: 'done', status: 201 },
    ]);
    expect(db.isTransaction).toBe(false);
  });

  it('one at a time (a transaction each, no savepoint): the same outcomes', async () => {
    const { app, db } = recordingApp();
    const statuses: number[] = [];
    for (const text of ['one', 'refused', 'broken', 'two']) {
      const answer = await app.inject({
        method: 'POST',
        url: '/v1/clients/cl_abcdef123/notes',
        headers: { ...bearer(ADMIN), 'idempotency-key': `alone-${text}-key` },
        payload: { text },
      });
      statuses.push(answer.statusCode);
    }
    expect(statuses).toEqual([201, 409, 500, 201]);
    const ids = db.prepare("SELECT id FROM provider_groups WHERE id LIKE 'gr\\_%' ESCAPE '\\' ORDER BY id").all();
    expect(ids).toEqual([{ id: 'gr_localadmin' }, { id: 'gr_one' }, { id: 'gr_two' }]);
    // The refusal is stored under its key (its writes rolled back); the 500 leaves no key behind.
    const keys = db.prepare('SELECT key, state, status FROM idempotency_keys ORDER BY key').all();
    expect(keys).toEqual([
      { key: 'alone-one-key', state: 'done', status: 201 },
      { key: 'alone-refused-key', state: 'done', status: 409 },
      { key: 'alone-two-key', state: 'done', status: 201 },
    ]);
    expect(db.isTransaction).toBe(false);
  });
});

describe('when a batch is committed', () => {
  const setup = (saturated: boolean) => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (n INTEGER)');
    let commits = 0;
    const queue = createWriteQueue(
      db,
      () => commits++,
      () => saturated,
    );
    const insert = (n: number) => queue(() => db.prepare('INSERT INTO t (n) VALUES (?)').run(n));
    return { db, insert, commits: () => commits };
  };
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  /** Two requests committed together, then one in this turn and one in the next. */
  const pairThenTwoTurns = async ({ insert, commits }: ReturnType<typeof setup>) => {
    await Promise.all([insert(1), insert(2)]);
    expect(commits()).toBe(1);
    const writes = [insert(3)];
    await nextTurn();
    writes.push(insert(4));
    await Promise.all(writes);
    return commits();
  };

  it('on a saturated portal, while requests arrive together, lets a new batch wait one turn for more', async () => {
    const portal = setup(true);
    expect(await pairThenTwoTurns(portal)).toBe(2);
    expect(portal.db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4 });
  });

  it('otherwise commits at the end of the turn the batch began in', async () => {
    expect(await pairThenTwoTurns(setup(false))).toBe(3);
  });

  it('commits a lone request in its own turn, saturated or not', async () => {
    const { insert, commits } = setup(true);
    await insert(1);
    const second = insert(2);
    await nextTurn();
    expect(commits()).toBe(2);
    await second;
  });

  it('measures saturation from the event loop: a loop kept busy for a whole window is saturated', () => {
    const saturated = loopSaturation();
    const until = performance.now() + 120;
    while (performance.now() < until) {
      // busy: no turn of the event loop ends
    }
    expect(saturated()).toBe(true);
  });
});
