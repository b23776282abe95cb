// The import journal: an append-only file of JSON lines (mode 0600) that makes an import
// resumable and exactly-once. It holds no personal data: row numbers, statuses, client ids, error
// codes and the per-run secret that idempotency keys are derived from (the natural key of a row is
// re-read from the file, never stored).
//
//   {"t":"run","v":1,"at":…,"file":{"name","size","sha256"},"secret":…,"options":{…}}   once, first
//   {"t":"seg","n":2,"at":…,"mode":"import"|"retry-failed"}                              each run
//   {"t":"sent","rows":[12,13],"gen":[0,1]?}      written before the request for those rows leaves
//   {"t":"done","r":12,"s":"created","id":"cl_…","inv":true}                             each outcome
//   {"t":"done","r":13,"s":"failed","code":"ca-in-progress","http":422,"msg":…,"retry":false}
//   {"t":"done","r":14,"s":"failed","code":"email-conflict","id":"cl_…","http":409,"msg":…}
//     (the id of a conflict or name match is the existing client's)
//   {"t":"end","n":2,"at":…,"reason":"complete"|"cancelled"|"stopped"}
//
// Within one run ("seg"), outcomes are written in row order (the pipeline holds back a finished
// row until every earlier one has finished), so the report can merge runs without sorting.
// Records are appended whole lines per write; a torn last line (a kill during a write) is ignored.
// The run and segment records are fsynced before anything is sent; the rest is written at the end
// of the event-loop turn that appends it, before any request waiting on it leaves (a killed
// process loses at most the outcomes of its last turn, whose rows the next run replays with the
// same keys), and fsynced in batches every second.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fdatasync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { CliError, usageError } from '../errors.js';
import { platformDirs } from '../platform-dirs.js';
import type { ImportOptions } from './import-types.js';
import { newSecret, RowBytes } from './keys.js';

/**
 * The journal format this version writes. Version 2 is version 1 with row keys that sort in row
 * order (src/bulk/keys.ts); a version 1 journal still resumes, with the keys it started with. An
 * older portalctl refuses a version 2 journal rather than resume it with other keys.
 */
export const JOURNAL_VERSION = 2;

export interface FileIdentity {
  name: string;
  size: number;
  sha256: string;
}

export interface RunRecord {
  t: 'run';
  v: number;
  at: string;
  file: FileIdentity;
  secret: string;
  options: Record<string, unknown>;
}

export interface SegmentRecord {
  t: 'seg';
  n: number;
  at: string;
  mode: 'import' | 'retry-failed' | 'update';
}

export interface SentRecord {
  t: 'sent';
  rows: number[];
  gen?: number[];
}

export type OutcomeStatus =
  | 'created'
  | 'existing'
  | 'failed'
  | 'skipped'
  // `clients update --from-file`: a matched client changed or already as the file says, a row that
  // matches no client, and a row refused whole (a CaMS-owned field, an email held by someone else).
  | 'updated'
  | 'unchanged'
  | 'unmatched'
  | 'refused';

export interface DoneRecord {
  t: 'done';
  r: number;
  s: OutcomeStatus;
  id?: string;
  inv?: boolean;
  code?: string;
  http?: number;
  msg?: string;
  /** A failure worth retrying as is (network, 5xx, rate limit): a plain re-run sends the row again. */
  retry?: boolean;
  /** The key generation used (omitted for 0). */
  g?: number;
}

export interface EndRecord {
  t: 'end';
  n: number;
  at: string;
  reason: 'complete' | 'cancelled' | 'stopped';
}

export type JournalRecord = RunRecord | SegmentRecord | SentRecord | DoneRecord | EndRecord;

/** Per-row state, one byte per row. */
export const RowState = {
  none: 0,
  inflight: 1,
  created: 2,
  createdInvited: 3,
  existing: 4,
  failed: 5,
  failedRetryable: 6,
  skipped: 7,
  /** The email belongs to a client with another name (failed, skipped, or existing by policy). */
  emailConflict: 8,
  emailConflictSkipped: 9,
  emailMatchExisting: 10,
  /** A possible name match with an existing client (failed or skipped by policy). */
  nameMatch: 11,
  nameMatchSkipped: 12,
  /** `clients update --from-file` outcomes. */
  updated: 13,
  unchanged: 14,
  unmatched: 15,
  refused: 16,
} as const;

/** Outcome codes of rows that may be someone already in the portal. */
export const EMAIL_CONFLICT = 'email-conflict';
export const EMAIL_MATCH = 'email-match';
export const NAME_MATCH = 'name-match';

