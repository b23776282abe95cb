// `portalctl clients import FILE|-`: bulk onboarding from a CSV, validated first, resumable and
// exactly-once. The work is in src/bulk/importer.ts; this file is flags, help and wiring. Ctrl-C
// reaches it as deps.signal (src/cli.ts owns the signal and the exit code).
import * as z from 'zod';
import { arg, defineCommand, flag, type OptionsOf, parseTimeout } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { reasonFlag } from '../../command/shared-options.js';
import { BATCH_MAX_ITEMS } from '../../contract/schemas.js';
import { CliError, usageError } from '../../errors.js';

/**
 * Requests in flight, chosen by `npm run bench:import` (bench/RESULTS.md, "Import"): one request
 * per row needs many in flight to keep the portal busy; batches of 100 need few (more only queue).
 */
export const DEFAULT_CONCURRENCY = { perRow: 64, batched: 4 } as const;

const DELIMITER_NAMES: Record<string, string> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\\t': '\t',
  '\t': '\t',
  '|': '|',
  pipe: '|',
};

const count = (max: number, maxMessage = `must be at most ${max}`) =>
  z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(max, maxMessage);

/** How the file is read into rows and fields (reader options join this list). */
export const readFlags = {
  delimiter: flag(
    '--delimiter <char>',
    'field delimiter: , ; tab | (default: detected from the header line)',
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const delimiter = DELIMITER_NAMES[value.toLowerCase()];
        if (!delimiter) {
          ctx.addIssue({ code: 'custom', message: 'must be one of , ; tab |' });
          return z.NEVER;
        }
        return delimiter;
      }),
  ),
  encoding: flag(
    '--encoding <name>',
    'utf-8, utf-16le, utf-16be or windows-1252 (default: from the BOM, else UTF-8)',
    z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  ),
  sheet: flag(
    '--sheet <name>',
    "a workbook's sheet to read (default: the first)",
    z.string().min(1, 'must name a sheet').optional(),
  ),
  headerRow: flag(
    '--header-row <n>',
    'the line (a sheet: the row number) with the column names (default: the first, or the first below a title)',
    z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  ),
  dateFormat: flag(
    '--date-format <order>',
    'order of dates written with numbers only (03/14/88): mdy, dmy or ymd; two-digit years are 20YY unless after today, else 19YY',
    z.enum(['mdy', 'dmy', 'ymd'], { message: 'must be mdy, dmy or ymd' }).optional(),
  ),
  map: flag(
    '--map <header=field>',
    'read a column as a field, e.g. --map "Given Name=firstName"; "=-" ignores it (repeatable)',
    z.array(z.string()).default([]),
    { repeatable: true },
  ),
  strict: flag('--strict', 'unknown columns are an error instead of a warning', z.boolean().default(false)),
  listSeparator: flag(
    '--list-separator <char>',
    'separator of values inside a list cell (Target Occupations, Service Needs…)',
    z.string().length(1, 'must be one character').default('|'),
    { defaultText: '"|"' },
  ),
};

/** What happens to the rows: checks, matches, invitations. */
const rowFlags = {
  dryRun: flag(
    '--dry-run',
    'validate, check the portal for existing clients and show the plan; send nothing',
    z.boolean().default(false),
  ),
  skipInvalid: flag(
    '--skip-invalid',
    'import the valid rows and report the invalid ones (default: stop when any row is invalid)',
    z.boolean().default(false),
  ),
  invite: flag('--no-invite', 'create the clients without sending invitations', z.boolean().default(true)),
  ...reasonFlag(
    'why the invitations are sent (one line, at most 200 characters): kept in the audit entry of each client invited; required when the portal says so (checked before anything is sent), and the same on a resumed run',
  ),
  report: flag(
    '--report <file.csv>',
    'write one line per input row: row, line, status, client id, error code, message (mode 0600)',
    z.string().min(1).optional(),
  ),
  retryFailed: flag(
    '--retry-failed <report.csv>',
    'send again only the rows a report marks failed (same FILE)',
    z.string().min(1).optional(),
  ),
  onEmailMatch: flag(
    '--on-email-match <policy>',
    'the email belongs to a client with another name: fail (a conflict), skip, or same-person (count it as existing)',
    z.enum(['fail', 'skip', 'same-person']).default('fail'),
    { defaultText: '"fail"' },
  ),
  onNameMatch: flag(
    '--on-name-match <policy>',
    'a client with a matching name has another email (a possible duplicate): fail, skip, or create it anyway',
    z.enum(['fail', 'skip', 'create']).default('fail'),
    { defaultText: '"fail"' },
  ),
};

