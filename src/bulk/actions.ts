// One engine for every action on many existing clients (invite resend, clients archive…): the
// targets (a query, a file or a report's failures), the plan shown before anything happens, the
// confirmation (--yes, or on a terminal the count typed back above CONFIRM_TYPED), then each
// client's step under a journal and derived Idempotency-Keys, so a crash or Ctrl-C resumes without
// acting twice; progress on stderr, one result per client on stdout, --report, exit 8 on failures.
// A command hands it its per-client step (BulkStep); the loop is here only.

import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError, cancelled, usageError } from '../errors.js';
import { namingReasonFlag } from '../io/reason.js';
import { platformDirs } from '../platform-dirs.js';
import {
  type ActionJournal,
  type ActionJournalState,
  ActionJournal as Journal,
  type Outcome,
  readActionJournal,
} from './action-journal.js';
import { writeActionReport } from './action-report.js';
import { type BulkResult, bulkResultView, dryRunView, type PlannedTarget } from './action-views.js';
import { mapLimit } from './async.js';
import { type BulkTargetOptions, targetSource } from './bulk-flags.js';
import { createProgress, silentProgress } from './progress.js';
import { failedIdsOf, fileTargets, queryTargets, resolveFileTarget } from './targets.js';

/** Above this many clients, a terminal asks for the count to be typed back, not a yes. */
export const CONFIRM_TYPED = 20;

/** Why a client is left out (the portal would refuse it, or it is already so). */
export interface Skip {
  code: string;
  message: string;
}

/** What a command hands the engine: its per-client step and the words for it. */
export interface BulkStep {
  /** The action's name in the journal and the --dry-run output, e.g. `invite.resend`. */
  action: string;
  /** The command, for hints: `invite resend`. */
  command: string;
  /** The plan's words for what happens, e.g. "will be emailed a new invite link". */
  willDo: string;
  /** The result's words, e.g. "new invite link emailed". */
  didDo: string;
  /** What one client would receive or see change (the --dry-run column). */
  receives(client: Client): string;
  /** Whether the step emails the client (the confirmation says so). */
  emails: boolean;
  /** The query looks among archived clients (restore). */
  archived?: boolean;
  /** Anything besides the targets that makes two runs different actions (a staff member, a provider…). */
  identity?: string;
  /** Why this client is left out, checked before the plan; undefined: the step applies. */
  skip(client: Client): Skip | undefined;
  /** Does it, with this client's Idempotency-Key. */
  apply(api: ApiClient, client: Client, key: string): Promise<void>;
  /** A refusal of the portal that means "left out" rather than "failed" (the resend cooldown). */
  skipOnRefusal?(error: CliError, now: Date): Skip | undefined;
}

export type BulkOptions = BulkTargetOptions & { dryRun: boolean };

/** A target of this run: a client, or a file line that names none. */
interface Target {
  ref: string;
  client: Client | undefined;
  /** A file line's failure to name a client. */
  unresolved?: Outcome;
}

export async function runBulk(step: BulkStep, options: BulkOptions, deps: Deps): Promise<void> {
  if (options.dryRun) deps.out.check(dryRunView);
  else deps.out.check(bulkResultView);
  const source = targetSource(options);
  // As many connections as requests in flight, as the import: a request never waits for a socket.
  const api = await deps.api({ connections: options.concurrency });
  const journalPath = await journalPathFor(step, options, source, api, deps);
  const runs = await earlierRuns(step, options, journalPath, deps);
  const { stopped: earlier, finished } = runs;
  const targets = earlier
    ? await resumeTargets(api, earlier, options.concurrency, deps)
    : await selectTargets(step, options, source, api, deps);
  if (!targets.length) {
    deps.out.info(`${step.command}: no client matches: nothing to do`);
    return;
  }
  const plan = planTargets(step, targets, runs);
  printPlan(step, plan, runs, deps);
  if (options.dryRun) {
    await deps.out.list(dryRunView, plan.planned);
    deps.out.info('Dry run: nothing was sent or changed.');
    return;
  }
  const outcomes = new Map<string, Outcome>(earlier?.outcomes);
  for (const ref of plan.doneBefore) outcomes.set(ref, doneBeforeOutcome(finished!, deps));
  let pass: SendPass = { stopped: false, sendMs: 0, sent: 0 };
  if (plan.todo.length || plan.leftOut.length) {
    await confirmBulk(step, plan.todo.length, deps);
    const session = await Journal.open(journalPath, {
      action: step.action,
      targets: targets.filter((t) => !plan.doneBefore.has(t.ref)).map((t) => t.ref),
      earlier: earlier ?? finished,
      rerun: finished !== undefined,
      now: () => deps.clock().toISOString(),
    });
    try {
      for (const t of plan.leftOut) {
        outcomes.set(t.ref, t.outcome);
        await session.done(t.ref, t.outcome);
      }
      const attempts = (earlier ?? finished)?.attempts ?? new Map<string, number>();
      pass = await sendAll(step, plan.todo, { session, attempts, outcomes }, options, api, deps);
      await session.end(pass.stopped ? 'cancelled' : 'complete', deps.clock().toISOString());
    } catch (error) {
      await session.abandon();
      throw error;
    }
  }
  await finish(step, targets, outcomes, options, journalPath, pass, deps);
}