export function stateOf(record: DoneRecord): number {
  switch (record.s) {
    case 'created':
      return record.inv ? RowState.createdInvited : RowState.created;
    case 'existing':
      return record.code === EMAIL_MATCH ? RowState.emailMatchExisting : RowState.existing;
    case 'updated':
      return RowState.updated;
    case 'unchanged':
      return RowState.unchanged;
    case 'unmatched':
      return RowState.unmatched;
    case 'refused':
      return RowState.refused;
    case 'skipped':
      if (record.code === EMAIL_CONFLICT) return RowState.emailConflictSkipped;
      return record.code === NAME_MATCH ? RowState.nameMatchSkipped : RowState.skipped;
    default:
      if (record.retry) return RowState.failedRetryable;
      if (record.code === EMAIL_CONFLICT) return RowState.emailConflict;
      return record.code === NAME_MATCH ? RowState.nameMatch : RowState.failed;
  }
}

/** Failed (for --retry-failed and the exit code), whatever the reason. */
export function isFailed(state: number): boolean {
  return (
    state === RowState.failed ||
    state === RowState.failedRetryable ||
    state === RowState.emailConflict ||
    state === RowState.nameMatch
  );
}

/** Finished for good: a plain re-run does not send it again. */
export function isFinal(state: number): boolean {
  return state >= RowState.created && state !== RowState.failedRetryable;
}

export interface Segment {
  n: number;
  start: number;
  end: number;
}

export interface JournalState {
  run: RunRecord;
  segments: Segment[];
  rows: RowBytes;
  /** Key generation of rows that used one other than 0 (rows retried with --retry-failed). */
  gens: Map<number, number>;
  size: number;
}

export class JournalError extends Error {}

/** Streams the lines of [start, end) with the byte offset each starts at. */
export async function* lines(path: string, start = 0, end?: number): AsyncGenerator<{ offset: number; text: string }> {
  const stream = createReadStream(path, { start, ...(end === undefined ? {} : { end: end - 1 }) });
  let carry: Buffer = Buffer.alloc(0);
  let offset = start;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let from = 0;
    for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
      yield { offset, text: buf.toString('utf8', from, nl) };
      offset += nl - from + 1;
      from = nl + 1;
    }
    buf = buf.subarray(from);
    carry = Buffer.from(buf);
  }
  if (carry.length) yield { offset, text: carry.toString('utf8') };
}

function parseLine(text: string): JournalRecord | undefined {
  if (!text.trim()) return undefined;
  try {
    const value = JSON.parse(text) as JournalRecord;
    return value && typeof value === 'object' && typeof value.t === 'string' ? value : undefined;
  } catch {
    return undefined; // a torn line from a kill during a write: its record is simply replayed
  }
}

/** Reads a journal into per-row state. Undefined when the file does not exist. */
export async function readJournal(path: string): Promise<JournalState | undefined> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return undefined;
  }
  let run: RunRecord | undefined;
  const segments: Segment[] = [];
  const rows = new RowBytes();
  const gens = new Map<number, number>();
  for await (const { offset, text } of lines(path)) {
    const record = parseLine(text);
    if (!record) continue;
    if (!run) {
      if (record.t !== 'run') throw new JournalError(`${path} is not a portalctl import journal`);
      if (record.v !== 1 && record.v !== JOURNAL_VERSION) {
        throw new JournalError(`${path} was written by another version of portalctl (journal v${record.v})`);
      }
      run = record;
      continue;
    }
    switch (record.t) {
      case 'seg': {
        const last = segments.at(-1);
        if (last) last.end = offset;
        segments.push({ n: record.n, start: offset, end: size });
        break;
      }
      case 'sent':
        record.rows.forEach((row, i) => {
          rows.set(row, RowState.inflight);
          const gen = record.gen?.[i] ?? 0;
          if (gen) gens.set(row, gen);
          else gens.delete(row);
        });
        break;
      case 'done':
        rows.set(record.r, stateOf(record));
        if (record.g) gens.set(record.r, record.g);
        break;
      default:
        break;
    }
  }
  if (!run) throw new JournalError(`${path} is empty or damaged`);
  return { run, segments, rows, gens, size };
}

/** Outcomes of one run of the journal, in row order. */
export async function* segmentOutcomes(path: string, segment: Segment): AsyncGenerator<DoneRecord> {
  for await (const { text } of lines(path, segment.start, segment.end)) {
    const record = parseLine(text);
    if (record?.t === 'done') yield record;
  }
}

