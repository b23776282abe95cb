// The command tree without loading any command module: the groups (below) and every command's
// words, summary and flags, which the build reads from the commands' declarations
// (src/command/define.ts) into dist/manifest.json. `portalctl --help`, group help, "did you mean"
// and shell completion come from it; src/cli.ts then loads only the one module the command line
// names: src/commands/<path joined by '/'>.ts, e.g. portal users expire-link ->
// src/commands/portal/users/expire-link.ts.
import type { ManifestEntry } from './command/define.js';

export type CommandEntry = ManifestEntry;

export interface GroupEntry {
  path: readonly string[];
  summary: string;
  /** The group's common tasks, shown under Examples in its --help. */
  examples?: readonly string[];
  /** An older name of another group, kept for its commands' older names: not listed. */
  hidden?: true;
}

export const groups: readonly GroupEntry[] = [
  { path: ['clients'], summary: 'Add, find, edit, archive and support clients' },
  { path: ['clients', 'tasks'], summary: "A client's tasks: add, list, mark done, reopen" },
  { path: ['clients', 'task'], summary: 'The older name of clients tasks (task add)', hidden: true },
  { path: ['clients', 'flags'], summary: "A client's safety flags: add, remove, list (removed ones too)" },
  {
    path: ['clients', 'flag'],
    summary: 'The older name of clients flags (flag add, flag remove, flag CLIENT --reason)',
    hidden: true,
  },
  { path: ['clients', 'notes'], summary: 'Read, add, edit and delete case notes' },
  {
    path: ['clients', 'representatives'],
    summary: 'Client representatives: invite, list, resend, record a decline, remove',
    examples: [
      'portalctl clients representatives invite ada@example.org --first-name Grace --last-name Hopper --email grace@example.org',
      'portalctl clients representatives list ada@example.org          # pending / accepted / declined',
      'portalctl clients representatives resend ada@example.org grace@example.org --yes   # a fresh link',
      'portalctl clients representatives decline ada@example.org grace@example.org',
      'portalctl clients representatives invite ada@example.org --email grace@example.org --reinvite',
      'portalctl clients representatives remove ada@example.org grace@example.org --yes',
    ],
  },
  {
    path: ['clients', 'files'],
    summary: "A client's documents (PDF, Word): list, upload, download",
    examples: [
      'portalctl clients files upload ada@example.org resume.pdf paystub.pdf   # again after a break: skips what is there',
      'portalctl clients files list ada@example.org',
      'portalctl clients files download ada@example.org fl_01jq3v4w5x6y7z -o ~/Downloads/',
    ],
  },
  {
    path: ['invite'],
    summary: 'Send, resend and track portal invitations',
    examples: [
      'portalctl invite status ada@example.org             # pending / accepted / declined, and the next step',
      'portalctl invite resend ada@example.org --yes       # a fresh link; the old one stops working',
      'portalctl invite decline ada@example.org            # also before any invitation was sent',
      'portalctl invite send ada@example.org --reinvite --yes   # after a decline',
    ],
  },
  {
    path: ['cams'],
    summary: 'Look up CaMS clients, link them, read their Employment Action Plans',
    examples: [
      'portalctl cams lookup 210104729',
      'portalctl cams link amelia.b@example.org 210104729',
      'portalctl cams eap amelia.b@example.org      # case, goals, outcomes, sub-goals, plan items',
    ],
  },
  { path: ['ca'], summary: 'Look up Common Assessments' },
  { path: ['portal'], summary: 'Client portals shared with external users' },
  {
    path: ['portal', 'users'],
    summary: 'Invite and manage external portal users and their shared links',
    examples: [
      'portalctl portal users invite --email sam@maple.example.com --first-name Sam --last-name Lee --portal po_northstar01 --all-jobs',
      'portalctl portal users send-link pu_000005 --yes            # a fresh link when theirs expired',
      'portalctl portal users reactivate pu_000003 --send-link --yes',
      'portalctl portal users access pu_000001 --jobs "Forklift operator"',
      'portalctl portal users expire-link --user pu_000008 --all --yes',
      'portalctl portal users feedback pu_000001                # what they said about candidates',
    ],
  },
  {
    path: ['portals'],
    summary: 'Client portals: their jobs, the candidates put forward, notices to their users',
    examples: [
      'portalctl portals jobs add po_northstar01 --title "Dispatcher (nights)"',
      'portalctl clients consent cl_000014 --share-with-employers yes   # recorded before anyone is put forward',
      'portalctl portals candidates add po_northstar01 "Inventory clerk" cl_000014 --summary "Inventory experience" --document fl_…',
      'portalctl portals candidates list po_northstar01 --job "Forklift operator"',
      'portalctl portals notify po_northstar01 --dry-run                  # who would be emailed, and what',
      'portalctl portal users feedback pu_000001                          # what an employer said about candidates',
    ],
  },
  {
    path: ['portals', 'jobs'],
    summary: 'The jobs of a client portal: list, add, remove (portals jobs PORTAL lists them)',
    examples: [
      'portalctl portals jobs po_northstar01',
      'portalctl portals jobs add po_northstar01 --title "Dispatcher (nights)" --position 2',
      'portalctl portals jobs remove po_northstar01 "Forklift operator" --with-candidates --yes',
    ],
  },
  {
    path: ['portals', 'candidates'],
    summary: 'Candidates put forward on a client portal: add, list, remove',
    examples: [
      'portalctl portals candidates add po_northstar01 "Inventory clerk" darnell@example.org --summary - < summary.txt',
      'portalctl portals candidates list po_northstar01 --json',
      'portalctl portals candidates remove po_northstar01 cd_000002 --reason "Hired elsewhere" --yes',
    ],
  },
  { path: ['staff'], summary: 'Staff of the service providers' },
  { path: ['providers'], summary: 'Service providers and their groups' },
  { path: ['outbox'], summary: 'Messages the portal sent' },
  { path: ['audit'], summary: 'The audit log' },
  { path: ['profiles'], summary: 'Saved portals and tokens' },
  { path: ['server', 'tokens'], summary: "The local portal's API tokens: list, create, revoke" },
  { path: ['help'], summary: 'Help topics (exit-codes), or help for a command' },
];

