// The quick path of src/program.ts reads a plain command line without commander. For every
// command in the registry and many command lines, it must hand the action exactly what commander
// would (arguments, option values, their sources, the global flags), or step aside.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, Option } from 'commander';
import * as commander from 'commander';
import { describe, expect, it } from 'vitest';
import { readGlobals } from '../../src/deps.js';
import { type CommandModule, commanderProgram, parseQuick } from '../../src/program.js';
import { type CommandEntry, commands, moduleFile } from '../../src/registry.js';

const COMMANDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/commands');

interface Seen {
  args: unknown[];
  opts: Record<string, unknown>;
  sources: Record<string, string | undefined>;
  globals: Record<string, unknown>;
  withGlobals: Record<string, unknown>;
}

function describeCall(args: unknown[]): Seen {
  const command = args.at(-1) as Command;
  const opts = args.at(-2) as Record<string, unknown>;
  return {
    args: args.slice(0, -2),
    opts: { ...opts },
    sources: Object.fromEntries(Object.keys(opts).map((key) => [key, command.getOptionValueSource(key)])),
    globals: { ...readGlobals(command) },
    withGlobals: command.optsWithGlobals(),
  };
}

/** What commander hands the action, or the error it reports. */
async function viaCommander(entry: CommandEntry, module: CommandModule, argv: string[]): Promise<Seen | Error> {
  const { program, leaf } = commanderProgram(commander, entry, module);
  program.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  let seen: Seen | undefined;
  leaf!.action((...args: unknown[]) => {
    seen = describeCall(args);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return error as Error;
  }
  return seen ?? new Error('the action did not run');
}

function viaQuick(entry: CommandEntry, module: CommandModule, argv: string[]): Seen | undefined {
  const quick = parseQuick(argv, entry, module);
  return quick ? describeCall(quick.args) : undefined;
}

/** Command lines built from what the command declares: its words, arguments and options. */
function commandLines(entry: CommandEntry, module: CommandModule): string[][] {
  const { leaf } = commanderProgram(commander, entry, module);
  const words = [...entry.path];
  const declared = (leaf as unknown as { registeredArguments: { required: boolean }[] }).registeredArguments;
  const required = declared.filter((a) => a.required).map((_, i) => `arg${i + 1}`);
  const all = declared.map((_, i) => `arg${i + 1}`);
  const tokens = (option: Option, form: 'long' | 'short' | 'equals'): string[] => {
    const flag = form === 'short' && option.short ? option.short : option.long!;
    if (!option.required) return [flag];
    return form === 'equals' && option.long
      ? [`${option.long}=v-${option.attributeName()}`]
      : [flag, `v-${option.attributeName()}`];
  };
  const lines: string[][] = [
    [...words, ...required],
    [...words, ...all],
    ['--json', ...words, ...required],
  ];
  lines.push(['-o', 'tsv', '--no-color', '--profile', 'p1', ...words, ...all, '--url', 'http://x', '-q']);
  for (const option of leaf!.options) {
    if (option.long === '--help') continue;
    lines.push([...words, ...required, ...tokens(option, 'long')]);
    lines.push([...words, ...tokens(option, 'short'), ...all]);
    lines.push([...words, ...tokens(option, 'equals'), ...required, ...tokens(option, 'long')]);
  }
  const every = leaf!.options.filter((o) => o.long !== '--help').flatMap((o) => tokens(o, 'long'));
  lines.push([...words, ...every, ...all]);
  // Lines the quick path must leave to commander.
  lines.push([...words, ...required, '--help'], [...words, ...required, '--nope'], [...words, '--', ...required]);
  lines.push([...words, ...required, '-qy'], [...words, ...required, '--fields'], [...all, ...words]);
  lines.push([...words, ...all, 'extra1', 'extra2'], ['clients', ...words]);
  return lines;
}

// As src/program.ts loads them (its template-literal import is esbuild's; vitest needs a path).
const loaded = await Promise.all(
  commands.map(async (entry) => {
    const file = path.join(COMMANDS, `${moduleFile(entry.path)}.ts`);
    const module = existsSync(file) ? ((await import(/* @vite-ignore */ file)) as CommandModule) : undefined;
    return { entry, module };
  }),
);

describe('the quick path reads a command line as commander does', () => {
  for (const { entry, module } of loaded) {
    if (!module) continue;
    it(`portalctl ${entry.path.join(' ')}`, async () => {
      for (const argv of commandLines(entry, module)) {
        const quick = viaQuick(entry, module, argv);
        if (quick === undefined) continue; // left to commander: nothing to compare
        const expected = await viaCommander(entry, module, argv);
        expect(expected, argv.join(' ')).not.toBeInstanceOf(Error);
        expect(quick, argv.join(' ')).toEqual(expected);
        expect(Object.keys(quick.opts), argv.join(' ')).toEqual(Object.keys((expected as Seen).opts));
      }
    });
  }

  it('takes the usual command lines and leaves the rest to commander', () => {
    const list = loaded.find(({ entry }) => entry.path.join(' ') === 'clients list')!;
    const quick = (argv: string[]) => viaQuick(list.entry, list.module!, argv);
    expect(quick(['clients', 'list', '--json', '--limit', '20'])?.opts).toMatchObject({ json: true, limit: '20' });
    expect(quick(['--json', 'clients', 'list', '--status=referral'])?.globals).toMatchObject({ json: true });
    for (const argv of [
      ['clients', 'list', '--help'],
      ['clients', 'list', '-h'],
      ['clients', 'list', '--bogus'],
      ['clients', 'list', '--limit'],
      ['clients', 'list', '--limit', '-1'],
      ['clients', 'list', '-qy'],
      ['clients', 'list', '--all=yes'],
      ['clients', '--json', 'list'],
      ['clients', 'list', 'extra'],
      ['clients', 'list', '--', '--json'],
    ]) {
      expect(quick(argv), argv.join(' ')).toBeUndefined();
    }
  });
});
