// The output of a bulk action: one record per client, for the plan of a --dry-run and for the
// results of a run (--json: one object per client; a table on a terminal).
import { defineView } from '../io/view.js';

/** A client as a --dry-run lists it: who, and what they would receive (or why they are left out). */
export interface PlannedTarget {
  clientId: string | null;
  name: string | null;
  email: string | null;
  /** The action (e.g. `invite.resend`), or `skip` / `fail` when the client is left out. */
  action: string;
  receives: string | null;
  reason: string | null;
}

/** What happened to one client. */
export interface BulkResult {
  clientId: string | null;
  /** The line of a --from-file that named no client. */
  line: number | null;
  name: string | null;
  status: 'done' | 'skipped' | 'failed' | 'pending';
  code: string | null;
  message: string | null;
}

export const dryRunView = defineView<PlannedTarget>({
  name: 'client',
  id: (t) => t.clientId ?? '',
  columns: [
    { key: 'clientId', header: 'CLIENT', value: (t) => t.clientId, color: (s, _t, k) => k.cyan(s) },
    { key: 'name', header: 'NAME', value: (t) => t.name },
    { key: 'email', header: 'EMAIL', value: (t) => t.email },
    {
      key: 'receives',
      header: 'WOULD',
      value: (t) => t.receives ?? `${t.action === 'skip' ? 'skip' : 'fail'}: ${t.reason ?? ''}`,
    },
    { key: 'action', header: 'ACTION', value: (t) => t.action },
    { key: 'reason', header: 'REASON', value: (t) => t.reason },
  ],
  defaults: ['clientId', 'name', 'email', 'receives'],
});

const statusColor = (text: string, status: BulkResult['status'], k: import('chalk').ChalkInstance) =>
  status === 'done' ? k.green(text) : status === 'failed' ? k.red(text) : status === 'skipped' ? k.yellow(text) : text;

export const bulkResultView = defineView<BulkResult>({
  name: 'client',
  id: (r) => r.clientId ?? `line ${r.line}`,
  columns: [
    { key: 'clientId', header: 'CLIENT', value: (r) => r.clientId ?? `line ${r.line}`, color: (s, _r, k) => k.cyan(s) },
    { key: 'name', header: 'NAME', value: (r) => r.name },
    { key: 'status', header: 'STATUS', value: (r) => r.status, color: (s, r, k) => statusColor(s, r.status, k) },
    { key: 'code', header: 'CODE', value: (r) => r.code },
    { key: 'message', header: 'DETAIL', value: (r) => r.message },
    { key: 'line', header: 'LINE', value: (r) => r.line },
  ],
  defaults: ['clientId', 'name', 'status', 'message'],
});