/** How the rows are sent, and where the run keeps its state. */
const sendFlags = {
  concurrency: flag(
    '--concurrency <n>',
    `requests in flight, backing off on 429 and recovering (default: ${DEFAULT_CONCURRENCY.batched} batched, ${DEFAULT_CONCURRENCY.perRow} one per row)`,
    count(64).optional(),
  ),
  batch: flag(
    '--no-batch',
    'one request per row, even when the portal offers the batch endpoint',
    z.boolean().default(true),
  ),
  batchSize: flag(
    '--batch-size <n>',
    `clients per batch request (at most ${BATCH_MAX_ITEMS})`,
    count(BATCH_MAX_ITEMS, `must be at most ${BATCH_MAX_ITEMS} (the portal's limit)`).default(BATCH_MAX_ITEMS),
    { defaultText: `"${BATCH_MAX_ITEMS}"` },
  ),
  state: flag(
    '--state <file>',
    'journal file (default: FILE.portalctl-journal; for stdin, under the XDG state directory)',
    z.string().min(1).optional(),
  ),
  restart: flag(
    '--restart',
    'forget the journal and start over (rows already in the portal count as existing)',
    z.boolean().default(false),
  ),
  shard: flag(
    '--shard <k/n>',
    'process only shard K of N (rows split by a hash of their email): run N machines with 1/N…N/N',
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const match = /^(\d+)\/(\d+)$/.exec(value.trim());
        const index = Number(match?.[1]);
        const count = Number(match?.[2]);
        if (!match || count < 1 || count > 10_000 || index < 1 || index > count) {
          ctx.addIssue({ code: 'custom', message: 'must look like K/N with 1 <= K <= N, e.g. 2/4' });
          return z.NEVER;
        }
        return { index, count };
      }),
  ),
  progress: flag('--no-progress', 'no progress bar or progress lines', z.boolean().default(true)),
};

