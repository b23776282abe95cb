// One CSV row -> the create-client body, checked with the contract's own schema. Errors name the
// column (as the file spells it) and the reason, never the value: reports and logs must not
// repeat personal data.
import type { z } from 'zod';
import { CHANNELS, type ClientCreate, ClientCreateSchema, FREQUENCIES, TRANSPORTATION } from '../contract/schemas.js';
import { issueText } from '../io/issue-text.js';
import { type ColumnMapping, columnSpec, type FieldKey, LIST_SEPARATOR } from './columns.js';
import { type DateOrder, readDate } from './dates.js';

export interface RowError {
  /** The column header as written in the file (or the template name when the column is absent). */
  column: string;
  message: string;
  /** A date made of numbers only, with no --date-format: said once for the column, not per row. */
  ambiguousDate?: { shape: string; evidence: 'day-first' | 'month-first' | 'none' };
}

/** Something to say about a valid row, said once for the file (warnings; --strict: errors). */
export interface RowNote {
  column: string;
  /** lost-letters: a ? inside a name; list-commas: a list cell with commas and no separator;
   * list-separated: a list cell using the separator (the file does use it). */
  code: 'lost-letters' | 'list-commas' | 'list-separated';
}

export interface RowContext {
  headers: readonly string[];
  mapping: ColumnMapping;
  listSeparator?: string;
  sendInvite: boolean;
  /** Normalised provider name or id -> provider id (only when the file has the column). */
  providers?: Map<string, string>;
  /** Lower-cased staff email or id -> staff id (only when the file has the column). */
  staff?: Map<string, string>;
  /** --date-format: the order of dates written with numbers only (03/14/88). */
  dateFormat?: DateOrder;
  /** Bounds two-digit years (a birth date is never in the future). */
  today?: Date;
}

export type RowResult =
  | { ok: true; body: ClientCreate; naturalKey: string; notes?: RowNote[] }
  | { ok: false; errors: RowError[]; naturalKey: string | undefined; notes?: RowNote[] };

const ENUMS: Partial<Record<FieldKey, readonly string[]>> = {
  transportation: TRANSPORTATION,
  'communication.channel': CHANNELS,
  'communication.frequency': FREQUENCIES,
};

const TRUE = new Set(['yes', 'y', 'true', '1', 'on']);
const FALSE = new Set(['no', 'n', 'false', '0', 'off']);

/**
 * Reads back a cell that portalctl (or a spreadsheet) protected from formula evaluation: a
 * leading ' before = + - @ is that protection, not part of the value, so export -> import
 * round-trips the value itself.
 */
export function unneutralise(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function normaliseEmailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The row's identity across runs: its email, or its CaMS / CA number when it has no email. Used
 * for in-file duplicates, idempotency keys and sharding.
 */
export function naturalKeyOf(body: Pick<ClientCreate, 'email' | 'link'>): string | undefined {
  if (body.email) return `email:${normaliseEmailKey(body.email)}`;
  const link = body.link;
  if (link && 'camsClientReferenceNumber' in link) return `cams:${link.camsClientReferenceNumber.trim()}`;
  if (link && 'caNumber' in link) return `ca:${link.caNumber.trim().toUpperCase()}`;
  return undefined;
}

export function providerKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const SCIENTIFIC = /^\d+(?:[.,]\d+)?E[+-]?\d+$/i;
const GROUPED = /^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?: \d{3})+$/;
const SCIENTIFIC_REASON =
  'the spreadsheet shows this number in scientific notation, which has lost its last digits: format the column as text and export again';

/**
 * A number as a spreadsheet may have written it: digit grouping (210,104,729) and a trailing .0
 * (210418916.0) are only display, and are dropped; scientific notation (2.10E+08) has lost digits,
 * and is refused.
 */
export function plainDigits(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  if (SCIENTIFIC.test(raw)) return { ok: false, reason: SCIENTIFIC_REASON };
  let value = raw;
  if (/^\d+\.0+$/.test(value)) value = value.slice(0, value.indexOf('.'));
  if (GROUPED.test(value)) value = value.replace(/[, ]/g, '');
  return { ok: true, value };
}