/**
 * Appends records. The lines of every call made in one turn of the event loop are written together,
 * with one synchronous write just after it (setImmediate), before any request those calls wait for
 * leaves: an answer that frees twenty slots costs one write, not twenty, and their requests go out
 * together. Written means safe from a killed process; fsyncs use group commit: every caller waiting
 * for durability while one fsync runs shares the next one.
 */
export class JournalWriter {
  private failed: unknown;
  private timer: NodeJS.Timeout | undefined;
  private unsynced = false;
  private nextSync: Promise<void> | undefined;
  private runningSync: Promise<void> | undefined;
  /** Lines appended in this turn, and the callers waiting for them to be written. */
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private constructor(
    private readonly fd: number,
    readonly path: string,
  ) {}

  /** Opens for appending (creating it 0600); a torn last line is closed off first. */
  static async open(path: string): Promise<JournalWriter> {
    const fd = openSync(path, 'a', 0o600);
    await chmod(path, 0o600);
    const writer = new JournalWriter(fd, path);
    const { size } = fstatSync(fd);
    if (size > 0) {
      const last = Buffer.alloc(1);
      const reader = openSync(path, 'r');
      try {
        readSync(reader, last, 0, 1, size - 1);
      } finally {
        closeSync(reader);
      }
      if (last[0] !== 10) writer.writeText('\n');
    }
    return writer;
  }

  private writeText(text: string): void {
    const bytes = Buffer.from(text);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    this.unsynced = true;
  }

  /** Writes what this turn appended (one write), then settles its callers. */
  private writePending = (): void => {
    if (!this.pending.length) return;
    const text = this.pending.join('');
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      if (this.failed) throw this.failed;
      this.writeText(text);
    } catch (error) {
      this.failed ??= error;
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  };

