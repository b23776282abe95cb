// Values a record must not take, refused by the portal with a 422 naming the field: a date of birth
// in the future or before 1900, control characters in any field (tabs and line breaks only in free
// text), a name that is only punctuation. The rules are the contract's schemas, so every route
// that takes such a field refuses alike.
import { describe, expect, it } from 'vitest';
import { expectProblem, type Json, newClient, portal } from './support.js';

/** The 422's field errors as `path: message`. */
function fieldErrors(problem: Json): string[] {
  return problem.errors.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`);
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('date of birth', () => {
  it('refuses one in the future or before 1900, naming dateOfBirth; accepts 1900-01-01 and today', async () => {
    const p = portal();
    for (const [dateOfBirth, message] of [
      [isoDay(2), 'must not be in the future'],
      ['2999-01-01', 'must not be in the future'],
      ['1899-12-31', 'must be on or after 1900-01-01'],
      ['0001-01-01', 'must be on or after 1900-01-01'],
    ] as const) {
      const problem = expectProblem(
        await p.post('/v1/clients', newClient({ dateOfBirth }), 'clients'),
        422,
        'validation',
      );
      expect(problem.detail, dateOfBirth).toBe('Invalid fields: dateOfBirth.');
      expect(fieldErrors(problem), dateOfBirth).toEqual([`dateOfBirth: ${message}`]);
    }
    // A malformed date is said to be one, once (the range is not checked on it).
    const malformed = expectProblem(
      await p.post('/v1/clients', newClient({ dateOfBirth: '14/07/1989' }), 'clients'),
      422,
      'validation',
    );
    expect(fieldErrors(malformed)).toEqual(['dateOfBirth: must be a date like 1990-04-30']);

    for (const dateOfBirth of ['1900-01-01', isoDay(0), '1988-02-29']) {
      const created = await p.post('/v1/clients', newClient({ dateOfBirth }), 'clients');
      expect(created.status, `${dateOfBirth}: ${JSON.stringify(created.body)}`).toBe(201);
      expect(created.body.dateOfBirth).toBe(dateOfBirth);
    }
  });

  it('is refused on edit and in a batch item too', async () => {
    const p = portal();
    const edit = expectProblem(
      await p.patch('/v1/clients/cl_000001', { dateOfBirth: '2999-12-31' }),
      422,
      'validation',
    );
    expect(fieldErrors(edit)).toEqual(['dateOfBirth: must not be in the future']);
    const batch = await p.post('/v1/clients/batch', {
      items: [{ idempotencyKey: 'values-batch-0001', client: newClient({ dateOfBirth: '1850-06-01' }) }],
    });
    expect(batch.status).toBe(422);
    expect(fieldErrors(batch.body)).toEqual(['items.0.client.dateOfBirth: must be on or after 1900-01-01']);
  });
});

describe('control characters', () => {
  const ONE_LINE = 'must not contain control characters (line breaks, tabs, NUL and the like)';
  const FREE_TEXT = 'must not contain control characters other than tabs and line breaks';

  it('refuses NUL and other C0, DEL and C1 characters in any field, naming it', async () => {
    const p = portal();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ firstName: 'Ada\u0000' }, `firstName: ${ONE_LINE}`],
      [{ lastName: 'Love\u001blace' }, `lastName: ${ONE_LINE}`],
      [{ preferredName: 'A\nda' }, `preferredName: ${ONE_LINE}`],
      [{ pronouns: 'she/\ther' }, `pronouns: ${ONE_LINE}`],
      [{ address: '1 Main St\u0007' }, `address: ${FREE_TEXT}`],
      [{ targetOccupations: ['Cook', 'Ba\u007fker'] }, `targetOccupations.1: ${ONE_LINE}`],
      [{ serviceNeeds: ['Resume\u0085'] }, `serviceNeeds.0: ${ONE_LINE}`],
      [{ referral: { source: 'Walk\u0000-in' } }, `referral.source: ${ONE_LINE}`],
      [{ referral: { reasons: 'Lone\rreturn' } }, `referral.reasons: ${FREE_TEXT}`],
      [{ referral: { reasons: 'Bell\u0007' } }, `referral.reasons: ${FREE_TEXT}`],
    ];
    for (const [fields, error] of cases) {
      const problem = expectProblem(await p.post('/v1/clients', newClient(fields), 'clients'), 422, 'validation');
      expect(fieldErrors(problem), JSON.stringify(fields)).toEqual([error]);
    }
  });

  it('keeps tabs and line breaks (LF or CRLF) in free text: reasons, notes, addresses', async () => {
    const p = portal();
    const reasons = 'Wants evening shifts.\r\nNeeds:\tbus pass\nand boots';
    const address = '10 Bank St\nOttawa, ON K1P 5N2';
    const created = await p.post('/v1/clients', newClient({ referral: { reasons }, address }), 'clients');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.referral.reasons).toBe(reasons);
    expect(created.body.address).toBe(address);
    const note = await p.post(`/v1/clients/${created.body.id}/notes`, { text: 'Line one\n\tindented' }, 'clients');
    expect(note.status).toBe(201);
    expect(note.body.text).toBe('Line one\n\tindented');
  });

  it('is refused in notes, tasks, flags, referrals, representatives and portal users', async () => {
    const p = portal();
    const note = expectProblem(await p.post('/v1/clients/cl_000001/notes', { text: 'a\u0000b' }), 422, 'validation');
    expect(fieldErrors(note)).toEqual([`text: ${FREE_TEXT}`]);
    const task = expectProblem(await p.post('/v1/clients/cl_000001/tasks', { title: 'Call\nback' }), 422, 'validation');
    expect(fieldErrors(task)).toEqual([`title: ${ONE_LINE}`]);
    const flag = expectProblem(await p.post('/v1/clients/cl_000001/flags', { reason: 'x\u0000' }), 422, 'validation');
    expect(fieldErrors(flag)).toEqual([`reason: ${ONE_LINE}`]);
    const refer = expectProblem(
      await p.post('/v1/clients/cl_000001/referral', { providerId: 'sp_lakeshore', reason: '\u0000' }),
      422,
      'validation',
    );
    expect(fieldErrors(refer)).toEqual([`reason: ${FREE_TEXT}`]);
    const rep = expectProblem(
      await p.post('/v1/clients/cl_000001/representatives', {
        firstName: 'Sam\u0000',
        lastName: 'Lee',
        email: 'sam.lee.values@example.org',
      }),
      422,
      'validation',
    );
    expect(fieldErrors(rep)).toEqual([`firstName: ${ONE_LINE}`]);
    const user = expectProblem(
      await p.post('/v1/portal-users', {
        portalId: 'po_northstar01',
        email: 'sam.lee.values@example.org',
        firstName: 'Sam',
        lastName: 'L\u0000ee',
        access: { type: 'all-jobs' },
      }),
      422,
      'validation',
    );
    expect(fieldErrors(user)).toEqual([`lastName: ${ONE_LINE}`]);
  });
});

describe('names', () => {
  const LETTER = 'must contain a letter (not only punctuation)';

  it('refuses a name that is only punctuation, naming the field', async () => {
    const p = portal();
    for (const [fields, error] of [
      [{ firstName: '-' }, `firstName: ${LETTER}`],
      [{ lastName: "'.-" }, `lastName: ${LETTER}`],
      [{ preferredName: '...' }, `preferredName: ${LETTER}`],
    ] as const) {
      const problem = expectProblem(await p.post('/v1/clients', newClient(fields), 'clients'), 422, 'validation');
      expect(fieldErrors(problem)).toEqual([error]);
    }
    const edit = expectProblem(await p.patch('/v1/clients/cl_000001', { lastName: '—' }), 422, 'validation');
    expect(fieldErrors(edit)).toEqual([`lastName: ${LETTER}`]);
    // An empty name is said to be empty, once.
    const empty = expectProblem(
      await p.post('/v1/clients', newClient({ lastName: '  ' }), 'clients'),
      422,
      'validation',
    );
    expect(fieldErrors(empty)).toEqual(['lastName: must not be empty']);
  });

  it("accepts names with punctuation and letters of any script: O'Brien, Mary-Ann, Nguyễn, 李", async () => {
    const p = portal();
    for (const [firstName, lastName] of [
      ['Mary-Ann', "O'Brien"],
      ['Thị', 'Nguyễn'],
      ['小龙', '李'],
    ]) {
      const created = await p.post('/v1/clients', newClient({ firstName, lastName, preferredName: '' }), 'clients');
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
  });
});