const CAMS_CLIENT_REF = /^\d{9}$/;
const CA_NUMBER = /^CA-\d{7}$/;

function camsReference(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const digits = plainDigits(raw);
  if (!digits.ok) return digits;
  const value = digits.value;
  if (CAMS_CLIENT_REF.test(value)) return { ok: true, value };
  if (/^C-?\d{8}$/i.test(value)) {
    return {
      ok: false,
      reason: 'is a CaMS Case Reference Number (C- and 8 digits): the portal needs the Client Reference Number',
    };
  }
  if (/^\d{1,8}$/.test(value)) {
    return {
      ok: false,
      reason: `has ${value.length} digits, and a CaMS Client Reference Number has 9: the spreadsheet may have dropped a leading zero; format the column as text and export again`,
    };
  }
  return { ok: false, reason: 'must be a CaMS Client Reference Number: 9 digits, e.g. 210104729' };
}

function caNumber(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const value = raw.toUpperCase().replace(/^CA\s*-?\s*/, 'CA-');
  if (CA_NUMBER.test(value)) return { ok: true, value };
  return { ok: false, reason: 'must be a CA number: CA- and 7 digits, e.g. CA-3005001' };
}

const NAME_KEYS = new Set<FieldKey>(['firstName', 'lastName', 'preferredName']);

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const dot = key.indexOf('.');
  if (dot === -1) {
    target[key] = value;
    return;
  }
  const outer = key.slice(0, dot);
  const inner = (target[outer] ?? {}) as Record<string, unknown>;
  inner[key.slice(dot + 1)] = value;
  target[outer] = inner;
}

/** Maps a schema issue path (e.g. ["communication","frequency"]) back to the field key. */
function fieldOfPath(path: readonly PropertyKey[]): FieldKey | 'link' | undefined {
  const [first, second] = path.map(String);
  if (first === 'communication' || first === 'referral') return `${first}.${second}` as FieldKey;
  if (first === 'providerId') return 'provider';
  if (first === 'caseworkerIds') return 'caseworkers';
  if (first === 'link') return 'link';
  return first as FieldKey;
}

/**
 * Builds and checks a row. `checked: true` skips the schema check for a row the first pass
 * already validated (the send pass reads the same file): the body is the same, the portal
 * validates it again anyway, and a million rows are not parsed by zod twice.
 */
