// The one output layer: data to stdout in the chosen format, everything else (✓ lines, warnings,
// notes) to stderr. Commands call `out.list(view, items)` / `out.one(view, item)` and never
// format data themselves. Whatever a person reads (tables, TSV, lines, messages) shows control
// characters as visible stand-ins (visible.ts); JSON and CSV carry the data as it is.
import { Chalk, type ChalkInstance } from 'chalk';
import { valueAt } from '../contract/paths.js';
import { usageError } from '../errors.js';
import { readableTime, readableTimesIn } from '../time.js';
import { colorEnabled } from './color.js';
import { neutraliseCell, tsvCell } from './csv-safe.js';
import { schemaPaths, setAt } from './fields.js';
import { type Cell, type Column, cellText, type RefKind, type View } from './view.js';
import { visible } from './visible.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv'] as const;
export type Format = (typeof FORMATS)[number];

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** A terminal's width in characters. */
  columns?: number;
}

/** The width tables fit: COLUMNS when set, else the terminal's; undefined for a pipe or file (no limit). */
export function tableWidth(stdout: OutStream, env: Record<string, string | undefined>): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stdout.isTTY && stdout.columns && stdout.columns > 0 ? stdout.columns : undefined;
}

/** cli-table3's characters for a table drawn without borders, columns two spaces apart. */
export const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};
const GAP = BORDERLESS.middle.length;

export interface OutputSettings {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  json?: boolean;
  output?: string;
  fields?: string;
  quiet?: boolean;
  /** false with --no-color. */
  color?: boolean;
  /** The clock times are told against ("2 days ago"). */
  now?: () => Date;
  /** Names of the records a table refers to by id; a lookup that fails leaves the ids. */
  names?: (kinds: ReadonlySet<RefKind>) => Promise<ReadonlyMap<string, string>>;
}

export interface Output {
  readonly format: Format;
  readonly quiet: boolean;
  /** Colours for stderr messages (no-ops when colour is off). */
  readonly colors: ChalkInstance;
  /** Fails with a usage error if --fields names a column the view lacks. Call before any request. */
  check<T>(view: View<T>): void;
  /** Many records. ndjson, csv, tsv and -q stream as items arrive; table and json collect. Returns the count. */
  list<T>(view: View<T>, items: Iterable<T> | AsyncIterable<T>): Promise<number>;
  /** One record: a key/value table on a terminal, the API object with --json. */
  one<T>(view: View<T>, item: T): Promise<void>;
  /** A result that has no view (e.g. `{ ok: true }`): JSON in every machine format, text for table. */
  value(data: unknown, text?: string): void;
  /** A line of data that is not a record (an invite link, a script): stdout, as is. */
  line(text: string): void;
  /** Words for a person on stdout (a plan's heading): wrapped at spaces to a terminal's width in a table view. */
  prose(text: string): Promise<void>;
  /** `✓ message` on stderr. */
  success(message: string): void;
  /** `! message` on stderr. */
  warn(message: string): void;
  /** A plain note on stderr. */
  info(message: string): void;
  /** A bold heading on stderr (the steps of a wizard). */
  heading(text: string): void;
  /** An ISO timestamp as a person reads it, for messages: "2026-12-03 09:48 (2 days ago)". */
  time(iso: string): string;
}

function chalkFor(enabled: boolean, env: Record<string, string | undefined>): ChalkInstance {
  if (!enabled) return new Chalk({ level: 0 });
  const level = env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 3 : env.TERM?.includes('256') ? 2 : 1;
  return new Chalk({ level });
}

/** -o xlsx: a workbook, written by the commands that make spreadsheets (clients export). */
export const WORKBOOK_FORMAT = 'xlsx';

