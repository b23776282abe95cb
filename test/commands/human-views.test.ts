// What a person reads: names instead of ids, local times, every field of a client in labelled
// sections, and --fields over every field of the JSON object. Machine formats keep ids and ISO times.
import { describe, expect, it } from 'vitest';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const NOW = new Date('2026-10-11T12:00:00.000Z');
const run = (args: string[]) => portal().run(args, { env: { TZ: 'America/Toronto' }, clock: () => NOW });

describe('clients get on a terminal', () => {
  it('shows the record in labelled sections, with names, local times and words', async () => {
    const r = await run(['clients', 'get', 'cl_000138', '-o', 'table']);
    expect(r.exitCode, r.stderr).toBe(0);
    const sections = r.stdout.split('\n').filter((line) => /^[A-Z][a-z]/.test(line));
    expect(sections).toEqual([
      'Identity',
      'Contact',
      'Service provider',
      'Link',
      'Invitation',
      'Profile',
      'Referral',
      'Communication preferences',
      'Safety flags',
      'Consent',
      'Record',
    ]);
    expect(r.stdout).toMatch(/^PROVIDER: +Rideau Valley Job Connections$/m);
    expect(r.stdout).toMatch(/^CASEWORKERS: +Sophie Lavoie; Noah Whitehead$/m);
    expect(r.stdout).toMatch(/^DECLINED: +2026-10-09 16:36 \(1 day ago\)$/m);
    expect(r.stdout).toMatch(/^TRANSPORTATION: +Public transit$/m);
    expect(r.stdout).toMatch(/^SELF-IDENTIFICATION: +Youth; Racialized$/m);
    expect(r.stdout).toMatch(/^REFERENCE NUMBER: +—$/m);
    expect(r.stdout).not.toMatch(/sp_rideau|st_cwc001|T\d\d:\d\d:\d\d/);
  });

  it('JSON and TSV keep ids and ISO times', async () => {
    const json = JSON.parse((await run(['clients', 'get', 'cl_000138', '--json'])).stdout);
    expect(json).toMatchObject({ providerId: 'sp_rideau', invite: { declinedAt: '2026-10-09T20:36:45.093Z' } });
    const tsv = await run(['clients', 'list', '--limit', '1', '--fields', 'id,providerId,caseworkerIds,createdAt']);
    expect(tsv.stdout.split('\n')[1]).toMatch(/^cl_\w+\tsp_\w+\t(st_\w+(; st_\w+)*)?\t\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });
});

describe('clients list as a table', () => {
  it('names the provider and caseworkers', async () => {
    const r = await run([
      'clients',
      'list',
      '-o',
      'table',
      '--limit',
      '3',
      '--fields',
      'name,providerId,caseworkerIds',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME +PROVIDER +CASEWORKERS$/);
    expect(r.stdout).toContain('Rideau Valley Job Connections');
    expect(r.stdout).not.toMatch(/\bsp_|\bst_/);
  });
});

describe('--fields', () => {
  it('takes any field of the JSON object, dotted for nested ones, and keeps JSON nested', async () => {
    const r = await run([
      'clients',
      'get',
      'cl_000138',
      '--json',
      '--fields',
      'id,selfIdentification,referral.source,invite.status',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      id: 'cl_000138',
      selfIdentification: ['Youth', 'Racialized'],
      referral: { source: 'Self-referral' },
      invite: { status: 'declined' },
    });
    const tsv = await run(['clients', 'list', '--limit', '1', '--fields', 'id,invite.status,link.type']);
    expect(tsv.stdout.split('\n')[0]).toBe('id\tinvite.status\tlink.type');
  });

  it('refuses a field the object does not have, listing the valid ones', async () => {
    const r = await run(['clients', 'get', 'cl_000138', '--fields', 'referral.nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown field "referral.nope" for --fields');
    expect(r.stderr).toMatch(/hint: valid fields for clients: .*referral\.source.*invite\.status/);
  });
});

describe('audit list', () => {
  it('shows what an edit changed, old → new, and keeps the values in JSON', async () => {
    const edited = await run(['clients', 'edit', 'cl_000138', '--phone', '416-555-0199', '--yes']);
    expect(edited.exitCode, edited.stderr).toBe(0);
    const table = await run(['audit', 'list', '--entity', 'cl_000138', '--action', 'client.update', '-o', 'table']);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toContain('phone: 613-555-0138 → 416-555-0199');
    const json = JSON.parse(
      (await run(['audit', 'list', '--entity', 'cl_000138', '--action', 'client.update', '--json'])).stdout,
    );
    expect(json[0].detail).toEqual({
      fields: ['phone'],
      changes: { phone: { from: '613-555-0138', to: '416-555-0199' } },
    });
  });

  it('refuses an action the portal never records, listing the ones it does', async () => {
    const r = await run(['audit', 'list', '--action', 'client.updated']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: --action: the portal records no action "client.updated"');
    expect(r.stderr).toMatch(/hint: use one of client\.archive, .*client\.update, .*token\.revoke; or a prefix/);
  });

  it('takes an action not yet in the log, and a prefix', async () => {
    const none = await run(['audit', 'list', '--action', 'token.revoke', '--json']);
    expect(none.exitCode, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    const prefix = await run(['audit', 'list', '--action', 'client.', '--limit', '1', '--json']);
    expect(prefix.exitCode, prefix.stderr).toBe(0);
  });
});

describe('times in messages', () => {
  // Claire Fontaine (pu_000003) was deactivated on 2026-09-01T12:00:00.000Z.
  const inviteClaire = [
    ...['portal', 'users', 'invite', '--portal', 'po_northstar01', '--all-jobs', '--yes'],
    ...['--email', 'claire.fontaine@maple-logistics.example.com', '--first-name', 'Claire', '--last-name', 'Fontaine'],
  ];

  it('are local times, whether portalctl or the portal wrote the sentence', async () => {
    const expired = await run(['portal', 'users', 'expire-link', 'ln_000002', '--yes']);
    expect(expired.exitCode, expired.stderr).toBe(0);
    expect(expired.stderr).toContain('has already expired (2026-08-15 05:00); nothing changed');

    const deactivated = await run(['portal', 'users', 'deactivate', 'pu_000007', '--yes']);
    expect(deactivated.exitCode, deactivated.stderr).toBe(0);
    expect(deactivated.stderr).toContain(
      'is already deactivated (since 2026-10-01 05:00 (10 days ago)); nothing changed',
    );

    // The portal's own sentence (a problem's detail) names the time in ISO; the reader sees it in theirs.
    const refused = await run(inviteClaire);
    expect(refused.exitCode).toBe(6);
    expect(refused.stderr).toContain(
      'is a deactivated user of portal po_northstar01 (pu_000003 since 2026-09-01 08:00)',
    );

    for (const r of [expired, deactivated, refused]) expect(r.stderr).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  it('stay ISO in the --json error object', async () => {
    const refused = await run([...inviteClaire, '--json']);
    const json = JSON.parse(refused.stderr.split('\n').find((line) => line.startsWith('{')) ?? '{}');
    expect(JSON.stringify(json)).toContain('2026-09-01T12:00:00.000Z');
  });
});

describe("the portal's administrator token", () => {
  // The token `portalctl server` (and the built-in local portal) makes acts as the seed's administrator.
  const asServer = (args: string[]) =>
    portal().run(args, { token: portal().adminToken, env: { TZ: 'America/Toronto' }, clock: () => NOW });

  it('is a staff member of a real provider, and no pseudo-provider is listed', async () => {
    const me = await asServer(['whoami', '--json']);
    expect(me.exitCode, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ id: 'st_admin01', name: 'Priya Raman', providerId: 'sp_northstar' });

    const archived = await asServer(['clients', 'archive', 'cl_000139', '--yes']);
    expect(archived.exitCode, archived.stderr).toBe(0);
    const audit = await asServer(['audit', 'list', '--entity', 'cl_000139', '--limit', '1', '-o', 'table']);
    expect(audit.stdout).toContain('Priya Raman');

    for (const args of [
      ['providers', 'list', '-o', 'table'],
      ['staff', 'list', '-o', 'table'],
      ['audit', 'list', '--limit', '20', '-o', 'table'],
      ['clients', 'get', 'cl_000139', '-o', 'table'],
    ]) {
      const r = await asServer(args);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout, args.join(' ')).not.toMatch(/Local administrator|localadmin/);
    }
  });
});
