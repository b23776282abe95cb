// What an import says: the plan before sending, the summary table after, the counts from the row
// states, and the error the run ends with when not every row was done.
import { CliError, cancelled, usageError } from '../errors.js';
import { visible } from '../io/visible.js';
import type { ImportDeps, ImportOptions, ImportSummary } from './import-types.js';
import { isFailed, RowState } from './journal.js';
import type { RowBytes } from './keys.js';
import { DEFAULT_POLICIES, type MatchPolicies } from './matches.js';
import { ambiguousDateMessages, type Plan, PlanState } from './plan.js';

export interface Totals {
  created: number;
  existing: number;
  skipped: number;
  failed: number;
  pending: number;
  invitesSent: number;
  emailConflicts: number;
  nameMatches: number;
}

export function countOutcomes(plan: Plan, rows: RowBytes, considered: (row: number) => boolean): Totals {
  const totals: Totals = {
    created: 0,
    existing: 0,
    skipped: 0,
    failed: 0,
    pending: 0,
    invitesSent: 0,
    emailConflicts: 0,
    nameMatches: 0,
  };
  for (let row = 1; row <= plan.fileRows; row++) {
    if (plan.states.get(row) !== PlanState.valid) continue;
    const state = rows.get(row);
    switch (state) {
      case RowState.createdInvited:
        totals.invitesSent++;
        totals.created++;
        break;
      case RowState.created:
        totals.created++;
        break;
      case RowState.existing:
        totals.existing++;
        break;
      case RowState.emailMatchExisting:
        totals.existing++;
        totals.emailConflicts++;
        break;
      case RowState.skipped:
        totals.skipped++;
        break;
      case RowState.emailConflictSkipped:
        totals.skipped++;
        totals.emailConflicts++;
        break;
      case RowState.nameMatchSkipped:
        totals.skipped++;
        totals.nameMatches++;
        break;
      case RowState.failed:
      case RowState.failedRetryable:
        totals.failed++;
        break;
      case RowState.emailConflict:
        totals.failed++;
        totals.emailConflicts++;
        break;
      case RowState.nameMatch:
        totals.failed++;
        totals.nameMatches++;
        break;
      default:
        if (considered(row)) totals.pending++;
    }
  }
  return totals;
}

/** The plan, before anything is sent. */
export function printPlan(
  plan: Plan,
  toSend: number,
  finishedEarlier: number,
  options: ImportOptions,
  deps: ImportDeps,
) {
  const lines: string[] = [];
  const name = options.file === '-' ? 'stdin' : options.file;
  const shard = options.shard ? ` (shard ${options.shard.index}/${options.shard.count} of ${plan.fileRows})` : '';
  lines.push(`${name}: ${plan.rows} rows${shard}`);
  lines.push(`  ${pad(toSend)} to send${finishedEarlier ? ` (${finishedEarlier} finished in an earlier run)` : ''}`);
  if (plan.linkedCams || plan.linkedCa) {
    lines.push(`  ${pad(plan.linkedCams)} with a CaMS link, ${plan.linkedCa} with a Common Assessment import`);
  }
  if (plan.invalid)
    lines.push(`  ${pad(plan.invalid)} invalid${options.skipInvalid ? ' (skipped: --skip-invalid)' : ''}`);
  if (plan.duplicate) lines.push(`  ${pad(plan.duplicate)} duplicate within the file (the first one is imported)`);
  if (toSend > 0) {
    lines.push(
      options.invite
        ? `Each client created gets a portal invitation email (up to ${toSend}); pass --no-invite to send none.`
        : 'No invitations will be sent (--no-invite).',
    );
    if (options.invite && options.reason) lines.push(`Reason, for the audit log: ${visible(options.reason)}`);
  }
  deps.stderr.write(`${lines.join('\n')}\n`);
}

const pad = (n: number) => String(n).padStart(6);