/** The runs of this command before: one stopped (to resume), or complete ones (their clients done are left out). */
interface EarlierRuns {
  stopped: ActionJournalState | undefined;
  finished: ActionJournalState | undefined;
}

async function earlierRuns(
  step: BulkStep,
  options: BulkOptions,
  journalPath: string,
  deps: Deps,
): Promise<EarlierRuns> {
  const journal = await readActionJournal(journalPath);
  if (journal && journal.action !== step.action) {
    throw usageError(
      `${journalPath} is the journal of another action (${journal.action})`,
      'pass --state FILE with another file for this one',
    );
  }
  if (journal && !journal.complete && options.again) {
    // Starting afresh could act twice on a client whose request was out when it stopped.
    throw usageError(
      `--again: the run of ${step.command} started ${deps.out.time(journal.at)} on these clients was stopped before it finished`,
      'run the same command without --again to finish it first',
    );
  }
  if (!journal || options.again) return { stopped: undefined, finished: undefined };
  return journal.complete ? { stopped: undefined, finished: journal } : { stopped: journal, finished: undefined };
}

const doneBeforeOutcome = (finished: ActionJournalState, deps: Deps): Outcome => ({
  s: 'skipped',
  code: 'done-earlier',
  msg: `done in an earlier run${finished.endedAt ? ` (${deps.out.time(finished.endedAt)})` : ''}: --again acts again`,
});

/** The journal's place: --state, or one per action, portal and choice of targets in the state directory. */
async function journalPathFor(
  step: BulkStep,
  options: BulkOptions,
  source: 'query' | 'file' | 'retry',
  api: ApiClient,
  deps: Deps,
): Promise<string> {
  if (options.state) return path.resolve(options.state);
  const file = source === 'file' ? options.fromFile : source === 'retry' ? options.retryFailed : undefined;
  const content = file ? await readFile(path.resolve(file)).catch(() => Buffer.alloc(0)) : undefined;
  const identity = JSON.stringify({
    action: step.action,
    portal: api.baseUrl,
    extra: step.identity ?? null,
    query:
      source === 'query'
        ? [
            options.status,
            options.search,
            options.caseworker,
            options.provider,
            options.inviteStatus,
            options.sentBefore,
          ]
        : null,
    file: content ? createHash('sha256').update(content).digest('hex') : null,
  });
  const dir = path.join(platformDirs(deps.env).state, 'bulk');
  if (!options.dryRun) await mkdir(dir, { recursive: true, mode: 0o700 });
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 20);
  return path.join(dir, `${step.action}-${digest}.portalctl-journal`);
}

async function selectTargets(
  step: BulkStep,
  options: BulkOptions,
  source: 'query' | 'file' | 'retry',
  api: ApiClient,
  deps: Deps,
): Promise<Target[]> {
  let targets: Target[];
  if (source === 'query') {
    const clients = await queryTargets(api, options, {
      archived: step.archived === true,
      now: deps.clock(),
      signal: deps.signal,
    });
    targets = clients.map((client) => ({ ref: client.id, client }));
  } else if (source === 'file') {
    const lines = await fileTargets(options.fromFile!);
    targets = await mapLimit(lines, options.concurrency, async (line): Promise<Target> => {
      const found = await resolveFileTarget(api, line);
      return found instanceof CliError
        ? {
            // An id is no personal data and can be retried; an email is named by its line only.
            ref: line.value.startsWith('cl_') ? line.value : `#${line.line}`,
            client: undefined,
            unresolved: { s: 'failed', code: 'not-found', msg: found.message, http: 404 },
          }
        : { ref: found.id, client: found };
    });
  } else {
    const ids = await failedIdsOf(options.retryFailed!);
    if (!ids.length) throw usageError(`${options.retryFailed} marks no client failed: there is nothing to retry`);
    targets = await fetchClients(api, ids, options.concurrency);
  }
  // A client named twice (by id and by email, say) is acted on once.
  const seen = new Set<string>();
  const unique = targets.filter((t) => {
    if (seen.has(t.ref)) return false;
    seen.add(t.ref);
    return true;
  });
  if (unique.length < targets.length)
    deps.out.info(`${targets.length - unique.length} clients named more than once: each is acted on once`);
  return unique;
}

