// `portalctl clients update --from-file FILE|-`: corrections to existing clients from a CSV or
// workbook (a CaMS export with fixed phone numbers, say). A command of its own rather than a mode
// of `clients import`: it creates no one and sends no invitations, so the import's flags about
// creating, inviting, name-match policies and batching would not apply, and its help says only
// what an update does. It shares the import's reader, validation, journal and report
// (src/bulk/update.ts).
import * as z from 'zod';
import { defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { fileRunWorld, readFlags, resumeCommand } from './import.js';

const options = {
  fromFile: flag(
    '--from-file <file>',
    'CSV file or .xlsx workbook of the clients to update, or - to read it from stdin',
    z.string().min(1, 'must name a file'),
  ),
  dryRun: flag(
    '--dry-run',
    "match every row and show each field's change, old → new; change nothing",
    z.boolean().default(false),
  ),
  skipInvalid: flag(
    '--skip-invalid',
    'apply the valid rows and report the invalid ones (default: stop when any row is invalid)',
    z.boolean().default(false),
  ),
  report: flag(
    '--report <file.csv>',
    'write one line per input row: row, line, status, client id, code, message with the old → new values (mode 0600)',
    z.string().min(1).optional(),
  ),
  state: flag(
    '--state <file>',
    'journal file (default: FILE.portalctl-update-journal; for stdin, under the XDG state directory)',
    z.string().min(1).optional(),
  ),
  restart: flag(
    '--restart',
    'forget the journal and start over (rows already applied then count as unchanged)',
    z.boolean().default(false),
  ),
  retryFailed: flag(
    '--retry-failed <report.csv>',
    'try again only the rows a report marks failed or refused (same FILE), once their cause is resolved',
    z.string().min(1).optional(),
  ),
  ...readFlags,
};
type UpdateCommandOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'update'],
  summary: 'Update existing clients from a CSV file (resumable)',
  description: [
    'Update existing clients from a CSV file or .xlsx workbook (or - for stdin): each row is matched to the client who is the same person, and the fields the file holds are changed. No client is created and no invitation is sent.',
    'Every row is checked first; nothing is changed while any row is invalid, unless --skip-invalid. On a terminal it asks before changing anything; otherwise it needs --yes.',
    'A journal next to the file (FILE.portalctl-update-journal, or --state) makes it safe to re-run: the same command resumes where it stopped, and nothing is applied twice, even after a crash.',
  ].join('\n'),
  options,
  refine: (o, ctx) => {
    if (o.restart && o.retryFailed) {
      ctx.addIssue({
        code: 'custom',
        message: 'cannot be combined with --restart (a new run has no failed rows yet)',
        path: ['retryFailed'],
      });
    }
  },
  help: `

Matching:
  A row updates a client only when it is the same person, by the rules of clients import:
  the same CaMS Client Reference Number or CA number (the row's CaMS or CA column), or else the
  same email and the same name (First Name and Last Name, compared as the duplicate check
  compares names: case, accents, spaces and punctuation ignored). A row that matches no one is
  "unmatched" and is not created (portalctl clients import adds such rows, and counts the others
  as existing). A row whose email belongs to a client with another name is "refused": two people
  are never merged, and a name is never changed through an email match (use clients edit).
  The same email (or CaMS or CA number) twice in the file: the first row is applied, the others
  are reported as duplicates.

Fields:
  The columns are those of clients import (portalctl clients import --template). A column the
  file does not have, or an empty cell, leaves the field as it is: a file never clears a field
  (clients edit does). A name that differs from the portal's only in case, accents, spaces or
  punctuation is left as it is (an export that lost accents never overwrites them; clients edit
  corrects a name). A row with nothing to change is "unchanged". Service Provider and
  Caseworkers columns are ignored (clients refer, clients assign-staff); Client ID, Status and
  the other columns clients export writes for information are ignored too.
  Email: a new email (a row matched by its CaMS or CA number) is pending until the client
  confirms it: a confirmation is emailed to the new address and the current one stays in use,
  as with clients edit --email. An email held by another client refuses the row (the dry run
  checks it too, and says so).
  Reasons for Referral: a new text is saved as a new case note; earlier ones are kept.

CaMS:
  While a client is linked to CaMS, First Name, Last Name, Phone, Address, Date of Birth and
  Self Identification come from CaMS. A row that would change any of them is refused whole,
  naming them ("update this in CaMS"), and nothing else in that row is changed: a row is
  applied as one correction or not at all. Leave those cells empty (or equal to the portal's
  values) to apply the rest of the row.

Dry run and report:
  --dry-run shows, for every row that would change, each field's old → new value; rows not
  applied say why. --report FILE.csv writes the same per row (row, line, status, client_id,
  code, message), readable by you only, formula cells neutralised. Statuses: updated (dry
  run: to-update), unchanged, unmatched, refused, failed, invalid, duplicate, pending.

Retrying:
  --retry-failed REPORT.csv (a report of an earlier run of the same FILE) tries again only the
  rows it marks failed or refused, once their cause is resolved (the client's name corrected with
  clients edit, the other client's email changed…); the others are not looked at again. A refused
  row is sent with a new Idempotency-Key, so the portal answers it afresh.

Journal:
  Row numbers, statuses, client ids, codes, the fields changed (never their values) and the
  run's secret from which each row's Idempotency-Key is derived. A killed run re-run with the
  same command looks again at the rows that were in flight: one whose change took effect counts
  as updated, the others are sent again with the same keys, so the portal answers them from its
  record instead of applying them twice. A changed file needs --restart.

Exit codes:
  0 every row updated or unchanged (or skipped as invalid with --skip-invalid);
  8 some rows were not applied: unmatched, refused or failed (see --report);
  2 nothing changed because the input is invalid, or --yes is missing; 130 the confirmation
  was answered no, or stopped by Ctrl-C (the journal is saved; the same command resumes).`,
  examples: [
    'portalctl clients update --from-file corrections.csv --dry-run',
    'portalctl clients update --from-file corrections.csv --yes --report update-report.csv',
    'portalctl clients update --from-file cams-export.xlsx --sheet Clients --dry-run --report plan.csv',
    'portalctl clients update --from-file corrections.csv --yes --json',
    'portalctl clients update --from-file corrections.csv --yes --retry-failed update-report.csv --report retry-report.csv',
    'cat corrections.csv | portalctl clients update --from-file - --yes',
  ],
  async run(options, deps) {
    await runUpdateCommand(options, deps);
  },
});

async function runUpdateCommand(options: UpdateCommandOptions, deps: Deps): Promise<void> {
  const { runUpdate } = await import('../../bulk/update.js');
  const { fromFile, ...rest } = options;
  const resume = resumeCommand(deps.argv);
  let api: ReturnType<Deps['api']> | undefined;
  const client = () => {
    api ??= deps.api();
    return api;
  };
  try {
    await runUpdate({ ...rest, file: fromFile, yes: deps.flags.yes ?? false }, fileRunWorld(deps, client, resume));
  } finally {
    await (await api?.catch(() => undefined))?.destroy();
  }
}
