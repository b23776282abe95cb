import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireLock,
  type DoneRecord,
  isFailed,
  isFinal,
  JOURNAL_VERSION,
  JournalError,
  JournalWriter,
  RowState,
  type RunRecord,
  readJournal,
  stateOf,
} from '../../../src/bulk/journal.js';
import { failedRowsOf, OutcomeMerger, reportCells, writeReport } from '../../../src/bulk/report.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'portalctl-journal-'));
const run: RunRecord = {
  t: 'run',
  v: 1,
  at: '2026-11-23T10:00:00.000Z',
  file: { name: 'clients.csv', size: 10, sha256: 'ab' },
  secret: 'secret',
  options: {},
};
const done = (r: number, s: DoneRecord['s'], extra: Partial<DoneRecord> = {}): DoneRecord => ({
  t: 'done',
  r,
  s,
  ...extra,
});

async function writeJournal(file: string, lines: object[]) {
  const writer = await JournalWriter.open(file);
  await writer.append(lines as never[], true);
  await writer.close();
}

describe('the journal', () => {
  it('is created 0600 and replays into per-row state, latest record winning', async () => {
    const file = path.join(dir(), 'j');
    await writeJournal(file, [
      run,
      { t: 'seg', n: 1, at: run.at, mode: 'import' },
      { t: 'sent', rows: [1, 2, 3, 4] },
      done(1, 'created', { id: 'cl_000001', inv: true }),
      done(2, 'existing', { id: 'cl_000002' }),
      done(3, 'failed', { code: 'ca-in-progress', http: 422 }),
      { t: 'seg', n: 2, at: run.at, mode: 'retry-failed' },
      { t: 'sent', rows: [3, 5], gen: [1, 0] },
      done(5, 'failed', { code: 'network', retry: true }),
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const state = (await readJournal(file))!;
    expect(state.run.secret).toBe('secret');
    expect(state.segments.map((s) => s.n)).toEqual([1, 2]);
    expect([1, 2, 3, 4, 5].map((r) => state.rows.get(r))).toEqual([
      RowState.createdInvited,
      RowState.existing,
      RowState.inflight,
      RowState.inflight,
      RowState.failedRetryable,
    ]);
    expect(state.gens.get(3)).toBe(1);
    expect(isFinal(RowState.failed)).toBe(true);
    expect(isFinal(RowState.failedRetryable)).toBe(false);
    expect(isFinal(RowState.inflight)).toBe(false);
  });

  it('tells the rows that match other clients apart, final for a re-run and failed for --retry-failed', () => {
    const of = (s: DoneRecord['s'], code?: string) => stateOf({ t: 'done', r: 1, s, ...(code ? { code } : {}) });
    const states = [
      of('failed', 'email-conflict'),
      of('skipped', 'email-conflict'),
      of('existing', 'email-match'),
      of('failed', 'name-match'),
      of('skipped', 'name-match'),
    ];
    expect(states).toEqual([
      RowState.emailConflict,
      RowState.emailConflictSkipped,
      RowState.emailMatchExisting,
      RowState.nameMatch,
      RowState.nameMatchSkipped,
    ]);
    expect(states.every(isFinal)).toBe(true);
    expect(states.map(isFailed)).toEqual([true, false, false, true, false]);
    expect(of('existing')).toBe(RowState.existing);
  });

  it('ignores a torn last line (a kill during a write) and closes it off before appending', async () => {
    const file = path.join(dir(), 'j');
    await writeJournal(file, [
      run,
      { t: 'seg', n: 1, at: run.at, mode: 'import' },
      { t: 'sent', rows: [1, 2] },
      done(1, 'created', { id: 'cl_1' }),
    ]);
    appendFileSync(file, '{"t":"done","r":2,"s":"crea');
    const state = (await readJournal(file))!;
    expect(state.rows.get(1)).toBe(RowState.created);
    expect(state.rows.get(2)).toBe(RowState.inflight);
    await writeJournal(file, [{ t: 'seg', n: 2, at: run.at, mode: 'import' }, done(2, 'created', { id: 'cl_2' })]);
    const after = (await readJournal(file))!;
    expect(after.rows.get(2)).toBe(RowState.created);
    expect(after.segments.map((s) => s.n)).toEqual([1, 2]);
  });

  it('refuses a file that is not a journal', async () => {
    const file = path.join(dir(), 'j');
    writeFileSync(file, '{"t":"sent","rows":[1]}\n');
    await expect(readJournal(file)).rejects.toBeInstanceOf(JournalError);
    expect(await readJournal(path.join(dir(), 'missing'))).toBeUndefined();
  });

  it('reads versions 1 and 2 (their run record says how row keys are derived), and refuses a newer one', async () => {
    for (const v of [1, JOURNAL_VERSION]) {
      const file = path.join(dir(), 'j');
      await writeJournal(file, [{ ...run, v }]);
      expect((await readJournal(file))?.run.v).toBe(v);
    }
    const newer = path.join(dir(), 'j');
    await writeJournal(newer, [{ ...run, v: JOURNAL_VERSION + 1 }]);
    await expect(readJournal(newer)).rejects.toThrow(/another version of portalctl/);
  });

  it('writes the appends of one turn together, before the callers waiting for them go on', async () => {
    const file = path.join(dir(), 'j');
    const writer = await JournalWriter.open(file);
    const first = writer.append([done(1, 'created')]);
    const second = writer.append([done(2, 'existing')]);
    expect(readFileSync(file, 'utf8')).toBe('');
    await first;
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).r),
    ).toEqual([1, 2]);
    await second;
    // Written but not yet awaited: close() writes it before closing.
    void writer.append([done(3, 'created')]);
    await writer.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('groups concurrent appends into few writes, in order', async () => {
    const file = path.join(dir(), 'j');
    const writer = await JournalWriter.open(file);
    await writer.append([run]);
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.append([done(i + 1, 'created')], i % 2 === 0)));
    await writer.close();
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => (JSON.parse(l) as DoneRecord).r);
    expect(rows).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('lets one import hold the lock, and takes over a lock whose process is gone', async () => {
    const file = path.join(dir(), 'j');
    const release = await acquireLock(file);
    await expect(acquireLock(file)).rejects.toThrow(/another import is using this journal/);
    await release();
    // A lock left by a killed process: pid 2^22+1 is above the kernel's pid range.
    writeFileSync(`${file}.lock`, `4194305@${(await import('node:os')).hostname()}`);
    const again = await acquireLock(file);
    await again();
  });
});

