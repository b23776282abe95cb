// `clients flags add|remove|list`, and the older `clients flag add|remove` and `clients flag CLIENT --reason`, run
// in-process against a portal in the same process: a removed flag is kept with its removal and
// reason, and audited; flags named by id or reason, or picked on a terminal.
import { describe, expect, it } from 'vitest';
import { ClientSchema, SafetyFlagRecordSchema } from '../../src/contract/schemas.js';
import { apiGet, json } from '../helpers/e2e.js';
import { NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, PROVIDER_B } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, CLIENTS);

describe('clients flags add and the older clients flag', () => {
  it('adds a flag with an id; the older form adds one the same way', async () => {
    const added = await run(['clients', 'flags', 'add', 'cl_000009', '--reason', 'Meet in pairs only', '--json']);
    expect(added.exitCode, added.stderr).toBe(0);
    const client = ClientSchema().parse(json(added));
    expect(client.safetyFlags).toEqual([
      {
        id: expect.stringMatching(/^sf_/),
        reason: 'Meet in pairs only',
        createdAt: expect.any(String),
        createdBy: 'st_clients01',
      },
    ]);
    expect(added.stderr).toContain(
      `✓ Safety flag ${client.safetyFlags[0]!.id} added to Anastasia Morin (cl_000009); 1 flag in force`,
    );

    const older = await run(['clients', 'flag', 'cl_000009', '--reason', 'No home visits', '--json']);
    expect(older.exitCode, older.stderr).toBe(0);
    expect(
      ClientSchema()
        .parse(json(older))
        .safetyFlags.map((f) => f.reason),
    ).toEqual(['Meet in pairs only', 'No home visits']);

    const missing = await run(['clients', 'flags', 'add', 'cl_000009']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('--reason is required when not running interactively');
  });

  it('the older names (clients flag add|remove, clients task add) run, and no list offers them', async () => {
    const added = await run(['clients', 'flag', 'add', 'cl_000010', '--reason', 'Meet at the office', '--json']);
    expect(added.exitCode, added.stderr).toBe(0);
    const [flag] = ClientSchema().parse(json(added)).safetyFlags;
    const removed = await run(['clients', 'flag', 'remove', 'cl_000010', flag!.id, '--reason', 'Resolved']);
    expect(removed.exitCode, removed.stderr).toBe(0);
    const task = await run(['clients', 'task', 'add', 'cl_000010', '--title', 'Call back', '--json']);
    expect(task.exitCode, task.stderr).toBe(0);
    expect(json(task)).toMatchObject({ clientId: 'cl_000010', title: 'Call back' });
    const flags = await run(['clients', 'flags', 'list', 'cl_000010', '--status', 'all', '--json']);
    expect(json(flags)).toEqual([
      expect.objectContaining({ id: flag!.id, status: 'removed', removalReason: 'Resolved' }),
    ]);

    const help = await run(['clients', '--help']);
    expect(help.stdout).toMatch(/^ {2}tasks <command> +A client's tasks: add, list, mark done, reopen$/m);
    expect(help.stdout).toMatch(/^ {2}flags <command> +A client's safety flags: add, remove, list/m);
    expect(help.stdout).not.toMatch(/^ {2}(task|flag) /m);
    const older = await run(['clients', 'flag', '--help']);
    expect(older.stdout).toMatch(
      /The older name of portalctl clients flags add, kept so that scripts\s+written\s+for\s+it\s+keep\s+working/,
    );
    const completion = await run(['completion', 'bash']);
    expect(completion.exitCode, completion.stderr).toBe(0);
    expect(completion.stdout).toContain('clients tasks add');
    expect(completion.stdout).not.toMatch(/clients (task|flag) /);
  });
});

describe('clients flags remove and clients flags list', () => {
  it('removes a seeded flag by its reason: kept with who, when and why; audited with the reason', async () => {
    const before = await run(['clients', 'flags', 'list', 'annemarie.macdonald5@example.org', '--json']);
    expect(before.exitCode, before.stderr).toBe(0);
    const [seeded] = json<{ id: string; reason: string }[]>(before);
    expect(seeded).toMatchObject({ id: 'sf_00000501', status: 'active' });

    const removed = await run([
      'clients',
      'flags',
      'remove',
      'cl_000005',
      seeded!.reason.toUpperCase(),
      '--reason',
      'Resolved at the case review',
      '--json',
    ]);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(SafetyFlagRecordSchema().parse(json(removed))).toMatchObject({
      id: 'sf_00000501',
      status: 'removed',
      removedBy: 'st_clients01',
      removalReason: 'Resolved at the case review',
    });
    expect(removed.stderr).toContain('✓ Safety flag sf_00000501 removed from Anne Marie MacDonald (Annie) (cl_000005)');

    // Not in force any more: the client and the default list leave it out; --status all keeps it.
    const client = await apiGet<{ safetyFlags: unknown[] }>(portal(), '/v1/clients/cl_000005');
    expect(client.safetyFlags).toEqual([]);
    const active = await run(['clients', 'flags', 'list', 'cl_000005']);
    expect(active.stdout).not.toContain('sf_00000501');
    expect(active.stderr).toContain('1 removed flag not shown (--status all shows them)');
    const all = await run(['clients', 'flags', 'list', 'cl_000005', '--status', 'all']);
    expect(all.stdout).toContain('sf_00000501\tremoved\tMeet in the office only');
    expect(all.stdout).toContain('st_clients01\tResolved at the case review');

    const audit = await apiGet<{ data: { action: string; detail: unknown }[] }>(
      portal(),
      '/v1/audit?entityId=cl_000005&action=client.flag.remove',
    );
    expect(audit.data.map((e) => e.detail)).toEqual([{ flagId: 'sf_00000501', reason: 'Resolved at the case review' }]);

    // Removing it again changes nothing, and says when and why it was removed.
    const again = await run(['clients', 'flags', 'remove', 'cl_000005', 'sf_00000501', '--reason', 'again']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('was already removed on');
    expect(again.stderr).toContain('Resolved at the case review; nothing changed');
  });

  it('on a terminal, picks the flag in force and asks why it no longer applies', async () => {
    const r = await run(['clients', 'flags', 'remove', 'cl_000018', '--json'], CLIENTS, {
      answers: {
        '<flag>': 'Meet in the office only; do not schedule home visits.',
        '--reason': 'Moved to virtual appointments',
      },
    });
    expect(r.asked).toEqual(['<flag>', '--reason']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      id: 'sf_00001801',
      status: 'removed',
      removalReason: 'Moved to virtual appointments',
    });
  });

  it('refusals: no flag or reason without a terminal, an unknown flag, another provider’s client', async () => {
    const noFlag = await run(['clients', 'flags', 'remove', 'cl_000031', '--reason', 'x']);
    expect(noFlag.exitCode).toBe(USAGE);
    expect(noFlag.stderr).toContain('<flag> is required when not running interactively');
    const noReason = await run(['clients', 'flags', 'remove', 'cl_000031', 'sf_00003101']);
    expect(noReason.exitCode).toBe(USAGE);
    expect(noReason.stderr).toContain('--reason is required when not running interactively');
    const unknown = await run(['clients', 'flags', 'remove', 'cl_000031', 'sf_nope0000', '--reason', 'x']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('<flag>: Dakota Tremblay (cl_000031) has no safety flag "sf_nope0000"');
    const other = await run(['clients', 'flags', 'list', 'cl_000031'], PROVIDER_B);
    expect(other.exitCode).toBe(NOT_FOUND);
    const flags = await apiGet<{ data: { status: string }[] }>(portal(), '/v1/clients/cl_000031/flags');
    expect(flags.data.map((f) => f.status)).toEqual(['active']);
  });
});
