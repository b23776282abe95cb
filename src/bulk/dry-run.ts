// --dry-run: every row the import would send is checked against the portal (existing, a match with
// another client, to create), nothing is changed; the report and the summary say what would happen.
import path from 'node:path';
// The duplicate check's own normalisation (the local portal's): for names within the file.
import { normaliseName } from '../server/domain/normalise.js';
import { drain, mapLimit } from './async.js';
import { type CheckResult, checkRow } from './checks.js';
import type { CsvInput } from './csv-read.js';
import type { ImportDeps, ImportOptions } from './import-types.js';
import { type JournalState, NAME_MATCH } from './journal.js';
import { FingerprintSet, fingerprint, type RowBytes } from './keys.js';
import {
  describeMatch,
  emailMatchOutcome,
  type MatchOutcome,
  type MatchPolicies,
  nameMatchOutcome,
} from './matches.js';
import { openMapped, type Plan, PlanState } from './plan.js';
import { OutcomeMerger, type ReportLine, writeReport } from './report.js';
import { clientNamer, type MatchSamples, rowNameOf, staticLine } from './report-pass.js';
import { buildRow } from './rows.js';
import { policiesOf } from './summary.js';
import { readOptions } from './validate.js';

export interface DryRunResult {
  toCreate: number;
  existing: number;
  failed: number;
  skipped: number;
  emailConflicts: number;
  nameMatches: number;
}

export async function dryRun(
  input: CsvInput,
  plan: Plan,
  options: ImportOptions,
  deps: ImportDeps,
  needsSending: (row: number) => boolean,
  rowStates: RowBytes,
  journal: JournalState | undefined,
  journalPath: string | undefined,
  samples: MatchSamples,
): Promise<DryRunResult> {
  const api = await deps.api();
  const result: DryRunResult = { toCreate: 0, existing: 0, failed: 0, skipped: 0, emailConflicts: 0, nameMatches: 0 };
  const opened = await openMapped(input, { read: readOptions(options), maps: options.map });
  // Lookups are light: ask many at once (a dry run of thousands of rows takes seconds).
  const width = Math.max(16, options.concurrency);
  const merger = journal && journalPath ? new OutcomeMerger(journalPath, journal.segments) : undefined;
  const namer = clientNamer(deps.api);
  const fileNames = new FingerprintSet(plan.valid);
  const emit = async function* (): AsyncGenerator<ReportLine> {
    let chunk: { row: number; line: number; fields: string[] }[] = [];
    const flush = async function* () {
      const checked = await mapLimit(chunk, width, async (record) => {
        const built = buildRow(record.fields, plan.context);
        return { record, built, check: built.ok ? await checkRow(api, built.body) : undefined };
      });
      for (const { record, built, check } of checked) {
        yield dryRunLine(record, built, check, policiesOf(options), result, fileNames);
      }
      chunk = [];
    };
    for await (const record of opened.records) {
      const state = plan.states.get(record.row);
      if (state === PlanState.otherShard) continue;
      if (state === PlanState.valid && needsSending(record.row)) {
        chunk.push(record);
        if (chunk.length >= width * 8) yield* flush();
        continue;
      }
      if (chunk.length) yield* flush();
      yield await staticLine(record, plan, rowStates, merger, namer);
    }
    if (chunk.length) yield* flush();
  };
  try {
    if (options.report) await writeReport(path.resolve(options.report), samples.watch(emit()));
    else await drain(samples.watch(emit()));
  } finally {
    await merger?.close();
  }
  return result;
}

/** A row the policies decided (existing, skipped or failed), counted as the send pass counts it. */
function matchLine(
  base: { row: number; line: number },
  outcome: MatchOutcome,
  names: { rowName?: string | undefined; existingName?: string | undefined },
  result: DryRunResult,
): ReportLine {
  if (outcome.s === 'existing') result.existing++;
  else if (outcome.s === 'skipped') result.skipped++;
  else result.failed++;
  if (outcome.code === NAME_MATCH) result.nameMatches++;
  else if (outcome.code) result.emailConflicts++;
  return {
    ...base,
    status: outcome.s,
    ...(outcome.id ? { id: outcome.id } : {}),
    ...(outcome.code
      ? {
          code: outcome.code,
          message: describeMatch({ status: outcome.s, code: outcome.code, id: outcome.id, ...names }),
        }
      : {}),
  };
}

function dryRunLine(
  record: { row: number; line: number },
  built: ReturnType<typeof buildRow>,
  check: CheckResult | undefined,
  policies: MatchPolicies,
  result: DryRunResult,
  fileNames: FingerprintSet,
): ReportLine {
  const base = { row: record.row, line: record.line };
  if (!built.ok || !check) return { ...base, status: 'invalid' };
  const rowName = rowNameOf(built);
  switch (check.status) {
    case 'existing':
      result.existing++;
      return { ...base, status: 'existing', id: check.id };
    case 'failed':
      result.failed++;
      return { ...base, status: 'failed', code: check.code, message: check.message };
    case 'email-match': {
      const outcome = emailMatchOutcome(policies, check.samePerson, check.existing?.id);
      return matchLine(base, outcome, { rowName, existingName: check.existing?.name }, result);
    }
  }
  const match = check.nameMatch;
  if (match && policies.onNameMatch !== 'create') {
    return matchLine(base, nameMatchOutcome(policies, match.id), { rowName, existingName: match.name }, result);
  }
  // The portal does not have the file's rows yet; when sent, a row whose name is that of an
  // earlier row of the file is a name match with the client that row became. Found here for the
  // same normalised names (the portal also matches partial ones: "Ann" for "Anna").
  const key = `${normaliseName(check.who.firstName)}\n${normaliseName(check.who.lastName)}`;
  const earlier = fileNames.add(fingerprint(key), record.row);
  if (!match && earlier !== 0) {
    if (policies.onNameMatch !== 'create') {
      const outcome = nameMatchOutcome(policies, undefined);
      const line = matchLine(base, outcome, { rowName }, result);
      return {
        ...line,
        message: describeMatch({ status: outcome.s, code: NAME_MATCH, rowName, existingRow: earlier }),
      };
    }
    result.toCreate++;
    return {
      ...base,
      status: 'to-create',
      code: NAME_MATCH,
      message: describeMatch({ status: 'to-create', code: NAME_MATCH, rowName, existingRow: earlier }),
    };
  }
  result.toCreate++;
  if (!match) return { ...base, status: 'to-create' };
  // Created anyway (--on-name-match create): said in the report, not counted as a name match.
  return {
    ...base,
    status: 'to-create',
    id: match.id,
    code: NAME_MATCH,
    message: describeMatch({ status: 'to-create', code: NAME_MATCH, id: match.id, rowName, existingName: match.name }),
  };
}