const options = {
  file: arg('[file]', 'CSV file or .xlsx workbook, or - to read it from stdin', z.string().min(1).optional()),
  template: flag('--template', 'print the header row of every supported column, and exit', z.boolean().default(false)),
  ...rowFlags,
  ...readFlags,
  ...sendFlags,
};
export type ImportCommandOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'import'],
  summary: 'Add clients in bulk from a CSV file (resumable)',
  description: [
    'Add clients in bulk from a CSV file (or - for stdin). Every row is checked first; nothing is sent while any row is invalid, unless --skip-invalid.',
    'Each created client gets a portal invitation (unless --no-invite), so the import asks first on a terminal and needs --yes otherwise.',
    'A journal next to the file (FILE.portalctl-journal, or --state) makes it safe to re-run: the same command resumes where it stopped, and no client is created or invited twice, even after a crash.',
  ].join('\n'),
  options,
  refine(o, ctx) {
    if (!o.template && !o.file) {
      ctx.addIssue({
        code: 'custom',
        message: 'is required (a CSV file or .xlsx workbook, or - for stdin)',
        path: ['file'],
      });
    }
    if (o.restart && o.retryFailed) {
      ctx.addIssue({
        code: 'custom',
        message: 'cannot be combined with --restart (a new run has no failed rows yet)',
        path: ['retryFailed'],
      });
    }
  },
  help: `

Columns:
  Headers match case, spaces and punctuation loosely, with common aliases (Given Name, E-mail,
  DOB, CaMS Client Reference Number…); see them all with --template. Required: First Name,
  Last Name, Email, unless the file has a CaMS Client Reference Number or CA Number column (the
  link then supplies them). A row with a CaMS number is linked to CaMS (names, phone, address,
  date of birth and self-identification then come from CaMS); a row with a CA number imports the
  submitted Common Assessment; a row with both is invalid.
  List cells (Self Identification, Target Occupations, Service Needs, Caseworkers) separate
  values with | (e.g. "Retail|Warehouse"); change it with --list-separator. Dates are
  YYYY-MM-DD, 14 March 1988 or March 14, 1988; dates with numbers only (03/14/88) need
  --date-format mdy, dmy or ymd. Job Post Updates is yes or no. Service Provider is a name or id; Caseworkers are
  staff emails or ids. Client ID, Status, Invite Status, Archived and Created At (written by
  clients export) are ignored. A leading ' before = + - @ (how portalctl and spreadsheets keep a
  cell from running as a formula) is dropped. Files may be UTF-8 (with or without a BOM) or
  UTF-16 with a BOM, with , ; or tab between fields; a row larger than 1 MiB (usually a quote
  that is never closed) stops the reading before anything is sent, naming its row and line.
  An .xlsx workbook is read from its first sheet (--sheet NAME for another): date cells as
  dates, numbers as their digits. .xls, .ods and other files are named and refused. A title
  above the header is skipped when the rows below it name the columns (--header-row N).

Rows:
  A row is "existing" (not created again, not an error) only when it is the same person as a
  client already in the portal: the same email and the same name, matched as the duplicate
  check matches names (case, accents, spaces and punctuation ignored, however the words split
  between first and last name), or the same CaMS Client Reference Number or CA number. So a
  re-run, or --restart, finds the rows it created as existing. The same email twice in the
  file: the first is imported, the others are reported as duplicates. A row's client goes to
  the service provider its Service Provider column names (that needs sp-group-admin), else to
  the token's own provider (an administrator's own, e.g. the built-in local portal's).

Email and name matches:
  --on-email-match: the row's email belongs to a client with another name. fail (default): a
  conflict, not created, the run exits 8; skip: not created, reported as skipped; same-person:
  counted as existing (you vouch that the email identifies the person). An email in use at
  another provider is always a conflict, naming no one.
  --on-name-match: a client whose name matches the row's (the rule of clients add: partial,
  accent- and punctuation-insensitive, at the provider the row's client will live at) has
  another email. fail (default): a possible duplicate, not created, exit 8; skip: not created,
  reported as skipped; create: created without asking (as clients add --allow-duplicate-name).
  The report's client_id of such a row is the existing client's, and its message names both
  people; the first ones are also listed on screen. --dry-run counts them the same way. Once
  checked, --retry-failed REPORT.csv --on-name-match create (or --on-email-match same-person)
  decides the failed ones.

Journal:
  Row numbers, statuses, client ids and error codes, and the run's secret from which each row's
  idempotency key is derived: no names or emails (mode 0600). A killed run (even kill -9) re-run
  with the same command replays the rows that were in flight with the same keys, so the portal
  answers them from its record instead of acting twice. A changed file needs --restart.

Portal failures:
  Network errors and 5xx answers are retried with backoff; 429 lowers the concurrency. When the
  portal answers nothing for --timeout (30 s by default), asks to wait more than 60 s, or
  redirects, the import stops: the rows not sent stay pending in the journal and the same
  command resumes them. A row with more cells than the header is a warning (--strict: invalid).

Exit codes:
  0 every row created, existing or deliberately skipped (--skip-invalid, duplicates, a skip
  policy);
  8 some rows failed, conflicts and possible duplicates included (see --report; re-running
  retries network/server failures);
  7 the portal stopped answering or failed every row (the same command resumes);
  2 nothing sent because the input is invalid, or --yes is missing; 130 the confirmation was
  answered no (nothing sent), or stopped by Ctrl-C (the journal is saved; the same command
  resumes).`,
  examples: [
    'portalctl clients import --template > clients.csv',
    'portalctl clients import --template -o xlsx > clients.xlsx',
    'portalctl clients import clients.xlsx --sheet "March intake" --dry-run',
    'portalctl clients import export.csv --date-format dmy --dry-run   # dates like 14/03/88',
    'portalctl clients import clients.csv --dry-run',
    'portalctl clients import clients.csv --skip-invalid --yes --report report.csv',
    'portalctl clients import clients.csv --yes --reason "Spring intake"   # kept in each invitation\'s audit entry',
    'portalctl clients import clients.csv --yes --retry-failed report.csv',
    'portalctl clients import clients.csv --yes --retry-failed report.csv --on-name-match create   # checked: different people',
    'portalctl clients import export.csv --map "Given Name=firstName" --map "Notes=-" --no-invite',
    'cat clients.csv | portalctl clients import - --yes --json',
    'portalctl clients import big.csv --yes --shard 2/4   # on the second of four machines',
  ],
  async run(options, deps) {
    if (!options.template) {
      const { boundMemory } = await import('../../bulk/memory.js');
      boundMemory((line) => deps.debug(line));
    }
    await runImportCommand(options, deps);
  },
});

/** Shell-quotes one argument for the resume hint. */
function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function resumeCommand(argv: readonly string[]): string {
  return ['portalctl', ...argv.filter((a) => a !== '--restart')].map(quote).join(' ');
}