/** Options every command accepts (declared on the root program). */
export const globalOptions: readonly { flags: string; description: string }[] = [
  { flags: '--json', description: 'Output JSON (same as -o json); errors too, on stderr' },
  {
    flags: '-o, --output <format>',
    description: 'Output format: table, json, ndjson, csv, tsv (xlsx: clients export, import --template)',
  },
  { flags: '--fields <list>', description: 'Only these fields/columns, comma-separated' },
  { flags: '-q, --quiet', description: 'Print only IDs, one per line' },
  { flags: '--no-color', description: 'Disable colour (also NO_COLOR=1, TERM=dumb)' },
  { flags: '--no-input', description: 'Never prompt; fail naming the missing flag instead' },
  { flags: '-y, --yes', description: 'Confirm actions that notify someone or remove access' },
  { flags: '--profile <name>', description: 'Use this saved profile (env PORTALCTL_PROFILE)' },
  { flags: '--url <url>', description: 'Portal URL (env PORTALCTL_URL)' },
  {
    flags: '--timeout <seconds>',
    description: 'How long to wait for the portal to answer, retries included (default 30)',
  },
  {
    flags: '--insecure-http',
    description: 'Allow plain http:// to a non-loopback portal (sends the token unencrypted)',
  },
  { flags: '--debug', description: 'Print requests (never tokens) and stack traces on stderr' },
];

/** Global options that take a value (the next argv word), for scanning argv without commander. */
export const GLOBAL_VALUE_FLAGS: ReadonlySet<string> = new Set([
  '-o',
  '--output',
  '--fields',
  '--profile',
  '--url',
  '--timeout',
]);

export function moduleFile(path: readonly string[]): string {
  return path.join('/');
}

let manifest: readonly CommandEntry[] | undefined;

/** Every command: dist/manifest.json, written by the build from every declaration. */
export function commands(): readonly CommandEntry[] {
  if (!manifest) {
    const { readFileSync } = process.getBuiltinModule('node:fs');
    // Next to the bundle in dist/; from src/ (tests), the one the last build wrote.
    const places = [new URL('./manifest.json', import.meta.url), new URL('../dist/manifest.json', import.meta.url)];
    let declared: CommandEntry[] | undefined;
    for (const place of places) {
      try {
        declared = JSON.parse(readFileSync(place, 'utf8')) as CommandEntry[];
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    if (!declared) throw new Error('the command list (dist/manifest.json) is missing: run npm run build');
    manifest = declared;
  }
  return manifest;
}

export function findCommand(path: readonly string[]): CommandEntry | undefined {
  return commands().find((c) => c.path.length === path.length && c.path.every((p, i) => p === path[i]));
}

/**
 * Direct children of a group (or of the root for []): subgroups and commands. Older names are left
 * out, except in the help of an older group name itself.
 */
export function childrenOf(path: readonly string[]): { name: string; summary: string; group: boolean }[] {
  const isChild = (p: readonly string[]) => p.length === path.length + 1 && path.every((s, i) => p[i] === s);
  const older = groups.some((g) => g.hidden && g.path.join(' ') === path.join(' '));
  const listed = (entry: { hidden?: true }) => older || !entry.hidden;
  return [
    ...groups
      .filter((g) => isChild(g.path) && listed(g))
      .map((g) => ({ name: g.path.at(-1)!, summary: g.summary, group: true })),
    // A command that is also a group (`clients flag CLIENT`, the older form of `clients flags add`)
    // is listed once, as the group.
    ...commands()
      .filter((c) => isChild(c.path) && !isGroup(c.path) && listed(c))
      .map((c) => ({ name: c.path.at(-1)!, summary: c.summary, group: false })),
  ];
}

export function isGroup(path: readonly string[]): boolean {
  return groups.some((g) => g.path.length === path.length && g.path.every((p, i) => p === path[i]));
}