export function buildRow(fields: readonly string[], ctx: RowContext, options: { checked?: boolean } = {}): RowResult {
  const errors: RowError[] = [];
  const notes: RowNote[] = [];
  const body: Record<string, unknown> = {};
  const columnOf = new Map<FieldKey, string>();
  const separator = ctx.listSeparator ?? LIST_SEPARATOR;
  let cams: string | undefined;
  let ca: string | undefined;

  ctx.mapping.fields.forEach((key, index) => {
    if (key === null || key === 'ignore') return;
    const header = ctx.headers[index] ?? columnSpec(key).header;
    columnOf.set(key, header);
    const raw = unneutralise((fields[index] ?? '').trim());
    if (raw === '') return;
    const spec = columnSpec(key);
    const fail = (message: string) => errors.push({ column: header, message });
    switch (key) {
      case 'camsClientReferenceNumber': {
        const read = camsReference(raw);
        // Invalid, it still marks the row as a CaMS row (names and email are then not asked for).
        cams = read.ok ? read.value : raw;
        if (!read.ok) fail(read.reason);
        return;
      }
      case 'caNumber': {
        const read = caNumber(raw);
        ca = read.ok ? read.value : raw;
        if (!read.ok) fail(read.reason);
        return;
      }
      case 'phone': {
        const read = plainDigits(raw);
        if (read.ok) setPath(body, key, read.value);
        else fail(read.reason);
        return;
      }
      case 'provider': {
        const id = ctx.providers?.get(providerKey(raw)) ?? (/^sp_[0-9a-z]{6,40}$/.test(raw) ? raw : undefined);
        if (id) body.providerId = id;
        else fail('no service provider has that name or id in this portal');
        return;
      }
      case 'caseworkers': {
        const ids: string[] = [];
        for (const entry of raw.split(separator)) {
          const value = entry.trim();
          if (!value) continue;
          const id = ctx.staff?.get(value.toLowerCase()) ?? (/^st_[0-9a-z]{6,40}$/.test(value) ? value : undefined);
          if (id) ids.push(id);
          else fail('no staff member has that email or id in this portal');
        }
        if (ids.length) body.caseworkerIds = ids;
        return;
      }
    }
    switch (spec.kind) {
      case 'date': {
        const read = readDate(raw, ctx.dateFormat, ctx.today ?? new Date());
        if (read.ok) setPath(body, key, read.iso);
        else if (read.ambiguous) {
          errors.push({
            column: header,
            message:
              'is written with numbers only, and the day and month could be either way round: write it as YYYY-MM-DD, or pass --date-format mdy, dmy or ymd',
            ambiguousDate: { shape: read.shape, evidence: read.evidence },
          });
        } else fail(read.reason);
        return;
      }
      case 'list': {
        if (raw.includes(separator)) notes.push({ column: header, code: 'list-separated' });
        else if (raw.includes(',')) notes.push({ column: header, code: 'list-commas' });
        const values = raw
          .split(separator)
          .map((v) => v.trim())
          .filter(Boolean);
        if (values.length) setPath(body, key, values);
        return;
      }
      case 'boolean': {
        const lower = raw.toLowerCase();
        if (TRUE.has(lower)) setPath(body, key, true);
        else if (FALSE.has(lower)) setPath(body, key, false);
        else fail('must be yes or no');
        return;
      }
      case 'enum': {
        const allowed = ENUMS[key] ?? [];
        const value = raw.toLowerCase().replace(/[\s_]+/g, '-');
        if (allowed.includes(value)) setPath(body, key, value);
        else fail(`must be one of ${allowed.join(', ')}`);
        return;
      }
      default:
        // A ? inside a name is almost always a letter the file's encoding could not hold.
        if (NAME_KEYS.has(key) && /\p{L}\?|\?\p{L}/u.test(raw)) notes.push({ column: header, code: 'lost-letters' });
        setPath(body, key, raw);
    }
  });

  if (cams !== undefined && ca !== undefined) {
    errors.push({
      column: `${columnOf.get('camsClientReferenceNumber')} / ${columnOf.get('caNumber')}`,
      message: 'fill in either the CaMS Client Reference Number or the CA number, not both',
    });
  } else if (cams !== undefined) {
    body.link = { camsClientReferenceNumber: cams };
  } else if (ca !== undefined) {
    body.link = { caNumber: ca };
  }
  body.sendInvite = ctx.sendInvite;

  const nameOf = (key: FieldKey | 'link'): string =>
    key === 'link'
      ? (columnOf.get(cams !== undefined ? 'camsClientReferenceNumber' : 'caNumber') ?? 'link')
      : (columnOf.get(key) ?? columnSpec(key).header);

  // Without a link the portal needs names and email; a CaMS link supplies names (and the email
  // CaMS holds), a Common Assessment supplies names and email.
  if (!body.link && (cams === undefined || ca === undefined)) {
    for (const key of ['firstName', 'lastName', 'email'] as const) {
      if (body[key] === undefined) errors.push({ column: nameOf(key), message: 'is required' });
    }
  }

  const noted = notes.length ? { notes } : {};
  if (options.checked && errors.length === 0) {
    const naturalKey = naturalKeyOf(body as Pick<ClientCreate, 'email' | 'link'>);
    if (naturalKey) return { ok: true, body: body as ClientCreate, naturalKey, ...noted };
  }
  const parsed = ClientCreateSchema().safeParse(body);
  if (!parsed.success) {
    for (const issue of (parsed.error as z.ZodError).issues) {
      const key = fieldOfPath(issue.path);
      errors.push({ column: key ? nameOf(key) : '(row)', message: issueText(issue) });
    }
  }
  const naturalKey = naturalKeyOf(body as Pick<ClientCreate, 'email' | 'link'>);
  if (errors.length || !parsed.success) return { ok: false, errors, naturalKey, ...noted };
  return { ok: true, body: parsed.data, naturalKey: naturalKey!, ...noted };
}
