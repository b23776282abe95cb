// The flags of the many-clients form of a command (a query, --from-file, --retry-failed, --report,
// --state…), declared once and spread into each command that can act on many clients; and which
// form a command line asks for. Kept light: every command's declaration loads it.
import * as z from 'zod';
import { flag } from '../command/define.js';
import type { Client } from '../contract/schemas.js';
import { CLIENT_STATUSES, INVITE_STATUSES } from '../contract/schemas.js';
import { usageError } from '../errors.js';
import { clientFilterOptions } from '../io/client-filters.js';

/**
 * Requests in flight by default, as the import's one request per row: in bench/bulk-resend.mjs's
 * sweep (8, 16, 32, 64) the send pass was fastest, and cost the CLI and the portal the least CPU a
 * client, at 64: the portal commits requests that arrive together in one transaction.
 */
export const BULK_CONCURRENCY = 64;

/** The flags of the many-clients form, spread into a command's options after its own. */
export function bulkFlags() {
  const o = clientFilterOptions;
  return {
    fromFile: flag(
      '--from-file <file>',
      'act on the clients a file lists: a CSV or .xlsx with an id or email column, or one id or email per line',
      z.string().min(1).optional(),
    ),
    status: flag('--status <status>', `many clients: referral or client (${CLIENT_STATUSES.join('|')})`, o.status),
    search: flag('--search <text>', 'many clients: name or email contains', o.search),
    caseworker: flag(
      '--caseworker <staff>',
      'many clients: assigned to this caseworker (st_…, email or full name)',
      o.caseworker,
    ),
    provider: flag('--provider <provider>', 'many clients: of this service provider (sp_… or name)', o.provider),
    inviteStatus: flag(
      '--invite-status <state>',
      `many clients: invitation state (${INVITE_STATUSES.join('|')})`,
      o.invite,
    ),
    sentBefore: flag(
      '--sent-before <age|date>',
      'many clients: invitation sent before this: an age (14d, 2w, 36h) or a date (2026-11-20)',
      z.string().min(1).optional(),
    ),
    report: flag(
      '--report <file.csv>',
      'many clients: write one line per client: client id, status, code, message (mode 0600)',
      z.string().min(1).optional(),
    ),
    retryFailed: flag(
      '--retry-failed <report.csv>',
      'many clients: act again on the clients a --report marks failed',
      z.string().min(1).optional(),
    ),
    state: flag(
      '--state <file>',
      'many clients: journal file that makes the run resumable (default: under the XDG state directory)',
      z.string().min(1).optional(),
    ),
    concurrency: flag(
      '--concurrency <n>',
      `many clients: requests in flight (default ${BULK_CONCURRENCY})`,
      z.coerce
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(64, 'must be at most 64')
        .default(BULK_CONCURRENCY),
      { defaultText: `"${BULK_CONCURRENCY}"` },
    ),
    progress: flag('--no-progress', 'many clients: no progress bar or progress lines', z.boolean().default(true)),
    again: flag(
      '--again',
      'many clients: act again on the clients an earlier complete run of the same command did (without it they are left out)',
      z.boolean().default(false),
    ),
  };
}

export interface BulkTargetOptions {
  fromFile?: string | undefined;
  status?: Client['status'] | undefined;
  search?: string | undefined;
  caseworker?: string | undefined;
  provider?: string | undefined;
  inviteStatus?: Client['invite']['status'] | undefined;
  sentBefore?: string | undefined;
  report?: string | undefined;
  retryFailed?: string | undefined;
  state?: string | undefined;
  concurrency: number;
  progress: boolean;
  again?: boolean | undefined;
}

const QUERY_KEYS = ['status', 'search', 'caseworker', 'provider', 'inviteStatus', 'sentBefore'] as const;
const FLAG_OF: Record<string, string> = {
  status: '--status',
  search: '--search',
  caseworker: '--caseworker',
  provider: '--provider',
  inviteStatus: '--invite-status',
  sentBefore: '--sent-before',
  fromFile: '--from-file',
  retryFailed: '--retry-failed',
  report: '--report',
  state: '--state',
};

/** The flags of the many-clients form that were given (not their defaults). */
export function bulkFlagsGiven(options: BulkTargetOptions): string[] {
  const given = Object.keys(FLAG_OF).filter((key) => options[key as keyof BulkTargetOptions] !== undefined);
  return given.map((key) => FLAG_OF[key]!);
}

/** Whether the command was asked to act on many clients (a query, a file or a report). */
export function isBulk(options: BulkTargetOptions): boolean {
  const bulk =
    options.fromFile !== undefined ||
    options.retryFailed !== undefined ||
    QUERY_KEYS.some((key) => options[key] !== undefined);
  const alone =
    options.report !== undefined
      ? '--report'
      : options.state !== undefined
        ? '--state'
        : options.again
          ? '--again'
          : undefined;
  if (!bulk && alone) {
    throw usageError(
      `${alone} applies when acting on many clients`,
      'choose them with a query (--invite-status, --sent-before, --search…), --from-file FILE or --retry-failed REPORT',
    );
  }
  return bulk;
}

/** How the targets were chosen, checked: exactly one of a query, a file or a report. */
export function targetSource(options: BulkTargetOptions): 'query' | 'file' | 'retry' {
  const query = QUERY_KEYS.filter((key) => options[key] !== undefined).map((key) => FLAG_OF[key]!);
  const sources = [
    ...(query.length ? [query.join(' ')] : []),
    ...(options.fromFile !== undefined ? ['--from-file'] : []),
    ...(options.retryFailed !== undefined ? ['--retry-failed'] : []),
  ];
  if (sources.length > 1) {
    throw usageError(
      `choose the clients one way: ${sources.join(', or ')}`,
      'a query (--status, --search, --invite-status, --sent-before…), --from-file FILE, or --retry-failed REPORT',
    );
  }
  if (options.retryFailed !== undefined) return 'retry';
  return options.fromFile !== undefined ? 'file' : 'query';
}
