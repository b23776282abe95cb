// A command's declaration is the single source of its flags: a command line becomes the options
// object run() gets, and a declaration that does not hold together is caught at build time.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseCommandLine } from '../../../src/command/commander.js';
import { arg, checkDefinition, defineCommand, flag, manifestEntry } from '../../../src/command/define.js';
import clientsGet from '../../../src/commands/clients/get.js';
import clientsList from '../../../src/commands/clients/list.js';

describe('a command line becomes the options run() gets', () => {
  it('fills defaults and coerces values (clients list)', async () => {
    expect(await parseCommandLine(clientsList, ['--status', 'referral', '--limit', '5'])).toEqual({
      status: 'referral',
      archived: false,
      limit: 5,
      all: false,
      sort: 'newest',
    });
  });

  it('takes flags in any order, and --flag=value', async () => {
    expect(await parseCommandLine(clientsList, ['--all', '--search=obrien', '--archived'])).toMatchObject({
      search: 'obrien',
      all: true,
      archived: true,
      limit: 50,
    });
  });

  it('maps positional arguments to their option (clients get)', async () => {
    expect(await parseCommandLine(clientsGet, ['ada@example.org'])).toEqual({ client: 'ada@example.org' });
    expect(await parseCommandLine(clientsGet, [])).toEqual({ client: undefined });
  });

  it('names the flag of a value its schema refuses', async () => {
    await expect(parseCommandLine(clientsList, ['--limit', 'many'])).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('--limit'),
    });
    await expect(parseCommandLine(clientsList, ['--status', 'archived'])).rejects.toMatchObject({
      message: expect.stringContaining('--status'),
    });
  });

  it('refuses an unknown flag (commander)', async () => {
    await expect(parseCommandLine(clientsGet, ['--bogus'])).rejects.toMatchObject({ code: 'commander.unknownOption' });
  });

  it('applies rules across options, naming the flags', async () => {
    const both = defineCommand({
      path: ['demo'],
      summary: 'demo',
      options: {
        cams: flag('--cams <ref>', 'CaMS', z.string().optional()),
        ca: flag('--ca <number>', 'CA', z.string().optional()),
      },
      refine: (o, ctx) => {
        if (o.cams && o.ca) ctx.addIssue({ code: 'custom', path: ['ca'], message: 'cannot be used with --cams' });
      },
      run: async () => {},
    });
    await expect(parseCommandLine(both, ['--cams', '1', '--ca', '2'])).rejects.toMatchObject({
      message: expect.stringContaining('--ca cannot be used with --cams'),
    });
  });

  it('a rule may say how to fix it (params.hint); otherwise the hint points to --help', async () => {
    const rule = defineCommand({
      path: ['demo'],
      summary: 'demo',
      options: {
        first: flag('--first <name>', 'first', z.string().optional()),
        last: flag('--last <name>', 'last', z.string().optional()),
      },
      refine: (o, ctx) => {
        if (o.first && !o.last)
          ctx.addIssue({ code: 'custom', path: ['first'], message: 'needs --last', params: { hint: 'add --last' } });
      },
      run: async () => {},
    });
    await expect(parseCommandLine(rule, ['--first', 'a'])).rejects.toMatchObject({
      message: '--first needs --last',
      hint: 'add --last',
    });
    await expect(parseCommandLine(rule, ['--last', 'b', '--first', ''])).resolves.toEqual({ first: '', last: 'b' });
    await expect(parseCommandLine(clientsList, ['--limit', 'many'])).rejects.toMatchObject({
      hint: 'see --help for the accepted values',
    });
  });

  it('a boolean flag with its --no- form: true, false, or left out', async () => {
    const negatable = defineCommand({
      path: ['demo'],
      summary: 'demo',
      options: { updates: flag('--updates', 'send updates', z.boolean().optional(), { negation: 'no updates' }) },
      run: async () => {},
    });
    expect(await parseCommandLine(negatable, ['--updates'])).toEqual({ updates: true });
    expect(await parseCommandLine(negatable, ['--no-updates'])).toEqual({ updates: false });
    expect(await parseCommandLine(negatable, [])).toEqual({ updates: undefined });
  });
});

describe('checkDefinition', () => {
  const base = { path: ['demo'], summary: 'demo', run: async () => {} };

  it('accepts the real commands', () => {
    expect(checkDefinition(clientsList)).toEqual([]);
    expect(checkDefinition(clientsGet)).toEqual([]);
  });

  it('finds a flag declared under another key, a boolean with a value and a value flag without one', () => {
    const problems = checkDefinition(
      defineCommand({
        ...base,
        options: {
          dry: flag('--dry-run', 'x', z.boolean()),
          verbose: flag('--verbose <level>', 'x', z.boolean()),
          name: flag('--name', 'x', z.string()),
        },
      }),
    );
    expect(problems).toEqual([
      'portalctl demo: flag --dry-run must be declared as "dryRun", not "dry"',
      'portalctl demo: flag --verbose <level> is a boolean and takes no value',
      'portalctl demo: flag --name needs a <value>',
    ]);
  });

  it('finds a required argument after an optional one', () => {
    const problems = checkDefinition(
      defineCommand({
        ...base,
        options: { a: arg('[a]', 'x', z.string().optional()), b: arg('<b>', 'x', z.string()) },
      }),
    );
    expect(problems).toEqual(['portalctl demo: required argument <b> after an optional one']);
  });

  it('finds a --no- form declared on a flag that takes a value or is a negation itself', () => {
    const problems = checkDefinition(
      defineCommand({
        ...base,
        options: {
          level: flag('--level <n>', 'x', z.string().optional(), { negation: 'no level' }),
          color: flag('--no-color', 'x', z.boolean().default(true), { negation: 'colour' }),
        },
      }),
    );
    expect(problems).toEqual([
      'portalctl demo: flag --level <n> has a --no- form only as a positive boolean flag',
      'portalctl demo: flag --no-color has a --no- form only as a positive boolean flag',
    ]);
  });
});

describe('manifestEntry', () => {
  it('lists the flags with their values and choices, for completion', () => {
    const entry = manifestEntry(clientsList);
    expect(entry.path).toEqual(['clients', 'list']);
    expect(entry.flags).toContainEqual({ long: '--status', value: '<status>', choices: ['referral', 'client'] });
    expect(entry.flags).toContainEqual({ long: '--all' });
  });

  it('lists both forms of a flag with a --no- form', () => {
    const entry = manifestEntry(
      defineCommand({
        path: ['demo'],
        summary: 'demo',
        options: { updates: flag('--updates', 'x', z.boolean().optional(), { negation: 'no updates' }) },
        run: async () => {},
      }),
    );
    expect(entry.flags).toEqual([{ long: '--updates' }, { long: '--no-updates' }]);
  });
});
