// `portalctl cams link`: link a portal client to their CaMS client. The CaMS record is shown with
// what linking changes (name, phone, address, date of birth and self-identification then come
// from CaMS and are read-only in the portal), and confirmed on a terminal or with --yes.
import type { Command } from 'commander';
import { z } from 'zod';
import type { CamsClient, Client } from '../../api/schemas.js';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { CliError } from '../../errors.js';
import { confirmAction } from '../../io/confirm.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName, clientView } from '../../io/views/client.js';

export const LinkOptionsSchema = z.object({
  client: z.string().min(1).optional(),
  ref: z.string().trim().min(1, 'must not be empty').max(50).optional(),
  dryRun: z.boolean().default(false),
});
export type LinkOptions = z.output<typeof LinkOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      "Link a client to a CaMS client by CaMS Client Reference Number. Shows the CaMS record and what changes, then asks to confirm (pass --yes when not on a terminal). While linked, the client's name, phone, address, date of birth and self-identification come from CaMS and are read-only in the portal. A CaMS client links to one portal client only.",
    )
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .argument('[ref]', 'CaMS Client Reference Number (9 digits), e.g. 210104729')
    .option('--dry-run', 'show the CaMS record and what would change; link nothing')
    .addHelpText(
      'after',
      examples([
        'portalctl cams link ada@example.org 210104729',
        'portalctl cams link cl_01jq3v4w5x6y7z 210104729 --yes --json',
        'portalctl cams link ada@example.org 210104729 --dry-run',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined, ref: string | undefined, flags: Record<string, unknown>) => {
        await runLink(
          parseOptions(LinkOptionsSchema, { ...flags, client, ref }, { client: '<client>', ref: '<ref>' }),
          deps,
        );
      }),
    );
}

const CAMS_FIELDS = [
  ['firstName', 'first name'],
  ['lastName', 'last name'],
  ['phone', 'phone'],
  ['address', 'address'],
  ['dateOfBirth', 'date of birth'],
  ['selfIdentification', 'self-identification'],
] as const;

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

function text(value: string | readonly string[] | null): string | null {
  if (Array.isArray(value)) return value.length ? value.join('; ') : null;
  return (value as string | null) || null;
}

/** The CaMS-owned fields whose value linking would change. */
export function camsChanges(client: Client, record: CamsClient): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [key] of CAMS_FIELDS) {
    const from = text(client[key]);
    const to = text(record[key]);
    if (from !== to) changes.push({ field: key, from, to });
  }
  return changes;
}

function summary(client: Client, record: CamsClient, changes: FieldChange[]): string[] {
  const label = (key: string) => CAMS_FIELDS.find(([k]) => k === key)?.[1] ?? key;
  const lines = [
    `CaMS client ${record.clientReferenceNumber}: ${record.firstName} ${record.lastName}`,
    ...[
      ['date of birth', record.dateOfBirth],
      ['email', record.email],
      ['phone', record.phone],
      ['address', record.address],
      ['self-identification', text(record.selfIdentification)],
    ]
      .filter(([, v]) => v)
      .map(([k, v]) => `  ${k}: ${v}`),
    `Portal client ${client.id}: ${clientName(client)} <${client.email}>`,
  ];
  if (changes.length) {
    lines.push('Linking takes these fields from CaMS (then read-only in the portal):');
    for (const c of changes) lines.push(`  ${label(c.field)}: ${c.from ?? '(empty)'} -> ${c.to ?? '(empty)'}`);
  } else {
    lines.push('The CaMS-owned fields already match; they become read-only in the portal.');
  }
  if (client.link.type === 'ca') lines.push(`The link replaces the Common Assessment import ${client.link.caNumber}.`);
  return lines;
}

export async function runLink(options: LinkOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, {
    message: 'Which client should be linked to CaMS? (type a name or email)',
  });
  const ref =
    options.ref ??
    (await deps.prompter.input({
      message: 'CaMS Client Reference Number',
      flag: '<ref>',
      validate: (v) => (v.trim() ? true : 'enter the 9-digit Client Reference Number'),
    }));
  const api = await deps.api();
  const record = await api.call('lookupCams', { params: { ref: ref.trim() } });

  if (client.link.type === 'cams') {
    if (client.link.clientReferenceNumber === record.clientReferenceNumber) {
      await deps.out.one(clientView, client);
      deps.out.info(
        `${clientName(client)} is already linked to CaMS client ${record.clientReferenceNumber}; nothing changed`,
      );
      return;
    }
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) is already linked to CaMS client ${client.link.clientReferenceNumber}`,
      { hint: `remove that link first: portalctl cams unlink ${client.id}`, details: { code: 'already-linked' } },
    );
  }
  if (record.linkedClientId && record.linkedClientId !== client.id) {
    throw new CliError(
      'conflict',
      `CaMS client ${record.clientReferenceNumber} is already linked to portal client ${record.linkedClientId}; a CaMS client links to one portal client only`,
      {
        hint: `check that you have the right person: portalctl clients get ${record.linkedClientId}`,
        details: { code: 'cams-already-linked', existingClientId: record.linkedClientId },
      },
    );
  }

  const changes = camsChanges(client, record);
  const lines = summary(client, record, changes);
  if (options.dryRun) {
    deps.out.value(
      {
        dryRun: true,
        action: 'cams.link',
        clientId: client.id,
        camsClient: record,
        changes,
        replaces: client.link.type === 'ca' ? { type: 'ca', caNumber: client.link.caNumber } : null,
      },
      `Dry run: would link ${client.id} to CaMS client ${record.clientReferenceNumber}.\n${lines.join('\n')}\nNothing was changed.`,
    );
    return;
  }
  if (deps.prompter.interactive && !deps.flags.yes) for (const line of lines) deps.out.info(line);
  await confirmAction(deps, {
    message: `Link ${clientName(client)} to CaMS client ${record.clientReferenceNumber} (${record.firstName} ${record.lastName})?`,
    consequence: `linking ${client.id} to CaMS client ${record.clientReferenceNumber} replaces ${changes.length} field${changes.length === 1 ? '' : 's'} with the CaMS values and makes them read-only`,
  });
  const updated = await api.call('linkCams', {
    params: { id: client.id },
    body: { clientReferenceNumber: record.clientReferenceNumber },
  });
  await deps.out.one(clientView, updated);
  deps.out.success(`Linked ${updated.id} to CaMS client ${record.clientReferenceNumber}`);
}
