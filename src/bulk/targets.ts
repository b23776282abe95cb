// Which clients a bulk action applies to: a query (the filters of `clients list`, plus how long an
// invitation has been waiting), a file of ids or emails (read like an import file: CSV in any of
// its encodings and delimiters, or an .xlsx sheet; a plain list of one per line), or the clients a
// report marks failed. The flags are in bulk-flags.ts.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { ApiClient } from '../api/client.js';
import type { Client } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { clientFilterQuery } from '../io/client-filters.js';
import type { BulkTargetOptions } from './bulk-flags.js';
import { CsvReadError } from './csv-read.js';
import { openRecords } from './plan.js';

/** `--sent-before`: an age before now (14d, 2w, 36h, 90m) or a date/time; an ISO instant. */
export function parseSentBefore(value: string, now: Date): string {
  const age = /^(\d+)\s*(m|h|d|w)$/i.exec(value.trim());
  if (age) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[age[2]!.toLowerCase() as 'm']!;
    return new Date(now.getTime() - Number(age[1]) * unit).toISOString();
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? new Date(`${value.trim()}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw usageError(
      `--sent-before "${value}" is neither an age nor a date`,
      'e.g. --sent-before 14d (two weeks ago), 2w, 36h, or a date such as 2026-11-20',
    );
  }
  return date.toISOString();
}

/** The clients a query selects, every page. `archived`: the query looks among archived clients. */
export async function queryTargets(
  api: ApiClient,
  options: BulkTargetOptions,
  settings: { archived: boolean; now: Date; signal: AbortSignal },
): Promise<Client[]> {
  const query = await clientFilterQuery(api, {
    status: options.status,
    archived: settings.archived,
    search: options.search,
    caseworker: options.caseworker,
    provider: options.provider,
    invite: options.inviteStatus,
  });
  const sentBefore = options.sentBefore ? parseSentBefore(options.sentBefore, settings.now) : undefined;
  const clients: Client[] = [];
  const pages = api.paginate(
    'listClients',
    { query: { ...query, ...(sentBefore ? { inviteSentBefore: sentBefore } : {}), limit: 500 } },
    { all: true, signal: settings.signal },
  );
  for await (const client of pages) clients.push(client);
  return clients;
}

const ID = /^cl_[A-Za-z0-9]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ID_HEADERS = new Set(['id', 'client id', 'client_id', 'clientid', 'client']);
const EMAIL_HEADERS = new Set(['email', 'e-mail', 'email address', 'client email']);
const headerKey = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, ' ');

/** One line of a targets file: where it is and the id or email it names. */
export interface FileTarget {
  line: number;
  value: string;
}

async function readTargetRecords(file: string): Promise<{ fields: string[]; line: number }[]> {
  let reader: Awaited<ReturnType<typeof openRecords>>;
  try {
    reader = await openRecords(
      { path: file },
      {
        looksLikeHeader: (fields) =>
          fields.some((f) => ID_HEADERS.has(headerKey(f)) || EMAIL_HEADERS.has(headerKey(f))),
      },
    );
  } catch (error) {
    if (error instanceof CsvReadError) throw usageError(`${file}: ${error.message}`, error.hint ?? 'check the file');
    throw error;
  }
  const records = [{ fields: reader.header.fields, line: reader.header.line }];
  try {
    for await (const record of reader.records) records.push({ fields: record.fields, line: record.line });
  } catch (error) {
    if (error instanceof CsvReadError) throw usageError(`${file}: ${error.message}`, error.hint ?? 'check the file');
    throw error;
  }
  return records;
}

/**
 * The ids or emails a file names: the column headed id (client id) or email; a file without such a
 * header is a plain list, one id or email per line. A value that is neither is refused, naming its
 * line, before anything is sent.
 */
export async function fileTargets(fromFile: string): Promise<FileTarget[]> {
  const file = path.resolve(fromFile);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    throw usageError(`cannot read ${fromFile}: no such file`, 'pass the path of a CSV, an .xlsx or a plain list');
  }
  const records = await readTargetRecords(file);
  const header = records[0]!.fields.map(headerKey);
  let column = header.findIndex((h) => ID_HEADERS.has(h));
  if (column === -1) column = header.findIndex((h) => EMAIL_HEADERS.has(h));
  const rows = column === -1 ? records : records.slice(1);
  if (column === -1) {
    if (records.some((r) => r.fields.filter((f) => f.trim() !== '').length > 1)) {
      throw usageError(
        `${fromFile} has no "id" or "email" column`,
        'name the column of client ids "id" (or of emails "email"), or pass one id or email per line',
      );
    }
    column = records[0]!.fields.findIndex((f) => f.trim() !== '');
  }
  const targets: FileTarget[] = [];
  for (const record of rows) {
    const value = (record.fields[column] ?? '').trim();
    if (value === '') continue;
    if (!ID.test(value) && !EMAIL.test(value)) {
      throw usageError(
        `${fromFile} line ${record.line}: "${value.slice(0, 60)}" is neither a client id (cl_…) nor an email`,
        'fix the line (or remove it) and run the command again: nothing was sent',
      );
    }
    targets.push({ line: record.line, value });
  }
  if (!targets.length) throw usageError(`${fromFile} names no client`, 'add client ids or emails, one per line');
  return targets;
}

/** The client a file line names; a line that names no client the caller can see is an error result. */
export async function resolveFileTarget(api: ApiClient, target: FileTarget): Promise<Client | CliError> {
  try {
    if (ID.test(target.value)) return await api.call('getClient', { params: { id: target.value } });
    const { data } = await api.call('listClients', { query: { email: target.value } });
    const found =
      data[0] ?? (await api.call('listClients', { query: { email: target.value, archived: 'true' } })).data[0];
    if (found) return found;
    return new CliError('not-found', `line ${target.line}: no client with this email`, {
      details: { code: 'not-found' },
    });
  } catch (error) {
    if (error instanceof CliError && error.kind === 'not-found') {
      return new CliError('not-found', `line ${target.line}: no such client`, { details: { code: 'not-found' } });
    }
    throw error;
  }
}

/** The client ids a report marks failed (for --retry-failed), in report order. */
export async function failedIdsOf(reportFile: string): Promise<string[]> {
  const file = path.resolve(reportFile);
  if (!(await stat(file).catch(() => undefined))?.isFile()) {
    throw usageError(`cannot read the report ${reportFile}: no such file`, 'pass a report written by --report');
  }
  const ids: string[] = [];
  const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, skip_empty_lines: true }));
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (!('client_id' in record) || !('status' in record)) {
        throw usageError(
          `${reportFile} is not a report of a bulk action (expected the columns client_id and status)`,
          'pass a report written by --report',
        );
      }
      if (record.status === 'failed' && ID.test(record.client_id ?? '')) ids.push(record.client_id!);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(
      `cannot read the report ${reportFile}: ${(error as Error).message}`,
      'pass a report written by --report',
    );
  }
  return ids;
}