describe('the report', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(reportCells({ row: 1, line: 2, status: 'failed', code: '=cmd', message: '+1 @x -y' })).toEqual([
      '1',
      '2',
      'failed',
      '',
      "'=cmd",
      "'+1 @x -y",
    ]);
  });

  it('is written whole or not at all (temporary file renamed into place)', async () => {
    const folder = dir();
    const file = path.join(folder, 'report.csv');
    async function* lines() {
      yield { row: 1, line: 2, status: 'created' as const, id: 'cl_1' };
      yield {
        row: 2,
        line: 3,
        status: 'failed' as const,
        code: 'ca-in-progress',
        message: 'Assessment, not "submitted"',
      };
    }
    expect(await writeReport(file, lines())).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(
      'row,line,status,client_id,code,message\n1,2,created,cl_1,,\n2,3,failed,,ca-in-progress,"Assessment, not ""submitted"""\n',
    );
    async function* broken() {
      yield { row: 1, line: 2, status: 'created' as const };
      throw new Error('disk full');
    }
    await expect(writeReport(file, broken())).rejects.toThrow('disk full');
    expect(readdirSync(folder)).toEqual(['report.csv']);
    expect(readFileSync(file, 'utf8')).toContain('ca-in-progress');
    expect([...(await failedRowsOf(file))]).toEqual([2]);
  });

  it('merges the runs of a journal, the latest outcome of each row winning', async () => {
    const file = path.join(dir(), 'j');
    await writeJournal(file, [
      run,
      { t: 'seg', n: 1, at: run.at, mode: 'import' },
      done(1, 'created', { id: 'cl_1' }),
      done(3, 'failed', { code: 'ca-in-progress' }),
      done(4, 'failed', { code: 'network', retry: true }),
      { t: 'seg', n: 2, at: run.at, mode: 'import' },
      done(2, 'created', { id: 'cl_2' }),
      done(4, 'created', { id: 'cl_4' }),
    ]);
    const state = (await readJournal(file))!;
    const merger = new OutcomeMerger(file, state.segments);
    const outcomes = [];
    for (let row = 1; row <= 5; row++) outcomes.push((await merger.outcome(row))?.s ?? 'none');
    await merger.close();
    expect(outcomes).toEqual(['created', 'created', 'failed', 'created', 'none']);
  });
});
