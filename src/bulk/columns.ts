// The columns of a client CSV: one list used by `clients import` (header matching, --template)
// and `clients export` (the header it writes), so an export imports back unchanged.

export type FieldKey =
  | 'firstName'
  | 'lastName'
  | 'preferredName'
  | 'pronouns'
  | 'email'
  | 'phone'
  | 'address'
  | 'dateOfBirth'
  | 'selfIdentification'
  | 'targetOccupations'
  | 'serviceNeeds'
  | 'transportation'
  | 'communication.channel'
  | 'communication.jobPostUpdates'
  | 'communication.frequency'
  | 'referral.source'
  | 'referral.referenceNumber'
  | 'referral.reasons'
  | 'provider'
  | 'caseworkers'
  | 'camsClientReferenceNumber'
  | 'caNumber';

/** Columns `clients export` writes for information; `clients import` accepts and ignores them. */
export type InfoKey = 'id' | 'status' | 'invite' | 'archived' | 'createdAt';

export type ColumnKind = 'text' | 'list' | 'boolean' | 'enum' | 'date';

export interface ColumnSpec {
  key: FieldKey;
  header: string;
  kind: ColumnKind;
  /** Other header spellings, compared after normaliseHeader(). */
  aliases: string[];
}

export const LIST_SEPARATOR = '|';

export const COLUMNS: readonly ColumnSpec[] = [
  { key: 'firstName', header: 'First Name', kind: 'text', aliases: ['given name', 'first', 'forename', 'fname'] },
  { key: 'lastName', header: 'Last Name', kind: 'text', aliases: ['surname', 'family name', 'last', 'lname'] },
  { key: 'preferredName', header: 'Preferred Name', kind: 'text', aliases: ['nickname', 'goes by'] },
  { key: 'pronouns', header: 'Pronouns', kind: 'text', aliases: ['preferred pronouns'] },
  { key: 'email', header: 'Email', kind: 'text', aliases: ['email address', 'e-mail', 'e-mail address', 'mail'] },
  {
    key: 'phone',
    header: 'Phone',
    kind: 'text',
    aliases: ['phone number', 'telephone', 'tel', 'mobile', 'cell', 'cell phone', 'primary phone'],
  },
  {
    key: 'address',
    header: 'Address',
    kind: 'text',
    aliases: ['primary address', 'street address', 'home address', 'mailing address'],
  },
  { key: 'dateOfBirth', header: 'Date of Birth', kind: 'date', aliases: ['dob', 'birth date', 'birthdate', 'born'] },
  { key: 'selfIdentification', header: 'Self Identification', kind: 'list', aliases: ['self-identification'] },
  {
    key: 'targetOccupations',
    header: 'Target Occupations',
    kind: 'list',
    aliases: ['target occupation', 'occupations', 'job goals'],
  },
  { key: 'serviceNeeds', header: 'Service Needs', kind: 'list', aliases: ['service need', 'needs'] },
  {
    key: 'transportation',
    header: 'Transportation',
    kind: 'enum',
    aliases: ['access to transportation', 'transport'],
  },
  {
    key: 'communication.channel',
    header: 'Communication Channel',
    kind: 'enum',
    aliases: ['caseworker communications channel', 'preferred channel', 'contact method'],
  },
  {
    key: 'communication.jobPostUpdates',
    header: 'Job Post Updates',
    kind: 'boolean',
    aliases: ['job posting updates'],
  },
  {
    key: 'communication.frequency',
    header: 'Update Frequency',
    kind: 'enum',
    aliases: ['job post update frequency', 'frequency'],
  },
  { key: 'referral.source', header: 'Referral Source', kind: 'text', aliases: ['referred by', 'source'] },
  {
    key: 'referral.referenceNumber',
    header: 'Referral Reference Number',
    kind: 'text',
    aliases: ['referral reference', 'referral ref'],
  },
  {
    key: 'referral.reasons',
    header: 'Reasons for Referral',
    kind: 'text',
    aliases: ['referral reasons', 'reason for referral', 'referral notes', 'reasons'],
  },
  {
    key: 'provider',
    header: 'Service Provider',
    kind: 'text',
    aliases: ['provider', 'service provider id', 'provider id'],
  },
  {
    key: 'caseworkers',
    header: 'Caseworkers',
    kind: 'list',
    aliases: ['caseworker', 'caseworker email', 'caseworker emails', 'assigned staff', 'caseworker?'],
  },
  {
    key: 'camsClientReferenceNumber',
    header: 'CaMS Client Reference Number',
    kind: 'text',
    aliases: ['cams client ref', 'cams ref', 'cams reference number', 'client reference number', 'cams client number'],
  },
  {
    key: 'caNumber',
    header: 'CA Number',
    kind: 'text',
    aliases: ['common assessment number', 'common assessment', 'ca no', 'ca #', 'assessment number'],
  },
];

