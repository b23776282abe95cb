// `portalctl clients export`: clients matching the `clients list` filters, as CSV with the
// import's column names (so the file imports back into another portal), or in any output format.
import { fstatSync } from 'node:fs';
import * as z from 'zod';
import type { ApiClient } from '../../api/client.js';
import { COLUMNS, type FieldKey, INFO_COLUMNS, type InfoKey } from '../../bulk/columns.js';
import { defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { listSeparatorFlag } from '../../command/shared-options.js';
import type { Client } from '../../contract/schemas.js';
import { usageError } from '../../errors.js';
import { clientFilterFlags, clientFilterQuery } from '../../io/client-filters.js';
import { createOutput, type OutStream, WORKBOOK_FORMAT } from '../../io/output.js';
import { defineView, type View } from '../../io/view.js';
import type { XlsxColumn, XlsxKind } from '../../io/xlsx-out.js';

const options = {
  ...clientFilterFlags('export'),
  ...listSeparatorFlag('separator of values inside a list cell'),
  bom: flag(
    '--bom',
    'start the CSV with a byte-order mark, so that Excel opens it as UTF-8 (default: when stdout is a file, as with > clients.csv)',
    z.boolean().optional(),
    { negation: 'no byte-order mark, even when writing to a file' },
  ),
};
type ExportOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'export'],
  summary: 'Export clients as CSV (importable) or another format',
  description:
    'Export the clients matching the `clients list` filters. CSV by default, with the column names `clients import` reads, so the file imports back into another portal (Service Provider by name, Caseworkers by staff email, lists separated by |). Written to a file (> clients.csv) the CSV starts with a byte-order mark, so that Excel reads it as UTF-8 (--no-bom leaves it out, --bom adds it when piped). -o xlsx writes an Excel workbook (dates as dates, identifiers as text), which imports back too. Any other -o format works; --json gives the API objects.',
  options,
  examples: [
    'portalctl clients export > clients.csv',
    'portalctl clients export -o xlsx > clients.xlsx',
    'portalctl clients export --status referral --invite pending > pending.csv',
    'portalctl clients export --provider "Northstar Employment Services" -o ndjson',
    'portalctl clients export --url https://old.example.org > all.csv && portalctl clients import all.csv --url https://new.example.org --yes',
  ],
  run: runExport,
});

interface Names {
  providers: Map<string, string>;
  staff: Map<string, string>;
}

/** Reads a field of a client in the import's cell form. */
function fieldValue(client: Client, key: FieldKey, names: Names, separator: string): string {
  const list = (values: readonly string[]) => values.join(separator);
  switch (key) {
    case 'firstName':
      return client.firstName;
    case 'lastName':
      return client.lastName;
    case 'preferredName':
      return client.preferredName ?? '';
    case 'pronouns':
      return client.pronouns ?? '';
    case 'email':
      return client.email;
    case 'phone':
      return client.phone ?? '';
    case 'address':
      return client.address ?? '';
    case 'dateOfBirth':
      return client.dateOfBirth ?? '';
    case 'selfIdentification':
      return list(client.selfIdentification);
    case 'targetOccupations':
      return list(client.targetOccupations);
    case 'serviceNeeds':
      return list(client.serviceNeeds);
    case 'transportation':
      return client.transportation ?? '';
    case 'communication.channel':
      return client.communication.channel ?? '';
    case 'communication.jobPostUpdates':
      return client.communication.jobPostUpdates === null ? '' : client.communication.jobPostUpdates ? 'yes' : 'no';
    case 'communication.frequency':
      return client.communication.frequency ?? '';
    case 'referral.source':
      return client.referral.source ?? '';
    case 'referral.referenceNumber':
      return client.referral.referenceNumber ?? '';
    case 'referral.reasons':
      return client.referral.reasons ?? '';
    case 'provider':
      return names.providers.get(client.providerId) ?? client.providerId;
    case 'caseworkers':
      return list(client.caseworkerIds.map((id) => names.staff.get(id) ?? id));
    case 'camsClientReferenceNumber':
      return client.link.type === 'cams' ? client.link.clientReferenceNumber : '';
    case 'caNumber':
      return client.link.type === 'ca' ? client.link.caNumber : '';
  }
}

function infoValue(client: Client, key: InfoKey): string {
  switch (key) {
    case 'id':
      return client.id;
    case 'status':
      return client.status;
    case 'invite':
      return client.invite.status;
    case 'archived':
      return client.archived ? 'yes' : 'no';
    case 'createdAt':
      return client.createdAt;
  }
}