export function pickFormat(settings: Pick<OutputSettings, 'json' | 'output' | 'stdout'>): Format {
  // The commands that write a workbook read -o themselves; for the others, check() refuses it.
  if (settings.output?.toLowerCase() === WORKBOOK_FORMAT) return 'csv';
  const requested = settings.output?.toLowerCase();
  if (requested !== undefined && !(FORMATS as readonly string[]).includes(requested)) {
    throw usageError(`unknown output format "${settings.output}" for -o/--output`, `use one of: ${FORMATS.join(', ')}`);
  }
  if (settings.json && requested !== undefined && requested !== 'json') {
    throw usageError(`--json conflicts with -o ${requested}`, 'pass only one of them');
  }
  if (settings.json) return 'json';
  if (requested) return requested as Format;
  return settings.stdout.isTTY ? 'table' : 'tsv';
}

export function parseFields(fields: string | undefined): string[] | undefined {
  if (fields === undefined) return undefined;
  const list = fields
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (list.length === 0) throw usageError('--fields needs at least one field name', 'e.g. --fields id,email');
  return list;
}

/** A column for a field of the API object that the view does not list: its value as it is. */
function pathColumn<T>(path: string): Column<T> {
  return {
    key: path,
    header: path
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/\./g, ' ')
      .toUpperCase(),
    value: (item) => {
      const value = valueAt(item, path);
      if (value === undefined || value === null || typeof value !== 'object') return value as Cell;
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : JSON.stringify(value);
    },
    ...(/At$/.test(path) ? { time: true as const } : {}),
  };
}

export function selectColumns<T>(view: View<T>, fields: string[] | undefined): Column<T>[] {
  if (!fields) return view.defaults.map((key) => view.columns.find((c) => c.key === key)!);
  const paths = new Set(view.schema ? schemaPaths(view.schema()) : []);
  const unknown = fields.filter((f) => !view.columns.some((c) => c.key === f) && !paths.has(f));
  if (unknown.length > 0) {
    const valid = [...new Set([...view.columns.map((c) => c.key), ...paths])];
    throw usageError(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')} for --fields`,
      `valid fields for ${view.plural ?? `${view.name}s`}: ${valid.join(', ')}`,
    );
  }
  return fields.map((key) => view.columns.find((c) => c.key === key) ?? pathColumn<T>(key));
}

/** The JSON form of an item: the API object, or with --fields only those fields (nested ones nested). */
function jsonItem<T>(item: T, columns: Column<T>[] | undefined): unknown {
  if (!columns) return item;
  const source = item as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const column of columns) {
    const nested = column.key.includes('.') ? valueAt(item, column.key) : undefined;
    if (column.key in source) picked[column.key] = source[column.key];
    else if (nested !== undefined) setAt(picked, column.key, nested);
    else picked[column.key] = column.value(item);
  }
  return picked;
}

type RowWriter = (cells: string[]) => string;

/** CSV rows through csv-stringify (RFC 4180 quoting), every cell neutralised first. */
async function csvWriter(): Promise<RowWriter> {
  const { stringify } = await import('csv-stringify/sync');
  return (cells) => stringify([cells.map(neutraliseCell)], { eof: false });
}

const tsvRow: RowWriter = (cells) => cells.map(tsvCell).join('\t');

function toAsyncIterator<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
}

function workbookRefused(): never {
  throw usageError(
    '-o xlsx is written by clients export only (and clients import --template)',
    'use -o csv here, or portalctl clients export -o xlsx > clients.xlsx',
  );
}

