// `portalctl clients flags remove`: a safety flag no longer applies. It is never deleted: the flag
// is kept with who removed it, when and why, and the audit log records the removal and its reason.
import * as z from 'zod';
import { arg, defineCommand } from '../../../command/define.js';
import { clientArg, dryRunFlag, reasonFlag } from '../../../command/shared-options.js';
import { FlagRemoveSchema, type SafetyFlagRecordSchema } from '../../../contract/schemas.js';
import { CliError, usageError } from '../../../errors.js';
import { printDryRun } from '../../../io/dry-run.js';
import { resolveClient } from '../../../io/resolve.js';
import { clientName } from '../../../io/views/client.js';
import { safetyFlagView } from '../../../io/views/safety-flag.js';

type SafetyFlagRecord = z.output<ReturnType<typeof SafetyFlagRecordSchema>>;

export default defineCommand({
  path: ['clients', 'flags', 'remove'],
  summary: 'Remove a safety flag, with the reason',
  description:
    "Remove a safety flag from a client's file, saying why it no longer applies. Nothing is deleted: the flag is kept with who removed it, when and why (portalctl clients flags list --status all), and the audit log records the removal and its reason. The flag is named by id (sf_…) or by its reason; on a terminal, leave it out to pick.",
  options: {
    client: clientArg(),
    flag: arg(
      '[flag]',
      'safety flag id (sf_…) or its reason; on a terminal, leave it out to pick',
      z.string().min(1).optional(),
    ),
    ...reasonFlag('why the flag no longer applies (required; at most 200 characters)', FlagRemoveSchema().shape.reason),
    ...dryRunFlag('show which flag would be removed; change nothing'),
  },
  examples: [
    'portalctl clients flags remove ada@example.org sf_01jq3v4w5x6y7z --reason "Resolved at the case review"',
    'portalctl clients flags remove cl_01jq3v4w5x6y7z "Meet in pairs only" --reason "Risk assessment updated" --json',
    'portalctl clients flags remove             # on a terminal: pick the client and the flag, type the reason',
    'portalctl clients flags remove ada@example.org sf_01jq3v4w5x6y7z --dry-run',
  ],
  async run(options, deps) {
    deps.out.check(safetyFlagView);
    const client = await resolveClient(deps, options.client, { message: 'Whose safety flag?' });
    const who = `${clientName(client)} (${client.id})`;
    const given = options.flag?.trim();
    if (!given && !deps.prompter.interactive) {
      throw usageError(
        '<flag> is required when not running interactively',
        `pass a flag id (sf_…) or its reason; portalctl clients flags list ${client.id} lists them`,
      );
    }
    const api = await deps.api();
    const { data } = await api.call('listSafetyFlags', { params: { id: client.id } });
    let flag: SafetyFlagRecord;
    if (!given) {
      const active = data.filter((f) => f.status === 'active');
      if (active.length === 0) throw new CliError('not-found', `${who} has no safety flag in force`);
      flag = await deps.prompter.select<SafetyFlagRecord>({
        message: 'Which safety flag no longer applies?',
        flag: '<flag>',
        choices: active.map((f) => ({
          name: f.reason,
          value: f,
          description: `${f.id} · added ${deps.out.time(f.createdAt)} by ${f.createdBy}`,
        })),
      });
    } else {
      const wanted = given.toLowerCase();
      const byReason = data.filter((f) => f.reason.toLowerCase() === wanted);
      const activeByReason = byReason.filter((f) => f.status === 'active');
      const matches = data.filter((f) => f.id.toLowerCase() === wanted);
      const found = matches.length ? matches : activeByReason.length ? activeByReason : byReason;
      if (found.length === 0) {
        throw new CliError('not-found', `<flag>: ${who} has no safety flag "${given}"`, {
          hint: `portalctl clients flags list ${client.id} lists them`,
        });
      }
      if (found.length > 1) {
        throw usageError(
          `<flag>: ${who} has ${found.length} safety flags with that reason: ${found.map((f) => f.id).join(', ')}`,
          'pass the flag id instead',
        );
      }
      flag = found[0]!;
    }
    if (flag.status === 'removed') {
      await deps.out.one(safetyFlagView, flag);
      deps.out.info(
        `Safety flag ${flag.id} was already removed on ${flag.removedAt ? deps.out.time(flag.removedAt) : ''} by ${flag.removedBy}: ${flag.removalReason}; nothing changed`,
      );
      return;
    }
    if (options.dryRun) {
      printDryRun(
        deps,
        { action: 'client.flag.remove', clientId: client.id, flagId: flag.id },
        [],
        `Dry run: would remove safety flag ${flag.id} ("${flag.reason}") from ${who}; it would be kept with who removed it, when and why. Nothing was changed.`,
        options.reason,
      );
      return;
    }
    const reason =
      options.reason ??
      (
        await deps.prompter.input({
          message: `Why does "${flag.reason}" no longer apply?`,
          flag: '--reason',
          validate: (v) =>
            !v.trim() ? 'a reason is required' : v.trim().length > 200 ? 'at most 200 characters' : true,
        })
      ).trim();
    const removed = await api.call('removeSafetyFlag', {
      params: { id: client.id, flagId: flag.id },
      body: { reason },
    });
    await deps.out.one(safetyFlagView, removed);
    deps.out.success(
      `Safety flag ${removed.id} removed from ${who}; it is kept, with the reason, in its history and the audit log`,
    );
  },
});