/** The export view: CSV headers are the import's column names (its `key`s, also for --fields). */
function exportView(names: Names, separator: string): View<Client> {
  const columns = [
    ...COLUMNS.map((c) => ({
      key: c.header,
      header: c.header,
      value: (client: Client) => fieldValue(client, c.key, names, separator),
    })),
    ...INFO_COLUMNS.map((c) => ({
      key: c.header,
      header: c.header,
      value: (client: Client) => infoValue(client, c.key),
    })),
  ];
  return defineView<Client>({
    name: 'client',
    id: (c) => c.id,
    columns,
    defaults: columns.map((c) => c.key),
  });
}

async function directory(api: ApiClient): Promise<Names> {
  const [providers, staff] = await Promise.all([api.call('listProviders', {}), api.call('listStaff', {})]);
  return {
    providers: new Map(providers.data.map((p) => [p.id, p.name])),
    staff: new Map(staff.data.map((s) => [s.id, s.email])),
  };
}

/** How each column is typed in a workbook (the rest is text). */
const XLSX_KINDS: Partial<Record<string, XlsxKind>> = {
  dateOfBirth: 'date',
  'communication.jobPostUpdates': 'boolean',
  archived: 'boolean',
  createdAt: 'timestamp',
};

function xlsxColumns(names: Names, separator: string): XlsxColumn<Client>[] {
  return [
    ...COLUMNS.map((c) => ({
      header: c.header,
      kind: XLSX_KINDS[c.key] ?? 'text',
      value: (client: Client) =>
        c.key === 'communication.jobPostUpdates'
          ? client.communication.jobPostUpdates
          : fieldValue(client, c.key, names, separator),
    })),
    ...INFO_COLUMNS.map((c) => ({
      header: c.header,
      kind: XLSX_KINDS[c.key] ?? 'text',
      value: (client: Client) => (c.key === 'archived' ? client.archived : infoValue(client, c.key)),
    })),
  ];
}

/** stdout is a regular file (`> clients.csv`): a spreadsheet will open it, not a script's pipe. */
function writesToFile(stream: OutStream): boolean {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return false;
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

async function runExport(options: ExportOptions, deps: Deps): Promise<void> {
  const { flags } = deps;
  if (flags.output?.toLowerCase() === WORKBOOK_FORMAT) return exportWorkbook(options, deps);
  // CSV unless another format is asked for: an export is for files, piped or not.
  const out = createOutput({
    stdout: deps.stdout,
    stderr: deps.stderr,
    env: deps.env,
    ...(flags.json ? { json: true } : { output: flags.output ?? 'csv' }),
    ...(flags.fields === undefined ? {} : { fields: flags.fields }),
    ...(flags.quiet === undefined ? {} : { quiet: flags.quiet }),
    ...(flags.color === undefined ? {} : { color: flags.color }),
  });
  const api = await deps.api();
  const names = await directory(api);
  const view = exportView(names, options.listSeparator);
  out.check(view);
  // Excel reads a CSV without a byte-order mark as Windows-1252 (Chloé becomes ChloÃ©).
  if (out.format === 'csv' && (options.bom ?? writesToFile(deps.stdout))) deps.stdout.write('\uFEFF');
  const clients = api.paginate('listClients', { query: await clientFilterQuery(api, options) }, { all: true });
  const count = await out.list(view, clients);
  if (out.format !== 'table') deps.out.info(`${count} client${count === 1 ? '' : 's'} exported`);
}

async function exportWorkbook(options: ExportOptions, deps: Deps): Promise<void> {
  if (deps.flags.fields !== undefined)
    throw usageError('--fields applies to text formats, not -o xlsx', 'leave it out');
  if (deps.stdout.isTTY) {
    throw usageError('-o xlsx writes a workbook, not text for the terminal', 'send it to a file: > clients.xlsx');
  }
  const api = await deps.api();
  const names = await directory(api);
  const { writeXlsx } = await import('../../io/xlsx-out.js');
  const clients = api.paginate('listClients', { query: await clientFilterQuery(api, options) }, { all: true });
  const count = await writeXlsx(deps.stdout, 'Clients', xlsxColumns(names, options.listSeparator), clients);
  deps.out.info(`${count} client${count === 1 ? '' : 's'} exported`);
}