  /**
   * Queues the records for this turn's write; the promise settles once they are written (and on
   * disk, when `durable`).
   */
  append(records: readonly object[], durable = false): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!records.length) return durable ? this.sync() : Promise.resolve();
    let line = '';
    for (const record of records) line += `${JSON.stringify(record)}\n`;
    if (!this.pending.length) setImmediate(this.writePending);
    this.pending.push(line);
    const written = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    return durable ? written.then(() => this.sync()) : written;
  }

  /** fsync with group commit: callers arriving while one runs share the next. */
  sync(): Promise<void> {
    this.writePending();
    this.nextSync ??= (async () => {
      await this.runningSync?.catch(() => undefined);
      this.nextSync = undefined;
      this.unsynced = false;
      const running = new Promise<void>((resolve, reject) =>
        fdatasync(this.fd, (error) => (error ? reject(error) : resolve())),
      );
      this.runningSync = running;
      try {
        await running;
      } catch (error) {
        this.failed = error;
        throw error;
      } finally {
        if (this.runningSync === running) this.runningSync = undefined;
      }
    })();
    return this.nextSync;
  }

  /** fsyncs what was written, every `ms` while open (records that need not wait for the disk). */
  syncEvery(ms: number): void {
    this.timer ??= setInterval(() => {
      if (this.unsynced && !this.failed) this.sync().catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    this.writePending();
    await this.nextSync?.catch(() => undefined);
    await this.runningSync?.catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.writePending();
    await this.sync().catch(() => undefined);
    closeSync(this.fd);
  }
}

/**
 * One import at a time per journal: a lock file holding the owner's pid. A lock whose process is
 * gone (killed) is taken over.
 */
export async function acquireLock(journalPath: string): Promise<() => Promise<void>> {
  const lockPath = `${journalPath}.lock`;
  const me = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, me, { flag: 'wx', mode: 0o600 });
      return async () => {
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = (await readFile(lockPath, 'utf8').catch(() => '')).trim();
      const [pidText, host] = owner.split('@');
      const pid = Number(pidText);
      const alive = host === hostname() && Number.isInteger(pid) && pid > 0 && processAlive(pid);
      if (alive) {
        throw new JournalError(
          `another import is using this journal (process ${pid}); wait for it to finish or stop it first`,
        );
      }
      if (host && host !== hostname()) {
        throw new JournalError(
          `this journal is locked by an import on ${host} (${lockPath}); remove the lock if that import is over`,
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new JournalError(`cannot lock ${journalPath}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ── The journal of an import run: where it lives, whether it belongs to this run, and the session
// that writes it (lock, run and segment records, rows sent and done, the end). ──

const IDENTITY_OPTIONS = [
  'update',
  'invite',
  'reason',
  'map',
  'listSeparator',
  'delimiter',
  'encoding',
  'shard',
  'sheet',
  'headerRow',
  'dateFormat',
] as const;

/** A reason as the journal keeps it: enough to tell two apart, not the text. */
function reasonFingerprint(reason: string): string {
  return createHash('sha256').update(reason).digest('hex').slice(0, 16);
}

export function journalOptions(options: ImportOptions): Record<string, unknown> {
  return {
    // Written only by `clients update --from-file`: an import's journal never resumes an update.
    ...(options.update ? { update: true } : {}),
    invite: options.invite,
    // One import's invitations go out with one reason. Kept as a fingerprint: the journal holds no
    // free text (a reason may name someone).
    ...(options.reason !== undefined ? { reason: reasonFingerprint(options.reason) } : {}),
    map: [...options.map].sort(),
    listSeparator: options.listSeparator,
    delimiter: options.delimiter ?? null,
    encoding: options.encoding ?? null,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    // Written only when given, so that journals of runs without them still resume.
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
    ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
  };
}

function flagOf(key: (typeof IDENTITY_OPTIONS)[number], value: unknown): string {
  switch (key) {
    case 'update':
      return value === true ? 'clients update --from-file' : 'clients import';
    case 'invite':
      return value === false ? '--no-invite' : 'invitations on (no --no-invite)';
    case 'reason':
      // Both runs gave one (fingerprints differ): say which is the new one.
      return value === null ? 'no --reason' : 'a --reason';
    case 'map':
      return (value as string[]).length ? (value as string[]).map((m) => `--map "${m}"`).join(' ') : 'no --map';
    case 'listSeparator':
      return `--list-separator "${value}"`;
    case 'delimiter':
      return value === null ? 'the detected delimiter' : `--delimiter "${value}"`;
    case 'encoding':
      return value === null ? 'the detected encoding' : `--encoding ${value}`;
    case 'shard':
      return value === null ? 'no --shard' : `--shard ${value}`;
    case 'sheet':
      return value === null ? 'the first sheet' : `--sheet "${value}"`;
    case 'headerRow':
      return value === null ? 'the header row found' : `--header-row ${value}`;
    case 'dateFormat':
      return value === null ? 'no --date-format' : `--date-format ${value}`;
  }
}

function stateDir(env: Record<string, string | undefined>): string {
  return path.join(platformDirs(env).state, 'imports');
}

async function journalPathFor(
  options: ImportOptions,
  identity: FileIdentity,
  env: Record<string, string | undefined>,
): Promise<string> {
  if (options.state) return path.resolve(options.state);
  const shard = options.shard ? `.shard-${options.shard.index}-of-${options.shard.count}` : '';
  // An update of the same file keeps a journal of its own beside the import's.
  const kind = options.update ? '.portalctl-update-journal' : '.portalctl-journal';
  if (options.file === '-') {
    const dir = stateDir(env);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return path.join(dir, `stdin-${identity.sha256.slice(0, 16)}${shard}${kind}`);
  }
  return `${path.resolve(options.file)}${shard}${kind}`;
}

function checkJournal(
  run: RunRecord,
  identity: FileIdentity,
  options: ImportOptions,
  portalId: string,
  file: string,
): void {
  if (run.file.size !== identity.size || run.file.sha256 !== identity.sha256) {
    throw usageError(
      `the input changed since this import started (journal ${file})`,
      'pass --restart to start over with the new file (rows already in the portal then count as existing), or --state FILE for a separate journal',
    );
  }
  const previousPortal = run.options.portal;
  if (previousPortal !== undefined && previousPortal !== portalId) {
    throw usageError(
      `this journal belongs to an import into another portal (${String(previousPortal)})`,
      'pass --state FILE to keep a separate journal for this portal, or --restart',
    );
  }
  const now = journalOptions(options);
  for (const key of IDENTITY_OPTIONS) {
    if (JSON.stringify(run.options[key] ?? null) !== JSON.stringify(now[key] ?? null)) {
      if (key === 'reason' && run.options.reason && now.reason) {
        throw usageError(
          'this import was started with another --reason: the invitations of one import go out with one reason',
          're-run it with the --reason it was started with to resume, or pass --restart to start over (rows already in the portal then count as existing)',
        );
      }
      throw usageError(
        `this import was started with ${flagOf(key, run.options[key] ?? null)}, now ${flagOf(key, now[key] ?? null)}`,
        're-run it with the options it was started with to resume, or pass --restart to start over',
      );
    }
  }
}

/** The journal as earlier runs left it, checked against this run; and where this run writes its own. */
export async function earlierRuns(
  options: ImportOptions,
  identity: FileIdentity,
  env: Record<string, string | undefined>,
  portalId: string,
): Promise<{ path: string | undefined; readFrom: string | undefined; journal: JournalState | undefined }> {
  const journalPath = options.dryRun && !options.state ? undefined : await journalPathFor(options, identity, env);
  // A dry run reads the journal where the import would keep it (without creating its directory... or failing).
  const readFrom = options.dryRun ? await journalPathFor(options, identity, env).catch(() => undefined) : journalPath;
  if (!readFrom || options.restart) return { path: journalPath, readFrom, journal: undefined };
  let journal: JournalState | undefined;
  try {
    journal = await readJournal(readFrom);
  } catch (error) {
    if (error instanceof JournalError) {
      throw usageError(
        `${error.message}`,
        'pass --restart to start this import over, or --state FILE for another journal',
      );
    }
    throw error;
  }
  if (journal) checkJournal(journal.run, identity, options, portalId, readFrom);
  return { path: journalPath, readFrom, journal };
}

export interface SessionStart {
  restart: boolean;
  /** The journal as earlier runs left it (undefined: a new journal). */
  earlier: JournalState | undefined;
  /** The run record of a new journal, with its secret. */
  run(secret: string): RunRecord;
  mode: SegmentRecord['mode'];
  /** Now, as the journal writes it. */
  at(): string;
}

/** One run's writing to the journal: its lock, its segment, the rows it sends and their outcomes. */
export class JournalSession {
  /** The first outcome that could not be written (the run then stops with it). */
  failure: unknown;

  private constructor(
    readonly path: string,
    private writer: JournalWriter | undefined,
    private readonly release: () => Promise<void>,
    /** The run's secret, from which each row's idempotency key is derived. */
    readonly secret: string,
    /** The journal's version: how its keys are derived. */
    readonly version: number,
    private readonly segment: number,
    private readonly segments: Segment[],
    private readonly at: () => string,
  ) {}

  static async open(path: string, start: SessionStart): Promise<JournalSession> {
    if (start.restart) await rm(path, { force: true });
    let release: () => Promise<void>;
    try {
      release = await acquireLock(path);
    } catch (error) {
      if (error instanceof JournalError) throw new CliError('conflict', error.message, { hint: `journal: ${path}` });
      throw error;
    }
    let writer: JournalWriter | undefined;
    try {
      writer = await JournalWriter.open(path);
      const { earlier } = start;
      const secret = earlier?.run.secret ?? newSecret();
      const n = (earlier?.segments.at(-1)?.n ?? 0) + 1;
      if (!earlier) await writer.append([start.run(secret)], true);
      await writer.flush();
      // This run's records begin at its 'seg' line: the journal's size before it is written.
      const offset = (await stat(path)).size;
      await writer.append([{ t: 'seg', n, at: start.at(), mode: start.mode }], true);
      writer.syncEvery(1000);
      const segments = [...(earlier?.segments ?? []), { n, start: offset, end: Number.POSITIVE_INFINITY }];
      const version = earlier?.run.v ?? JOURNAL_VERSION;
      return new JournalSession(path, writer, release, secret, version, n, segments, start.at);
    } catch (error) {
      await writer?.close().catch(() => undefined);
      await release();
      throw error;
    }
  }

  /**
   * Rows about to be sent: written (so a killed process leaves it behind) before the request
   * leaves; fsynced in the background. Losing it to a machine crash only means the row is replayed
   * with its derived key (and email uniqueness keeps even a new key from duplicating a client).
   */
  sent(rows: number[], gens: number[]): Promise<void> {
    return this.writer!.append([{ t: 'sent', rows, ...(gens.some((g) => g > 0) ? { gen: gens } : {}) }]);
  }

  done(records: DoneRecord[]): void {
    this.writer!.append(records).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Ends this run's segment and closes the journal. */
  async end(reason: EndRecord['reason']): Promise<void> {
    await this.writer!.append([{ t: 'end', n: this.segment, at: this.at(), reason }]);
    await this.writer!.close();
    this.writer = undefined;
  }

  /** Releases the lock (closing the journal first when the run failed before its end). */
  async close(): Promise<void> {
    await this.writer?.close().catch(() => undefined);
    await this.release();
  }

  /** Every run's segment, this one ending where the journal now ends. */
  async finalSegments(): Promise<Segment[]> {
    const size = (await stat(this.path)).size;
    return this.segments.map((s) => (Number.isFinite(s.end) ? s : { ...s, end: size }));
  }
}
