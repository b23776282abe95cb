// `portalctl completion bash|zsh|fish`: a completion script generated from the command list
// (every command's words and flags, from their declarations) and the global options, so it never
// falls behind the commands.
import * as z from 'zod';
import { arg, defineCommand } from '../command/define.js';
import type { Deps } from '../command/deps.js';
import { usageError } from '../errors.js';
import { commands, globalOptions, groups } from '../registry.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export default defineCommand({
  path: ['completion'],
  summary: 'Print a shell completion script (bash, zsh, fish)',
  description: 'Print a shell completion script for commands, their flags and the global options.',
  options: { shell: arg('<shell>', `one of: ${SHELLS.join(', ')}`, z.string()) },
  examples: [
    'portalctl completion bash > ~/.local/share/bash-completion/completions/portalctl',
    'portalctl completion zsh > ~/.zfunc/_portalctl   # with fpath+=(~/.zfunc) in ~/.zshrc',
    'portalctl completion fish > ~/.config/fish/completions/portalctl.fish',
  ],
  async run(options, deps) {
    runCompletion(options, deps);
  },
});

interface Node {
  path: string;
  children: { name: string; summary: string }[];
}

/** Every path that has children ("" is the root), with its children. */
function tree(): Node[] {
  const all = [...groups, ...commands()].filter((entry) => !entry.hidden);
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
  return [...groups, ...commands()].filter((entry) => !entry.hidden).map((entry) => entry.path.join(' '));
}

function longFlags(): string[] {
  return [
    ...globalOptions.flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('--'))),
    '--help',
    '--version',
  ];
}

/** Each command's own long flags, by path. */
function commandFlags(): { path: string; flags: string[] }[] {
  return commands()
    .filter((c) => c.flags.length > 0 && !c.hidden)
    .map((c) => ({ path: c.path.join(' '), flags: c.flags.map((f) => f.long) }));
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function completionScript(shell: Shell): string {
  const nodes = tree();
  const paths = allPaths();
  const flags = longFlags();
  const own = commandFlags();
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
  if [[ "$cur" == -* ]]; then
    case "$path" in
${own.map((c) => `      ${quote(c.path)}) opts=${quote([...c.flags, ...flags].join(' '))} ;;`).join('\n')}
      *) opts=${quote(flags.join(' '))} ;;
    esac
  fi
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
    case "$path" in
${own.map((c) => `      ${quote(c.path)}) opts=(${[...c.flags, ...flags].map(quote).join(' ')}) ;;`).join('\n')}
      *) opts=(${flags.map(quote).join(' ')}) ;;
    esac
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
${commands()
  .filter((c) => !c.hidden)
  .flatMap((c) =>
    c.flags.map(
      (f) =>
        `complete -c portalctl -n ${quote(`test "(__portalctl_path)" = ${quote(c.path.join(' '))}`)} -l ${f.long.slice(2)}${f.short ? ` -s ${f.short.slice(1)}` : ''}${f.value ? ' -r' : ''}${f.choices ? ` -a ${quote(f.choices.join(' '))}` : ''}`,
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
