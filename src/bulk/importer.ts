// `portalctl clients import`, the whole run: read and validate every row (pass 1,
// src/bulk/validate.ts), show the plan and confirm, then send (pass 2, src/bulk/send.ts) through
// the pipeline with a journal that makes the run resumable and exactly-once, and finally write the
// report (pass 3, src/bulk/report-pass.ts) and the summary (src/bulk/summary.ts). A dry run asks
// the portal instead of sending (src/bulk/dry-run.ts).
// `runImport` never touches `process`: streams, the portal, the stop signal and the clock come in
// through `deps`.
import path from 'node:path';
import { cancelled, usageError } from '../errors.js';
import { portalRequiresReason, reasonRequiredError } from '../io/reason.js';
import { dryRun } from './dry-run.js';
import type { ImportDeps, ImportOptions, ImportSummary } from './import-types.js';
import { earlierRuns, type JournalState } from './journal.js';
import type { Plan } from './plan.js';
import { clientNamer, finalPass, MatchSamples } from './report-pass.js';
import { type Selection, sendSelection } from './selection.js';
import { sendPass } from './send.js';
import { countOutcomes, endingError, invalidError, policiesOf, printPlan, showSummary } from './summary.js';
import { retrySelection, type Validated, validationPass } from './validate.js';

export type { EmailMatchPolicy, ImportDeps, ImportOptions, ImportSummary, NameMatchPolicy } from './import-types.js';
export { summaryTable } from './summary.js';

/** What every summary says, sent or not. */
type SummaryBase = Omit<
  ImportSummary,
  | 'dryRun'
  | 'created'
  | 'existing'
  | 'skipped'
  | 'failed'
  | 'pending'
  | 'invitesSent'
  | 'emailConflicts'
  | 'nameMatches'
  | 'journal'
  | 'elapsedMs'
  | 'rowsPerSecond'
>;

export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<ImportSummary> {
  const started = deps.now();
  const selected = await retrySelection(options);
  const checked = await validationPass(options, deps, selected);
  const { input, plan } = checked;
  // Dates in an unknown order are the file's problem, not some rows': nothing goes until it is said.
  const blocked = (plan.invalid > 0 && !options.skipInvalid) || plan.ambiguousDates.length > 0;
  const portalId = await deps.portalId();
  const earlier = await earlierRuns(options, checked.identity, deps.env, portalId);
  const selection = sendSelection(plan, earlier.journal, selected);
  const base: SummaryBase = {
    file: options.file === '-' ? 'stdin' : options.file,
    rows: plan.rows,
    fileRows: plan.fileRows,
    invalid: plan.invalid,
    duplicate: plan.duplicate,
    finishedEarlier: selection.finishedEarlier,
    validateMs: checked.validateMs,
    sendMs: 0,
    sent: 0,
    batch: false,
    throttled: 0,
    retried: 0,
    report: options.report ? path.resolve(options.report) : null,
    planBytes: plan.memoryBytes,
  };

  const withoutReason = await reasonMissing(selection.toSend, options, deps);
  if (options.dryRun) {
    if (withoutReason) {
      deps.out.warn(
        'this portal requires a reason for the invitations: without --reason the import would be refused before sending anything',
      );
    }
    const summary = await dryRunImport(checked, selection, earlier, base, options, deps, started);
    if (blocked) throw invalidError(plan, true);
    return summary;
  }
  if (blocked) {
    if (options.report) {
      const segments = earlier.journal?.segments ?? [];
      const namer = clientNamer(deps.api);
      await finalPass(input, plan, options, earlier.readFrom, segments, selection.rowStates, namer, undefined);
    }
    throw invalidError(plan, false);
  }
  if (withoutReason) throw reasonRequiredError();
  printPlan(plan, selection.toSend, selection.finishedEarlier, options, deps);
  await confirmSending(selection.toSend, options, deps);

  const journalPath = earlier.path!;
  const sent = await sendPass(
    {
      input,
      context: checked.context,
      selection,
      journalPath,
      earlier: earlier.journal,
      identity: checked.identity,
      portalId,
      retryFailed: selected !== undefined,
    },
    options,
    deps,
  );

  const totals = countOutcomes(plan, selection.rowStates, selection.considered);
  const samples = new MatchSamples();
  if (options.report || totals.emailConflicts + totals.nameMatches > 0) {
    const namer = clientNamer(deps.api);
    await finalPass(input, plan, options, journalPath, sent.segments, selection.rowStates, namer, samples);
  }
  samples.print(deps, Boolean(options.report));
  const summary: ImportSummary = {
    ...base,
    dryRun: false,
    ...totals,
    batch: sent.batchUsed,
    throttled: sent.throttled,
    retried: sent.retried,
    sendMs: sent.sendMs,
    sent: sent.sent,
    journal: journalPath,
    elapsedMs: deps.now() - started,
    rowsPerSecond: sent.sendMs > 0 ? Math.round((sent.sent * 1000) / sent.sendMs) : 0,
    ...(deps.peakMemory ? { peakMemoryBytes: deps.peakMemory() } : {}),
    ...(sent.stopped ? { stopped: sent.stopped } : {}),
  };
  showSummary(summary, deps, policiesOf(options));
  const error = endingError(summary, totals, sent, plan, selection.rowStates, options, deps);
  if (error) throw error;
  return summary;
}