export async function runImportCommand(options: ImportCommandOptions, deps: Deps): Promise<void> {
  if (options.template && deps.flags.output?.toLowerCase() === 'xlsx') {
    if (deps.stdout.isTTY) throw usageError('-o xlsx writes a workbook', 'send it to a file: > clients.xlsx');
    const [{ templateHeaders }, { writeXlsx }] = await Promise.all([
      import('../../bulk/columns.js'),
      import('../../io/xlsx-out.js'),
    ]);
    const columns = templateHeaders().map((header) => ({ header, kind: 'text' as const, value: () => null }));
    await writeXlsx(deps.stdout, 'Clients', columns, []);
    deps.out.info('Fill in a row per client; dates as dates or YYYY-MM-DD; lists separated by |.');
    return;
  }
  if (options.template) {
    const { templateHeaders } = await import('../../bulk/columns.js');
    deps.out.line(templateHeaders().join(','));
    deps.out.info(
      `Required: First Name, Last Name, Email (unless a CaMS Client Reference Number or CA Number is given). Lists use ${options.listSeparator} between values; dates are YYYY-MM-DD.`,
    );
    return;
  }
  const [{ runImport }, { importTransport }] = await Promise.all([
    import('../../bulk/importer.js'),
    import('../../bulk/transport.js'),
  ]);
  const concurrency = options.concurrency ?? (options.batch ? DEFAULT_CONCURRENCY.batched : DEFAULT_CONCURRENCY.perRow);
  // A portal without the batch endpoint gets the per-row default (unless --concurrency was given).
  const fallbackConcurrency = options.concurrency ?? DEFAULT_CONCURRENCY.perRow;
  const timeoutMs = parseTimeout(deps.flags.timeout);
  const resume = resumeCommand(deps.argv);
  // Said before the pipeline hears of it: the first Ctrl-C sends nothing new.
  const onStop = () =>
    deps.stderr.write(
      '\nStopping: no new rows are sent; waiting for the requests in flight (Ctrl-C again to quit now)\n',
    );
  const stop = deps.signal;
  stop.addEventListener('abort', onStop, { once: true });
  const offQuit = deps.onQuit(() => {
    // The progress bar hides the cursor and turns line wrapping off until it stops; quitting
    // without stopping it would hand the shell back a terminal with neither.
    if (deps.stderr.isTTY) deps.stderr.write('\u001b[?25h\u001b[?7h\n');
    // Journal lines are appended whole, so quitting now keeps it consistent: the next run replays
    // what was in flight (and rows whose outcome came in this very turn) with the same keys.
    deps.stderr.write(`Quit at once; the journal is saved. To resume, run:\n  ${resume}\n`);
  });
  // One API client for the lookups and the sending: as many connections as requests in flight.
  let api: ReturnType<Deps['api']> | undefined;
  const client = () => {
    api ??= deps.api({ connections: Math.max(concurrency, fallbackConcurrency) });
    return api;
  };
  try {
    await runImport(
      {
        ...options,
        file: options.file!,
        yes: deps.flags.yes ?? false,
        concurrency,
        fallbackConcurrency,
        // --timeout bounds the wait for the portal to answer, retries included, here as everywhere.
        ...(timeoutMs ? { unreachableMs: timeoutMs } : {}),
      },
      {
        ...fileRunWorld(deps, client, resume),
        transport: async () => importTransport(await client()),
        peakMemory: () => process.resourceUsage().maxRSS * 1024,
      },
    );
  } finally {
    stop.removeEventListener('abort', onStop);
    offQuit();
    // Requests a stopped run gave up on (a portal that hangs) are not waited for.
    await (await api?.catch(() => undefined))?.destroy();
  }
}

/**
 * What a run over a file (import, update) gets of the command's world: its streams, a confirmation
 * that takes Ctrl-C as a no (nothing was sent), the API client, the portal's identity for the
 * journal, the stop signal, the clock and the command that resumes it.
 */
export function fileRunWorld(deps: Deps, api: () => ReturnType<Deps['api']>, resumeCommand: string) {
  return {
    stdin: deps.stdin,
    stderr: deps.stderr,
    out: deps.out,
    interactive: deps.interactive,
    confirm: (message: string) =>
      deps.prompter
        .confirm({ message, default: false, flag: '--yes' })
        .catch((error: unknown) =>
          error instanceof CliError && error.kind === 'cancelled' ? false : Promise.reject(error),
        ),
    api,
    portalId: () => portalId(deps),
    stop: deps.signal,
    env: deps.env,
    now: () => deps.clock().getTime(),
    resumeCommand,
  };
}

/** Identifies the portal in the journal: its URL, or the local portal's database. */
export async function portalId(deps: Deps): Promise<string> {
  const connection = await deps.connection();
  if (!connection.local) return connection.url ?? '';
  const { defaultDatabasePath } = await import('../../server/paths.js');
  return `local:${defaultDatabasePath(deps.env)}`;
}
