// What linking a client to CaMS replaces, as `cams link` shows it before linking: one row per
// field, its current value in the portal and the CaMS value that takes its place.
import type { ChalkInstance } from 'chalk';
import type { CamsFieldChange, CamsLinkPreview } from '../../contract/schemas.js';
import { cellText } from '../view.js';

export const CAMS_FIELD_LABELS: Record<CamsFieldChange['field'], string> = {
  firstName: 'first name',
  lastName: 'last name',
  phone: 'phone',
  address: 'address',
  dateOfBirth: 'date of birth',
  selfIdentification: 'self-identification',
};

function shown(value: CamsFieldChange['from']): string {
  return cellText(value) || '(empty)';
}

/** The changes as an aligned table (FIELD, CURRENT, CAMS), indented by two spaces. */
export function camsChangesTable(changes: readonly CamsFieldChange[], colors?: ChalkInstance): string[] {
  const rows = changes.map((c) => [CAMS_FIELD_LABELS[c.field], shown(c.from), shown(c.to)] as const);
  const header = ['FIELD', 'CURRENT', 'CAMS'] as const;
  const widths = [0, 1].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `  ${cells[0]!.padEnd(widths[0]!)}  ${cells[1]!.padEnd(widths[1]!)}  ${cells[2]}`.trimEnd();
  const head = line(header);
  return [colors ? colors.bold(head) : head, ...rows.map(line)];
}

/** The preview in words and a table, before a link (on stderr) or as a dry run's plan. */
export function camsLinkLines(
  preview: CamsLinkPreview,
  client: { id: string; name: string; email: string },
  colors?: ChalkInstance,
): string[] {
  const cams = preview.camsClient;
  const lines = [
    `CaMS client ${cams.clientReferenceNumber}: ${cams.firstName} ${cams.lastName}${cams.dateOfBirth ? `, born ${cams.dateOfBirth}` : ''}`,
    `Portal client ${client.id}: ${client.name} <${client.email}>`,
  ];
  if (preview.changes.length) {
    lines.push('Linking replaces these fields with the CaMS values (then read-only in the portal):');
    lines.push(...camsChangesTable(preview.changes, colors));
  } else {
    lines.push('The CaMS-owned fields already match; linking makes them read-only in the portal.');
  }
  if (preview.replaces) lines.push(`The link replaces the Common Assessment import ${preview.replaces.caNumber}.`);
  return lines;
}
