// Help for the root and for command groups, built from the static registry alone so that
// `portalctl --help` and `portalctl clients --help` load no command module and no commander.
import { EXIT_CODES } from './errors.js';
import { childrenOf, globalOptions, groups } from './registry.js';

const ROOT_DESCRIPTION =
  'Administer a Jobs Portal from the command line: clients, invitations, CaMS links and external portal users.';

const ROOT_EXAMPLES = [
  'portalctl clients list --status referral',
  'portalctl clients add --first-name Ada --last-name Lovelace --email ada@example.org --no-link',
  'portalctl invite resend ada@example.org --yes',
  'portalctl clients list -o csv --fields id,email > clients.csv',
  'portalctl login --url https://portal.example.org',
];

function twoColumns(rows: { left: string; right: string }[]): string[] {
  const width = Math.max(0, ...rows.map((r) => r.left.length)) + 2;
  return rows.map((r) => `  ${r.left.padEnd(width)}${r.right}`);
}

export function globalOptionLines(): string[] {
  return twoColumns([
    ...globalOptions.map((o) => ({ left: o.flags, right: o.description })),
    { left: '-V, --version', right: 'Print the version' },
    { left: '-h, --help', right: 'Show help' },
  ]);
}

/** The Commands block (the commands and groups under `path`) and the Global options block. */
function commandsAndGlobalOptions(path: readonly string[]): string[] {
  const children = childrenOf(path);
  return [
    'Commands:',
    ...twoColumns(children.map((c) => ({ left: c.group ? `${c.name} <command>` : c.name, right: c.summary }))),
    '',
    'Global options:',
    ...globalOptionLines(),
    '',
  ];
}

export function rootHelp(): string {
  const lines = [
    'Usage: portalctl <command> [options]',
    '',
    ROOT_DESCRIPTION,
    '',
    ...commandsAndGlobalOptions([]),
    'Examples:',
    ...ROOT_EXAMPLES.map((e) => `  $ ${e}`),
    '',
    'With no profile or PORTALCTL_URL, commands use the built-in local portal (seeded demo data).',
    "Run 'portalctl <command> --help' for a command's options, 'portalctl help exit-codes' for exit codes.",
  ];
  return `${lines.join('\n')}\n`;
}

export function groupHelp(path: readonly string[]): string {
  const group = groups.find((g) => g.path.join(' ') === path.join(' '));
  const name = `portalctl ${path.join(' ')}`;
  const lines = [
    `Usage: ${name} <command> [options]`,
    '',
    group?.summary ?? '',
    '',
    ...commandsAndGlobalOptions(path),
    ...(group?.examples?.length ? ['Examples:', ...group.examples.map((e) => `  $ ${e}`), ''] : []),
    `Run '${name} <command> --help' for a command's options.`,
  ];
  return `${lines.join('\n')}\n`;
}

export function exitCodesHelp(): string {
  const rows = EXIT_CODES.map((r) => ({ left: String(r.code), right: `${r.meaning} [${r.kinds.join(', ')}]` }));
  return `Exit codes of portalctl:\n\n${twoColumns(rows).join('\n')}\n\nWith --json, errors are also printed on stderr as {"error": {"kind", "message", "hint", "code", "status", "errors", "exitCode"}}.\n`;
}
