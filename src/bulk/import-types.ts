// The options, the world and the summary of an import (src/bulk/importer.ts).
import type { ApiClient } from '../api/client.js';
import type { Output, OutStream } from '../io/output.js';
import type { FieldKey } from './columns.js';
import type { Encoding } from './csv-read.js';
import type { DateOrder } from './dates.js';
import type { EmailMatchPolicy, NameMatchPolicy } from './matches.js';
import type { ImportTransport } from './verdict.js';

export type { EmailMatchPolicy, NameMatchPolicy } from './matches.js';

export interface ImportOptions {
  /** A path, or '-' for stdin. */
  file: string;
  delimiter?: string | undefined;
  encoding?: Encoding | undefined;
  /** A workbook's sheet (--sheet); the header's line (--header-row); how dates are written (--date-format). */
  sheet?: string | undefined;
  headerRow?: number | undefined;
  dateFormat?: DateOrder | undefined;
  map: string[];
  strict: boolean;
  listSeparator: string;
  skipInvalid: boolean;
  dryRun: boolean;
  invite: boolean;
  /** --reason: why the invitations are sent, kept in each one's audit entry. */
  reason?: string | undefined;
  onNameMatch: NameMatchPolicy;
  onEmailMatch: EmailMatchPolicy;
  concurrency: number;
  /** Concurrency when the portal turns out to have no batch endpoint. */
  fallbackConcurrency?: number | undefined;
  batch: boolean;
  batchSize?: number | undefined;
  state?: string | undefined;
  restart: boolean;
  report?: string | undefined;
  retryFailed?: string | undefined;
  shard?: { index: number; count: number } | undefined;
  progress: boolean;
  yes: boolean;
  /** Stop when the portal has answered nothing for this long (--timeout; default 30 s). */
  unreachableMs?: number | undefined;
  /** `clients update --from-file`: rows update existing clients (a journal of its own). */
  update?: boolean | undefined;
  /** Columns read as these fields are ignored, each said once with why (the update cannot change them). */
  ignoreFields?: ReadonlyMap<FieldKey, string> | undefined;
}

export interface ImportDeps {
  stdin: NodeJS.ReadableStream;
  stderr: OutStream;
  out: Output;
  /** A person can answer a confirmation. */
  interactive: boolean;
  confirm(message: string): Promise<boolean>;
  /** For read-only lookups (providers, staff, duplicates, CaMS/CA), with the API client's retries. */
  api(): Promise<ApiClient>;
  /** For the creates: single attempts, the pipeline retries. */
  transport(): Promise<ImportTransport>;
  /** Identifies the portal in the journal (its URL, or the local portal's database). */
  portalId(): Promise<string>;
  /** First Ctrl-C. */
  stop: AbortSignal;
  env: Record<string, string | undefined>;
  now(): number;
  /** The command line that resumes this run (printed after Ctrl-C). */
  resumeCommand: string;
  /** Peak resident memory of the process so far, in bytes (for --json and the benchmark). */
  peakMemory?(): number;
}

export interface ImportSummary {
  file: string;
  dryRun: boolean;
  rows: number;
  fileRows: number;
  created: number;
  existing: number;
  invalid: number;
  duplicate: number;
  skipped: number;
  failed: number;
  pending: number;
  invitesSent: number;
  /** Rows that had finished in an earlier run of this journal. */
  finishedEarlier: number;
  /** Time spent reading and checking the file before sending (pass 1), and sending (pass 2). */
  validateMs: number;
  sendMs: number;
  /** Rows sent in this run. */
  sent: number;
  /** --dry-run: rows that would be created. */
  toCreate?: number;
  /**
   * Rows whose email belongs to a client with another name (or at another provider): failed,
   * skipped or counted as existing, as --on-email-match says (included in those counts).
   */
  emailConflicts: number;
  /** Rows not created for a possible name match: failed or skipped, as --on-name-match says. */
  nameMatches: number;
  batch: boolean;
  /** 429 answers from the portal (the concurrency backed off each time). */
  throttled: number;
  /** Requests sent again after a network error, a 5xx or a key still in flight. */
  retried: number;
  journal: string | null;
  report: string | null;
  elapsedMs: number;
  /** Rows per second of the send pass. */
  rowsPerSecond: number;
  peakMemoryBytes?: number;
  /** Bytes the plan holds for the whole file (one byte and one fingerprint per row). */
  planBytes: number;
  /** --dry-run: invitation emails the rows to create would be sent. */
  invitesToSend?: number;
  /** --reason, when given: kept in the audit entry of each client invited. */
  reason?: string;
  /** Why the run stopped early, if it did. */
  stopped?: 'cancelled' | 'error';
}