async function fetchClients(api: ApiClient, ids: readonly string[], concurrency: number): Promise<Target[]> {
  return mapLimit(ids, concurrency, async (id): Promise<Target> => {
    if (id.startsWith('#')) return { ref: id, client: undefined };
    try {
      return { ref: id, client: await api.call('getClient', { params: { id } }) };
    } catch (error) {
      if (!(error instanceof CliError) || error.kind !== 'not-found') throw error;
      return {
        ref: id,
        client: undefined,
        unresolved: { s: 'failed', code: 'not-found', msg: `no such client ${id}`, http: 404 },
      };
    }
  });
}

/** An interrupted run's targets, from its journal; the clients still to do are read again. */
async function resumeTargets(
  api: ApiClient,
  earlier: ActionJournalState,
  concurrency: number,
  deps: Deps,
): Promise<Target[]> {
  const finished = earlier.targets.filter((ref) => earlier.outcomes.has(ref)).length;
  deps.out.info(
    `resuming the run started ${deps.out.time(earlier.at)}: ${finished} of ${earlier.targets.length} clients finished then`,
  );
  const todo = earlier.targets.filter((ref) => !earlier.outcomes.has(ref));
  const fetched = new Map((await fetchClients(api, todo, concurrency)).map((t) => [t.ref, t]));
  return earlier.targets.map((ref) => fetched.get(ref) ?? { ref, client: undefined });
}

interface Plan {
  /** Clients the step applies to, in order. */
  todo: Client[];
  /** Left out before sending (skipped, or a file line naming no client). */
  leftOut: { ref: string; outcome: Outcome }[];
  /** Finished in the stopped run being resumed. */
  finishedEarlier: number;
  /** Done in a complete run of the same command before: not acted on again (without --again). */
  doneBefore: Set<string>;
  planned: PlannedTarget[];
}

function planTargets(step: BulkStep, targets: readonly Target[], runs: EarlierRuns): Plan {
  const plan: Plan = { todo: [], leftOut: [], finishedEarlier: 0, doneBefore: new Set(), planned: [] };
  for (const target of targets) {
    if (runs.stopped?.outcomes.has(target.ref)) {
      plan.finishedEarlier++;
      continue;
    }
    const { client } = target;
    const doneBefore = runs.finished?.outcomes.get(target.ref)?.s === 'done';
    const outcome = doneBefore ? DONE_BEFORE : outcomeBefore(step, target, runs);
    if (doneBefore) plan.doneBefore.add(target.ref);
    else if (outcome) plan.leftOut.push({ ref: target.ref, outcome });
    else plan.todo.push(client!);
    plan.planned.push({
      clientId: client?.id ?? null,
      name: client ? `${client.firstName} ${client.lastName}` : null,
      email: client?.email ?? null,
      action: outcome ? (outcome.s === 'failed' ? 'fail' : 'skip') : step.action,
      receives: outcome ? null : step.receives(client!),
      reason: outcome?.msg ?? null,
    });
  }
  return plan;
}

const DONE_BEFORE: Outcome = { s: 'skipped', code: 'done-earlier', msg: 'done in an earlier run' };

/** A target's outcome known before anything is sent (left out), or undefined: the step applies. */
function outcomeBefore(step: BulkStep, target: Target, runs: EarlierRuns): Outcome | undefined {
  if (target.unresolved) return target.unresolved;
  if (!target.client) return { s: 'failed', code: 'not-found', msg: 'no such client' };
  return leftOutcome(step.skip(target.client), runs.stopped?.inFlight.has(target.ref) === true);
}

/**
 * Why a client is left out. A client whose request was out when the run stopped and who is now as
 * the step would leave them (archived, assigned…) had it done by that request.
 */
function leftOutcome(skip: Skip | undefined, inFlight: boolean): Outcome | undefined {
  if (!skip) return undefined;
  if (inFlight) return { s: 'done', code: 'done-before-stop', msg: 'done before the run was stopped' };
  return { s: 'skipped', code: skip.code, msg: skip.message };
}