export function summaryTable(summary: ImportSummary, policies: MatchPolicies = DEFAULT_POLICIES): string {
  const rows: [string, number, string?][] = summary.dryRun
    ? [
        ['to create', summary.toCreate ?? 0],
        ['to invite', summary.invitesToSend ?? 0, 'each emailed a portal invitation'],
        ['existing', summary.existing, 'already in the portal'],
        ['would fail', summary.failed],
        ['skipped', summary.skipped],
        ['invalid', summary.invalid],
        ['duplicate', summary.duplicate, 'within the file'],
      ]
    : [
        ['created', summary.created, `${summary.invitesSent} invitations sent`],
        ['existing', summary.existing, 'already in the portal'],
        ['skipped', summary.skipped],
        ['invalid', summary.invalid],
        ['duplicate', summary.duplicate, 'within the file'],
        ['failed', summary.failed],
        ['pending', summary.pending, 'not sent yet: re-run to resume'],
      ];
  const title = summary.dryRun ? `Dry run of ${summary.file}: nothing was sent` : `Import of ${summary.file}`;
  const body = rows
    .filter(([label, n]) => n > 0 || label === 'created' || label === 'to create' || label === 'failed')
    .map(([label, n, note]) => `  ${label.padEnd(10)} ${String(n).padStart(7)}${note && n > 0 ? `  ${note}` : ''}`);
  const notes: string[] = [];
  // The same two lines in the plan and after the run: the rows that may be someone already there.
  if (summary.emailConflicts) {
    const n = summary.emailConflicts;
    notes.push(
      `  ${n === 1 ? '1 row has the email of someone else' : `${n} rows have the emails of other people`} in the portal (--on-email-match ${policies.onEmailMatch})`,
    );
  }
  if (summary.nameMatches) {
    const n = summary.nameMatches;
    notes.push(
      `  ${n === 1 ? '1 row has the name of another client, with another email' : `${n} rows have the names of other clients, with other emails`} (--on-name-match ${policies.onNameMatch})`,
    );
  }
  if (!summary.dryRun) {
    if (summary.finishedEarlier)
      notes.push(`  ${summary.finishedEarlier} of these rows had finished in an earlier run`);
    if (summary.throttled)
      notes.push(`  the portal rate limited ${summary.throttled} requests; concurrency backed off`);
    if (summary.retried) notes.push(`  ${summary.retried} requests were retried after network or server errors`);
    notes.push(`  ${summary.rows} rows in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  }
  return `${[title, ...body, ...notes].join('\n')}\n`;
}

/** Every failed row failed on the portal's side (network, 5xx: retried by a plain re-run). */
export function allPortalFailures(plan: Plan, rows: RowBytes): boolean {
  for (let row = 1; row <= plan.fileRows; row++) {
    if (
      plan.states.get(row) === PlanState.valid &&
      isFailed(rows.get(row)) &&
      rows.get(row) !== RowState.failedRetryable
    ) {
      return false;
    }
  }
  return true;
}

export function policiesOf(options: ImportOptions): MatchPolicies {
  return { onNameMatch: options.onNameMatch, onEmailMatch: options.onEmailMatch };
}

export function showSummary(summary: ImportSummary, deps: ImportDeps, policies: MatchPolicies): void {
  deps.stderr.write(summaryTable(summary, policies));
  if (deps.out.format === 'json' || deps.out.format === 'ndjson') deps.out.value(summary);
}

export function invalidError(plan: Plan, dryRun: boolean): CliError {
  const [dates] = ambiguousDateMessages(plan);
  if (dates) {
    return usageError(
      `${visible(dates.message.slice(0, dates.message.indexOf(':')))}: the order of its dates is not known${dryRun ? ': the import would send nothing' : '; nothing was sent'}`,
      dates.hint,
    );
  }
  if (plan.valid === 0) {
    return usageError(
      `${plan.invalid === 1 ? 'the only row is' : `all ${plan.invalid} rows are`} invalid${dryRun ? ': the import would send nothing' : '; nothing was sent'}`,
      `fix ${plan.invalid === 1 ? 'it' : 'them'} and re-run${dryRun ? '' : ' (--report FILE.csv lists every row with its line and reason)'}`,
    );
  }
  return usageError(
    `${plan.invalid} of ${plan.rows} rows are invalid${dryRun ? ': the import would send nothing' : '; nothing was sent'}`,
    `fix ${plan.invalid === 1 ? 'it' : 'them'} and re-run, or pass --skip-invalid to import the ${plan.valid} valid rows${dryRun ? '' : ' (--report FILE.csv lists every row with its line and reason)'}`,
  );
}

/** How the run ended, when not every row was done: the error to exit with (none: all done). */
export function endingError(
  summary: ImportSummary,
  totals: Totals,
  sent: { fatal?: Error; unreachable: boolean; stopped?: ImportSummary['stopped'] },
  plan: Plan,
  rows: RowBytes,
  options: ImportOptions,
  deps: ImportDeps,
): Error | undefined {
  const { fatal } = sent;
  if (fatal) {
    if (sent.unreachable && fatal instanceof CliError) {
      // The rows not sent are pending in the journal: the same command sends them once the portal answers.
      return new CliError(fatal.kind, fatal.message, {
        hint: `${summary.pending} row${summary.pending === 1 ? ' is' : 's are'} pending in the journal${summary.failed ? ` and ${summary.failed} failed` : ''}; to resume, run:\n  ${deps.resumeCommand}`,
      });
    }
    if (fatal instanceof CliError) return fatal;
    const hint = (fatal as { hint?: string }).hint;
    if (hint) return new CliError('server', fatal.message, { cause: fatal, hint });
    return fatal;
  }
  if (sent.stopped === 'cancelled') {
    deps.stderr.write(`Stopped. ${summary.pending} rows were not sent. To resume, run:\n  ${deps.resumeCommand}\n`);
    return cancelled('import stopped (Ctrl-C); the journal is saved');
  }
  if (totals.failed > 0 && totals.created + totals.existing + totals.skipped === 0 && allPortalFailures(plan, rows)) {
    // Nothing was done, and only because the portal failed: not "partly done".
    return new CliError('server', `none of the ${plan.rows} rows was imported: the portal failed every request`, {
      hint: `re-running the same command retries them${options.report ? `; the report ${options.report} lists each with its reason` : ''}`,
    });
  }
  if (totals.failed > 0) return partialError(totals, plan, options);
  return undefined;
}

function partialError(totals: Totals, plan: Plan, options: ImportOptions): CliError {
  const where = options.report
    ? `the report ${options.report} lists each with its reason`
    : 'add --report FILE.csv to see each with its reason';
  // Rows that matched other clients are not retried as they are: someone decides, then says so.
  const decide =
    totals.emailConflicts + totals.nameMatches > 0
      ? `; for rows that match other clients, check them, then --retry-failed REPORT.csv with --on-name-match create (a different person) or --on-email-match same-person`
      : '';
  return new CliError('partial', `${totals.failed} of ${plan.rows} rows failed`, {
    hint: `${where}; re-running the same command retries network and server failures, --retry-failed REPORT.csv retries every failed row${decide}`,
  });
}
