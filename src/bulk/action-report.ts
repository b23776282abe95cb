// The report of a bulk action: one CSV line per client (client id, the file line that named no
// client, status, error code, message), mode 0600, written to a temporary file and renamed into
// place. It names no one (no name, no email): ids locate the clients for whoever may see them.
// Every cell is neutralised like all CSV portalctl writes; --retry-failed reads it back.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { neutraliseCell } from '../io/csv-safe.js';
import type { BulkResult } from './action-views.js';

export const ACTION_REPORT_HEADER = ['client_id', 'line', 'status', 'code', 'message'] as const;

export async function writeActionReport(file: string, results: readonly BulkResult[]): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  function* records() {
    yield [...ACTION_REPORT_HEADER];
    for (const r of results) {
      yield [r.clientId ?? '', r.line === null ? '' : String(r.line), r.status, r.code ?? '', r.message ?? ''].map(
        neutraliseCell,
      );
    }
  }
  try {
    await rm(temp, { force: true });
    await pipeline(Readable.from(records()), stringify(), createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
