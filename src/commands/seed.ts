// `portalctl seed FILE`: create fixture data from a declarative file, ensure-exists (see
// src/bulk/seed.ts). Prints one line per entry (created / updated / unchanged), or with --json
// the map from fixture names to portal ids and invite links, for the CI step that runs next.
import * as z from 'zod';
import { arg, defineCommand, type OptionsOf } from '../command/define.js';
import type { Deps } from '../command/deps.js';
import { dryRunFlag } from '../command/shared-options.js';
import { defineView } from '../io/view.js';

const options = {
  file: arg(
    '<file>',
    'seed file, e.g. fixtures/ci-seed.json',
    z.string().min(1, 'is required (a seed file, e.g. fixtures/ci-seed.json)'),
  ),
  ...dryRunFlag('show what would be created or updated; change nothing'),
};
type SeedOptions = OptionsOf<typeof options>;

interface EntryRow {
  name: string;
  kind: string;
  status: string;
  id: string | null;
  inviteLink: string | null;
}

const entryView = defineView<EntryRow>({
  name: 'entry',
  plural: 'entries',
  id: (e) => e.id ?? e.name,
  columns: [
    { key: 'name', header: 'NAME', value: (e) => e.name },
    { key: 'kind', header: 'KIND', value: (e) => e.kind },
    {
      key: 'status',
      header: 'STATUS',
      value: (e) => e.status,
      color: (t, e, k) => (e.status === 'unchanged' ? k.gray(t) : k.green(t)),
    },
    { key: 'id', header: 'ID', value: (e) => e.id },
    { key: 'inviteLink', header: 'INVITE LINK', value: (e) => e.inviteLink },
  ],
  defaults: ['name', 'kind', 'status', 'id', 'inviteLink'],
});

export default defineCommand({
  path: ['seed'],
  summary: 'Create fixture data from a declarative file (ensure-exists)',
  description: [
    'Create fixture data from a declarative file (JSON, or YAML with a .yaml/.yml name): clients (with a CaMS link or CA import, caseworkers by staff email, notes), client representatives and external portal users, referring to each other by name.',
    'Ensure-exists: clients are found by email (or their CaMS link), portal users by email in their portal; only what is missing is created, so running it again changes nothing and says so.',
    'Creating entries sends invitations: a terminal asks first; otherwise pass --yes.',
  ].join('\n'),
  options,
  examples: [
    'portalctl seed fixtures/ci-seed.json --yes',
    'portalctl seed fixtures/ci-seed.json --json --yes > seeded.json   # {"entries":{"ada":{"id":…,"status":…,"inviteLink":…}}}',
    'portalctl seed fixtures/ci-seed.json --dry-run',
  ],
  run: runSeedCommand,
});

async function runSeedCommand(options: SeedOptions, deps: Deps): Promise<void> {
  const { loadSeedFile, runSeed } = await import('../bulk/seed.js');
  const seed = await loadSeedFile(options.file);
  deps.out.check(entryView);
  const result = await runSeed(
    seed,
    { file: options.file, dryRun: options.dryRun, yes: deps.flags.yes ?? false },
    {
      api: () => deps.api(),
      interactive: deps.prompter.interactive,
      confirm: (message) => deps.prompter.confirm({ message, default: false, flag: '--yes' }),
    },
  );
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const entry of result.entries) counts[entry.status]++;
  if (deps.out.format === 'json') {
    const entries: Record<string, Omit<EntryRow, 'name'>> = {};
    for (const e of result.entries) {
      entries[e.name] = { kind: e.kind, status: e.status, id: e.id, inviteLink: e.inviteLink };
    }
    deps.out.value({ entries, dryRun: result.dryRun, ...counts });
  } else {
    await deps.out.list(
      entryView,
      result.entries.map((e) => ({
        name: e.name,
        kind: e.kind,
        status:
          result.dryRun && e.status !== 'unchanged'
            ? `${e.status === 'created' ? 'to create' : 'to update'}`
            : e.status,
        id: e.id,
        inviteLink: e.inviteLink,
      })),
    );
  }
  const total = result.entries.length;
  if (result.dryRun) {
    deps.out.info(
      `Dry run: ${counts.created} to create, ${counts.updated} to update, ${counts.unchanged} unchanged; nothing was changed`,
    );
  } else if (counts.created + counts.updated === 0) {
    deps.out.success(`Nothing to do: all ${total} entries already exist (unchanged)`);
  } else {
    deps.out.success(`${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`);
  }
}