/**
 * Invitations would go out without a reason to a portal that requires one: refused before the
 * plan, so that nothing is sent (rather than the first batches refused whole).
 */
async function reasonMissing(toSend: number, options: ImportOptions, deps: ImportDeps): Promise<boolean> {
  if (!options.invite || options.reason || toSend === 0) return false;
  // A portal whose settings cannot be read now (down, failing, a sign-in page): not known. The send
  // pass then meets that trouble itself and ends as it does for it (rows pending, the command to
  // resume), and a portal that requires a reason refuses each request on its own.
  return portalRequiresReason(await deps.api()).catch(() => false);
}

/** Invitations are sent only when confirmed: --yes, or a person says yes. */
async function confirmSending(toSend: number, options: ImportOptions, deps: ImportDeps): Promise<void> {
  if (toSend === 0 || !options.invite || options.yes) return;
  if (!deps.interactive) {
    throw usageError(
      `this import sends up to ${toSend} invitation emails: pass --yes to confirm when not running interactively`,
      'add --dry-run to see the plan without sending anything, or --no-invite to send no invitations',
    );
  }
  if (!(await deps.confirm(`Create up to ${toSend} clients and email each an invitation?`))) {
    throw cancelled('cancelled: nothing was sent');
  }
}

/** --dry-run: ask the portal about every row, change nothing. */
async function dryRunImport(
  checked: Validated & { plan: Plan },
  selection: Selection,
  earlier: { readFrom: string | undefined; journal: JournalState | undefined },
  base: SummaryBase,
  options: ImportOptions,
  deps: ImportDeps,
  started: number,
): Promise<ImportSummary> {
  const { plan } = checked;
  printPlan(plan, selection.toSend, selection.finishedEarlier, options, deps);
  const samples = new MatchSamples();
  const { needsSending, rowStates } = selection;
  const result = await dryRun(
    checked.input,
    plan,
    options,
    deps,
    needsSending,
    rowStates,
    earlier.journal,
    earlier.readFrom,
    samples,
  );
  samples.print(deps, Boolean(options.report));
  const summary: ImportSummary = {
    ...base,
    dryRun: true,
    created: 0,
    existing: result.existing,
    skipped: result.skipped,
    failed: result.failed,
    pending: 0,
    invitesSent: 0,
    toCreate: result.toCreate,
    invitesToSend: options.invite ? result.toCreate : 0,
    ...(options.reason ? { reason: options.reason } : {}),
    emailConflicts: result.emailConflicts,
    nameMatches: result.nameMatches,
    journal: null,
    elapsedMs: deps.now() - started,
    rowsPerSecond: 0,
    ...(deps.peakMemory ? { peakMemoryBytes: deps.peakMemory() } : {}),
  };
  showSummary(summary, deps, policiesOf(options));
  return summary;
}