function printPlan(step: BulkStep, plan: Plan, runs: EarlierRuns, deps: Deps): void {
  const total = plan.todo.length + plan.leftOut.length + plan.finishedEarlier + plan.doneBefore.size;
  const parts = [`${plan.todo.length} ${step.willDo}`];
  const reasons = new Map<string, number>();
  for (const { outcome } of plan.leftOut) {
    const key =
      outcome.s === 'failed' ? `cannot be found` : outcome.s === 'done' ? outcome.msg! : `skipped: ${outcome.msg}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  for (const [reason, n] of reasons) parts.push(`${n} ${reason}`);
  if (runs.stopped) parts.push(`${plan.finishedEarlier} finished in the earlier run`);
  if (plan.doneBefore.size) {
    const when = runs.finished?.endedAt ? ` (${deps.out.time(runs.finished.endedAt)})` : '';
    parts.push(`${plan.doneBefore.size} done in an earlier run${when}: not again unless --again`);
  }
  deps.out.info(`${step.command}: ${total} client${total === 1 ? '' : 's'} selected: ${parts.join('; ')}`);
}

/** More than one client needs --yes without a terminal; on one, a yes, or above CONFIRM_TYPED the count typed back. */
async function confirmBulk(step: BulkStep, count: number, deps: Deps): Promise<void> {
  if (count === 0 || deps.flags.yes) return;
  const what = step.emails
    ? `this emails ${count} client${count === 1 ? '' : 's'}`
    : `this changes ${count} client${count === 1 ? '' : 's'}`;
  if (!deps.prompter.interactive) {
    throw usageError(
      `${what}: pass --yes to confirm when not running interactively`,
      'add --dry-run to list every client first',
    );
  }
  if (count > CONFIRM_TYPED) {
    const typed = await deps.prompter.input({
      message: `${what[0]!.toUpperCase()}${what.slice(1)}. Type ${count} to go ahead (anything else stops):`,
      flag: '--yes',
    });
    if (typed.trim() !== String(count))
      throw cancelled(`cancelled: "${typed.trim()}" is not ${count}; nothing was sent`);
    return;
  }
  const ok = await deps.prompter.confirm({
    message: `${step.command} for ${count} client${count === 1 ? '' : 's'}? ${what}.`,
    default: false,
  });
  if (!ok) throw cancelled('cancelled: nothing was sent');
}

/** The run's journal, each client's attempts before it, and the outcomes so far. */
interface RunState {
  session: ActionJournal;
  attempts: ReadonlyMap<string, number>;
  outcomes: Map<string, Outcome>;
}

/** The send pass of a run: whether Ctrl-C stopped it, how long it took, how many clients it acted on. */
interface SendPass {
  stopped: boolean;
  sendMs: number;
  sent: number;
}

/** Each client's step, `concurrency` at a time, journaled. */
async function sendAll(
  step: BulkStep,
  todo: readonly Client[],
  { session, attempts, outcomes }: RunState,
  options: BulkOptions,
  api: ApiClient,
  deps: Deps,
): Promise<SendPass> {
  const progress =
    options.progress && todo.length > 1
      ? await createProgress({
          total: todo.length,
          label: step.command,
          unit: 'clients',
          stream: deps.stderr,
          tty: deps.stderr.isTTY === true,
        })
      : silentProgress;
  let done = 0;
  let failed = 0;
  const removeQuit = deps.onQuit(() =>
    deps.stderr.write(`stopped: run the same command again to resume (journal: ${session.path})\n`),
  );
  const started = performance.now();
  // A refusal of the whole run, or a portal that no longer answers: no client is started after it.
  let fatal: { error: unknown } | undefined;
  try {
    await mapLimit(
      todo,
      options.concurrency,
      async (client) => {
        if (fatal) return;
        await session.sent(client.id);
        // A new attempt (after an outcome in a complete run) gets a new key; a request that was out
        // when a run stopped keeps its own, so the portal replays its answer.
        const key = session.key(client.id, attempts.get(client.id) ?? 0);
        let outcome: Outcome;
        try {
          outcome = await attempt(step, client, key, api, deps);
        } catch (error) {
          fatal ??= { error };
          return;
        }
        outcomes.set(client.id, outcome);
        // Not waited for: it goes out in one write with the next client's `sent` line. Unwritten
        // when killed, the client is resent with the same key (the portal replays its answer); a
        // failed write fails every later one, so the next `sent` (or the end) stops the run.
        session.done(client.id, outcome).catch(() => undefined);
        done++;
        if (outcome.s === 'failed') failed++;
        progress.update(done, failed);
      },
      () => deps.signal.aborted || fatal !== undefined,
    );
  } finally {
    progress.stop();
    removeQuit();
  }
  if (fatal) throw fatal.error;
  return {
    stopped: deps.signal.aborted && done < todo.length,
    sendMs: Math.round(performance.now() - started),
    sent: done,
  };
}

/** Answers that say the portal itself is not there to answer (a proxy or load balancer says so). */
const PORTAL_DOWN = new Set([502, 503, 504]);

async function attempt(step: BulkStep, client: Client, key: string, api: ApiClient, deps: Deps): Promise<Outcome> {
  try {
    await step.apply(api, client, key);
    return { s: 'done' };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const skip = step.skipOnRefusal?.(error, deps.clock());
    if (skip) return { s: 'skipped', code: skip.code, msg: skip.message };
    // A refusal of the whole run (the token, the permission, a reason the portal requires) stops
    // it: the journal keeps the clients not done for the next run.
    if (error.kind === 'auth' || error.kind === 'forbidden') throw error;
    // No answer even after the API client's retries, or only its gateway's (502, 503, 504): the
    // portal is down or out of reach, and every client after this one would fail the same way. The
    // clients not done stay in the journal.
    if (error.kind === 'network' || PORTAL_DOWN.has(error.status ?? 0)) {
      throw new CliError('network', `${error.message}: the run stopped`, {
        hint: 'when the portal answers again, run the same command to resume: no client done is sent again',
        cause: error,
      });
    }
    const named = namingReasonFlag(error);
    if (named !== error) throw named;
    return {
      s: 'failed',
      code: error.code ?? error.kind,
      msg: error.message,
      ...(error.status === undefined ? {} : { http: error.status }),
    };
  }
}

async function finish(
  step: BulkStep,
  targets: readonly Target[],
  outcomes: Map<string, Outcome>,
  options: BulkOptions,
  journalPath: string,
  pass: SendPass,
  deps: Deps,
): Promise<void> {
  const { stopped } = pass;
  const results: BulkResult[] = targets.map((t) => {
    const o = outcomes.get(t.ref);
    return {
      clientId: t.client?.id ?? (t.ref.startsWith('#') ? null : t.ref),
      line: t.ref.startsWith('#') ? Number(t.ref.slice(1)) : null,
      name: t.client ? `${t.client.firstName} ${t.client.lastName}` : null,
      status: o?.s ?? 'pending',
      code: o?.code ?? null,
      message: o ? (o.s === 'done' ? step.didDo : (o.msg ?? null)) : null,
    };
  });
  await deps.out.list(bulkResultView, results);
  if (options.report) await writeActionReport(path.resolve(options.report), results);
  const count = (s: BulkResult['status']) => results.filter((r) => r.status === s).length;
  const [ok, skipped, failed, pending] = [count('done'), count('skipped'), count('failed'), count('pending')];
  const summary = `${step.command}: ${ok} ${step.didDo}, ${skipped} skipped, ${failed} failed${pending ? `, ${pending} not done yet` : ''}`;
  if (deps.out.format === 'json' || deps.out.format === 'ndjson') {
    // stdout holds one record per client; the run's counts and timing are one JSON line on stderr,
    // beside the ✓ line (as an error's JSON object is beside its message).
    const run = { action: step.action, clients: results.length, done: ok, skipped, failed, pending };
    const speed = pass.sendMs > 0 ? Math.round((pass.sent * 1000) / pass.sendMs) : 0;
    const timing = { sent: pass.sent, sendMs: pass.sendMs, clientsPerSecond: speed };
    deps.stderr.write(`${JSON.stringify({ summary: { ...run, ...timing } })}\n`);
  }
  if (stopped) {
    deps.out.warn(summary);
    throw cancelled(`stopped: run the same command again to resume (journal: ${journalPath})`);
  }
  if (failed) {
    deps.out.warn(summary);
    throw new CliError('partial', `${failed} of ${results.length} clients failed`, {
      hint: options.report
        ? `see ${options.report}; to try them again: portalctl ${step.command} --retry-failed ${options.report} --yes`
        : `pass --report FILE to list them, then: portalctl ${step.command} --retry-failed FILE --yes`,
    });
  }
  deps.out.success(summary);
}
