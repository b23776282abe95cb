// `portalctl completion bash|zsh|fish`: a completion script generated from the static registry
// (commands, groups and global options), so it never falls behind the commands.
import type { Command } from 'commander';
import { action, type Deps, examples } from '../deps.js';
import { usageError } from '../errors.js';
import { commands, globalOptions, groups } from '../registry.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function register(cmd: Command): void {
  cmd
    .description('Print a shell completion script for commands and global options.')
    .argument('<shell>', `one of: ${SHELLS.join(', ')}`)
    .addHelpText(
      'after',
      examples([
        'portalctl completion bash > ~/.local/share/bash-completion/completions/portalctl',
        'portalctl completion zsh > ~/.zfunc/_portalctl   # with fpath+=(~/.zfunc) in ~/.zshrc',
        'portalctl completion fish > ~/.config/fish/completions/portalctl.fish',
      ]),
    )
    .action(
      action(async (deps, shell: string) => {
        runCompletion({ shell }, deps);
      }),
    );
}

interface Node {
  path: string;
  children: { name: string; summary: string }[];
}

/** Every path that has children ("" is the root), with its children. */
function tree(): Node[] {
  const all = [...groups.map((g) => ({ ...g })), ...commands.map((c) => ({ ...c }))];
  const parents = new Map<string, { name: string; summary: string }[]>();
  for (const entry of all) {
    const parent = entry.path.slice(0, -1).join(' ');
    const list = parents.get(parent) ?? [];
    list.push({ name: entry.path.at(-1)!, summary: entry.summary });
    parents.set(parent, list);
  }
  return [...parents.entries()].map(([path, children]) => ({ path, children }));
}

function allPaths(): string[] {
  return [...groups.map((g) => g.path.join(' ')), ...commands.map((c) => c.path.join(' '))];
}

function longFlags(): string[] {
  return [
    ...globalOptions.flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('--'))),
    '--help',
    '--version',
  ];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function completionScript(shell: Shell): string {
  const nodes = tree();
  const paths = allPaths();
  const flags = longFlags();
  switch (shell) {
    case 'bash':
      return `# portalctl completion for bash: source this file, or save it as
# ~/.local/share/bash-completion/completions/portalctl
_portalctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word candidate opts i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    candidate="\${path:+$path }$word"
    case "$candidate" in
${paths.map((p) => `      ${quote(p)}) path="$candidate" ;;`).join('\n')}
    esac
  done
  case "$path" in
${nodes.map((n) => `    ${quote(n.path)}) opts=${quote(n.children.map((c) => c.name).join(' '))} ;;`).join('\n')}
    *) opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then opts=${quote(flags.join(' '))}; fi
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F _portalctl portalctl
`;
    case 'zsh':
      return `#compdef portalctl
# portalctl completion for zsh: save as _portalctl in a directory of $fpath
_portalctl() {
  local path="" word candidate
  local -a opts
  for word in "\${(@)words[2,CURRENT-1]}"; do
    [[ "$word" == -* ]] && continue
    candidate="\${path:+$path }$word"
    case "$candidate" in
${paths.map((p) => `      ${quote(p)}) path="$candidate" ;;`).join('\n')}
    esac
  done
  if [[ "\${words[CURRENT]}" == -* ]]; then
    opts=(${flags.map(quote).join(' ')})
    compadd -- "\${opts[@]}"
    return
  fi
  case "$path" in
${nodes
  .map(
    (n) =>
      `    ${quote(n.path)}) opts=(${n.children.map((c) => quote(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)).join(' ')}) ;;`,
  )
  .join('\n')}
    *) return ;;
  esac
  _describe 'command' opts
}
compdef _portalctl portalctl
`;
    case 'fish':
      return `# portalctl completion for fish: save as ~/.config/fish/completions/portalctl.fish
function __portalctl_path
  set -l words (commandline -opc)
  set -e words[1]
  set -l path ""
  for word in $words
    string match -q -- '-*' $word; and continue
    set -l candidate (string trim -- "$path $word")
    if contains -- $candidate ${paths.map(quote).join(' ')}
      set path $candidate
    end
  end
  echo $path
end
complete -c portalctl -f
${nodes
  .flatMap((n) =>
    n.children.map(
      (c) =>
        `complete -c portalctl -n ${quote(`test "(__portalctl_path)" = ${quote(n.path)}`)} -a ${quote(c.name)} -d ${quote(c.summary)}`,
    ),
  )
  .join('\n')}
${globalOptions
  .map((o) => {
    const long = o.flags.match(/--([\w-]+)/)?.[1];
    const short = o.flags.match(/^-(\w),/)?.[1];
    const takesValue = o.flags.includes('<');
    return `complete -c portalctl -l ${long}${short ? ` -s ${short}` : ''}${takesValue ? ' -r' : ''} -d ${quote(o.description)}`;
  })
  .join('\n')}
`;
  }
}

export function runCompletion(options: { shell: string }, deps: Deps): void {
  const shell = options.shell.toLowerCase();
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw usageError(`unknown shell "${options.shell}"`, `use one of: ${SHELLS.join(', ')}`);
  }
  deps.out.line(completionScript(shell as Shell).trimEnd());
}