export function createOutput(settings: OutputSettings): Output {
  const format = pickFormat(settings);
  const workbook = settings.output?.toLowerCase() === WORKBOOK_FORMAT;
  const fields = parseFields(settings.fields);
  const quiet = settings.quiet ?? false;
  const stdoutColor = chalkFor(colorEnabled(settings.stdout, settings.env, settings.color), settings.env);
  const stderrColor = chalkFor(colorEnabled(settings.stderr, settings.env, settings.color), settings.env);
  const out = (text: string) => settings.stdout.write(text);
  const err = (text: string) => settings.stderr.write(text);
  const now = settings.now ?? (() => new Date());
  const time = (iso: string) => readableTime(iso, now(), settings.env.TZ);
  // Messages on stderr name times as tables do, whoever wrote the sentence.
  const said = (message: string) => readableTimesIn(message, now(), settings.env.TZ);

  /**
   * A cell as text: for a table with control characters made visible and times in local time; for
   * CSV and TSV as is (their writers).
   */
  let names: ReadonlyMap<string, string> = new Map();
  // Ids in a cell ("selected jobs: jb_maple001, jb_maple002") become the names they stand for; so
  // does a whole cell that is a name's key of another shape (the audit log's actor `cams`).
  const nameIds = (text: string) =>
    names.get(text) ?? text.replace(/\b[a-z]{2}_[0-9a-z]+\b/g, (id) => names.get(id) ?? id);
  const named = (cell: Cell): Cell => {
    if (typeof cell === 'string') return nameIds(cell);
    return Array.isArray(cell) ? cell.map(nameIds) : cell;
  };
  /** Before a table: the names of what its columns refer to by id. */
  async function loadNames<T>(columns: Column<T>[]): Promise<void> {
    const kinds = new Set(columns.flatMap((c) => (c.ref ? [c.ref] : [])));
    if (kinds.size === 0 || !settings.names) return;
    try {
      names = await settings.names(kinds);
    } catch {
      // The ids are still right: a table without names is better than none.
    }
  }

  const cellFor = <T>(column: Column<T>, item: T, colored: boolean, raw = false): string => {
    const cell = column.value(item) as Cell;
    const value = cellText(!raw && column.ref ? named(cell) : cell);
    // Times inside text (a detail saying "deactivated since …") read as the time columns do.
    const shown =
      raw || value === '' ? value : column.time ? time(value) : said(column.show ? column.show(value) : value);
    const text = raw ? value : visible(shown);
    return colored && column.color && text !== '' ? column.color(text, item, stdoutColor) : text;
  };

  const width = tableWidth(settings.stdout, settings.env);

  async function table<T>(columns: Column<T>[], items: T[], hideFirst: readonly string[] = []): Promise<void> {
    const { default: Table } = await import('cli-table3');
    const rows = items.map((item) => columns.map((c) => cellFor(c, item, true)));
    let shown = columns.map((_, index) => index);
    let widths: number[] | undefined;
    let hidden: string[] = [];
    if (width !== undefined) {
      const { fitColumns } = await import('./table-fit.js');
      const fit = fitColumns(
        columns.map((c, index) => ({
          key: c.key,
          texts: [c.header, ...rows.map((row) => row[index]!)],
          wrap: Boolean(c.wrap || c.ref),
          time: Boolean(c.time),
        })),
        width,
        GAP,
        hideFirst.map((key) => columns.findIndex((c) => c.key === key)).filter((index) => index >= 0),
      );
      ({ shown, widths } = fit);
      hidden = [...fit.hidden].sort((a, b) => a - b).map((index) => columns[index]!.key);
    }
    const grid = new Table({
      head: shown.map((index) => stdoutColor.bold(columns[index]!.header)),
      chars: BORDERLESS,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
      // Free text wraps at spaces; nothing else is narrower than its longest cell (table-fit.ts).
      ...(widths ? { colWidths: widths, wordWrap: true, wrapOnWordBoundary: true } : {}),
    });
    for (const row of rows) grid.push(shown.map((index) => row[index]!));
    out(
      `${grid
        .toString()
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')}\n`,
    );
    if (hidden.length > 0) {
      const count = hidden.length === 1 ? '1 column' : `${hidden.length} columns`;
      err(`${stderrColor.dim(`${count} hidden at ${width} columns: ${hidden.join(', ')} (use --fields or --json)`)}\n`);
    }
  }

  return {
    format,
    quiet,
    colors: stderrColor,

    check(view) {
      if (workbook) workbookRefused();
      selectColumns(view, fields);
    },

    async list<T>(view: View<T>, items: Iterable<T> | AsyncIterable<T>): Promise<number> {
      if (workbook) workbookRefused();
      const columns = selectColumns(view, fields);
      const jsonColumns = fields ? columns : undefined;
      let count = 0;
      if (quiet) {
        for await (const item of items) {
          out(`${view.id(item)}\n`);
          count++;
        }
        return count;
      }
      switch (format) {
        case 'json': {
          const all: unknown[] = [];
          for await (const item of items) all.push(jsonItem(item, jsonColumns));
          out(`${JSON.stringify(all, null, 2)}\n`);
          return all.length;
        }
        case 'ndjson':
          for await (const item of items) {
            out(`${JSON.stringify(jsonItem(item, jsonColumns))}\n`);
            count++;
          }
          return count;
        case 'csv':
        case 'tsv': {
          const row = format === 'csv' ? await csvWriter() : tsvRow;
          // The header waits for the first answer, so a failed request prints no half-table.
          const iterator = toAsyncIterator(items);
          let next = await iterator.next();
          out(`${row(columns.map((c) => c.key))}\n`);
          while (!next.done) {
            out(`${row(columns.map((c) => cellFor(c, next.value as T, false, true)))}\n`);
            count++;
            next = await iterator.next();
          }
          return count;
        }
        case 'table': {
          const all: T[] = [];
          for await (const item of items) all.push(item);
          if (all.length === 0) {
            err(`No ${view.plural ?? `${view.name}s`} found.\n`);
            return 0;
          }
          await loadNames(columns);
          // With --fields the order asked for says what is hidden first (from the right).
          await table(columns, all, fields ? [] : view.hideFirst);
          return all.length;
        }
      }
    },

    async one<T>(view: View<T>, item: T): Promise<void> {
      if (workbook) workbookRefused();
      const columns = fields ? selectColumns(view, fields) : [...view.columns];
      if (quiet) {
        out(`${view.id(item)}\n`);
        return;
      }
      switch (format) {
        case 'json':
          out(`${JSON.stringify(jsonItem(item, fields ? columns : undefined), null, 2)}\n`);
          return;
        case 'ndjson':
          out(`${JSON.stringify(jsonItem(item, fields ? columns : undefined))}\n`);
          return;
        case 'csv':
        case 'tsv': {
          const row = format === 'csv' ? await csvWriter() : tsvRow;
          out(`${row(columns.map((c) => c.key))}\n${row(columns.map((c) => cellFor(c, item, false, true)))}\n`);
          return;
        }
        case 'table': {
          await loadNames(columns);
          const labelWidth = Math.max(...columns.map((c) => c.header.length)) + 2;
          // A value's own line breaks continue under it, so no line can pass for another field.
          const indent = `\n${' '.repeat(labelWidth)}`;
          const { wrapText } = width === undefined ? { wrapText: undefined } : await import('./table-fit.js');
          const field = async (column: Column<T>, blank = '') => {
            const text = cellFor(column, item, true) || blank;
            // On a terminal, long values wrap at spaces under themselves.
            const fitted = wrapText && width !== undefined ? await wrapText(text, width - labelWidth) : text;
            out(`${stdoutColor.bold(`${column.header}:`.padEnd(labelWidth))}${fitted.replace(/\n/g, indent)}\n`);
          };
          if (fields || !view.sections) {
            for (const column of columns) await field(column);
            return;
          }
          for (const [index, section] of view.sections.entries()) {
            out(`${index === 0 ? '' : '\n'}${stdoutColor.bold.underline(section.title)}\n`);
            for (const key of section.keys) await field(columns.find((c) => c.key === key)!, '—');
          }
          return;
        }
      }
    },

    value(data, text) {
      if (format === 'json') out(`${JSON.stringify(data, null, 2)}\n`);
      else if (format === 'table' && text !== undefined) out(`${visible(text)}\n`);
      else out(`${JSON.stringify(data)}\n`);
    },

    line(text) {
      out(`${visible(text)}\n`);
    },

    async prose(text) {
      if (format !== 'table' || width === undefined) {
        out(`${visible(text)}\n`);
        return;
      }
      const { wrapText } = await import('./table-fit.js');
      out(`${await wrapText(visible(text), width)}\n`);
    },

    success(message) {
      err(`${stderrColor.green('✓')} ${visible(said(message))}\n`);
    },
    warn(message) {
      err(`${stderrColor.yellow('!')} ${visible(said(message))}\n`);
    },
    info(message) {
      err(`${visible(said(message))}\n`);
    },
    heading(text) {
      err(`${stderrColor.bold(visible(text))}\n`);
    },
    time,
  };
}