export const INFO_COLUMNS: readonly { key: InfoKey; header: string; aliases: string[] }[] = [
  { key: 'id', header: 'Client ID', aliases: ['id', 'portal id'] },
  { key: 'status', header: 'Status', aliases: [] },
  { key: 'invite', header: 'Invite Status', aliases: ['invite', 'invitation status'] },
  { key: 'archived', header: 'Archived', aliases: [] },
  { key: 'createdAt', header: 'Created At', aliases: ['created'] },
];

/** Case-, accent-, space- and punctuation-insensitive: "E-mail Address " -> "emailaddress". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const LOOKUP = new Map<string, FieldKey | InfoKey>();
for (const column of COLUMNS) {
  for (const name of [column.header, column.key, ...column.aliases]) LOOKUP.set(normaliseHeader(name), column.key);
}
for (const column of INFO_COLUMNS) {
  for (const name of [column.header, ...column.aliases]) {
    const normal = normaliseHeader(name);
    if (!LOOKUP.has(normal)) LOOKUP.set(normal, column.key);
  }
}

const SPEC = new Map(COLUMNS.map((c) => [c.key, c]));
export function columnSpec(key: FieldKey): ColumnSpec {
  return SPEC.get(key)!;
}

/** Header row of `--template` and of `clients export` (export adds the INFO_COLUMNS after). */
export function templateHeaders(): string[] {
  return COLUMNS.map((c) => c.header);
}

export function isFieldKey(key: string): key is FieldKey {
  return SPEC.has(key as FieldKey);
}

/** `--map "Column Header=field"`: the field may be a key, a header or any alias; `-` ignores it. */
export interface ColumnMapping {
  /** Per column index: the field it fills, 'info' (ignored, known), or null (unknown). */
  fields: (FieldKey | 'ignore' | null)[];
  unknown: { index: number; header: string; suggestion?: string }[];
  /** Required headers that are missing (by their template name). */
  missing: string[];
  /** Two columns filling the same field. */
  conflicts: { field: FieldKey; headers: string[] }[];
}

export class MapOptionError extends Error {}

export function parseMapOptions(maps: readonly string[]): Map<string, FieldKey | 'ignore'> {
  const result = new Map<string, FieldKey | 'ignore'>();
  for (const entry of maps) {
    const at = entry.lastIndexOf('=');
    if (at <= 0) throw new MapOptionError(`--map "${entry}" must look like "Column Header=field"`);
    const header = entry.slice(0, at);
    const target = entry.slice(at + 1).trim();
    if (target === '-' || target.toLowerCase() === 'ignore') {
      result.set(normaliseHeader(header), 'ignore');
      continue;
    }
    const key = LOOKUP.get(normaliseHeader(target));
    if (!key || !isFieldKey(key)) {
      throw new MapOptionError(
        `--map "${entry}": unknown field "${target}"; fields are ${COLUMNS.map((c) => c.key).join(', ')} (or "-" to ignore the column)`,
      );
    }
    result.set(normaliseHeader(header), key);
  }
  return result;
}

/**
 * Whether a row reads as a header: at least two of its cells name known columns (or columns
 * --map names). A title above the header ("Clients, March 2026") does not.
 */
export function looksLikeHeader(fields: readonly string[], maps: Map<string, FieldKey | 'ignore'>): boolean {
  let known = 0;
  for (const field of fields) {
    const normal = normaliseHeader(field);
    if (normal !== '' && (maps.has(normal) || LOOKUP.has(normal))) known++;
    if (known >= 2) return true;
  }
  return false;
}

function suggestionFor(normal: string): string | undefined {
  if (normal.includes('case') && normal.includes('ref')) {
    return 'a CaMS Case Reference Number cannot link a client: the portal needs the Client Reference Number';
  }
  return undefined;
}

export function mapColumns(headers: readonly string[], maps: Map<string, FieldKey | 'ignore'>): ColumnMapping {
  const fields: ColumnMapping['fields'] = [];
  const unknown: ColumnMapping['unknown'] = [];
  const seen = new Map<FieldKey, string[]>();
  headers.forEach((header, index) => {
    const normal = normaliseHeader(header);
    const mapped = maps.get(normal);
    const key = mapped ?? LOOKUP.get(normal);
    if (normal === '' || mapped === 'ignore') {
      fields.push('ignore');
    } else if (key === undefined) {
      fields.push(null);
      const suggestion = suggestionFor(normal);
      unknown.push({ index, header, ...(suggestion ? { suggestion } : {}) });
    } else if (isFieldKey(key)) {
      fields.push(key);
      seen.set(key, [...(seen.get(key) ?? []), header]);
    } else {
      fields.push('ignore');
    }
  });
  const has = (key: FieldKey) => seen.has(key);
  const missing: string[] = [];
  if (!has('camsClientReferenceNumber') && !has('caNumber')) {
    for (const key of ['firstName', 'lastName', 'email'] as const) {
      if (!has(key)) missing.push(columnSpec(key).header);
    }
  }
  const conflicts = [...seen]
    .filter(([, names]) => names.length > 1)
    .map(([field, names]) => ({ field, headers: names }));
  return { fields, unknown, missing, conflicts };
}
