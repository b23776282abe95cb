// `clients refer` run in-process against a portal in the same process: to a provider of the same
// group (caseworkers removed, the reason saved as a note), --dry-run, --yes, and the refusals.
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { api, argv, clientById, json } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, GROUP_ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('clients refer', () => {
  it('refers to a provider of the same group by name: caseworkers removed, reason saved as a note', async () => {
    const r = await run(
      argv`clients refer cl_000016 --provider ${'Lakeshore Career Centre'} --reason ${'Closer to home'} --yes --json`,
      GROUP_ADMIN,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(ClientSchema().parse(json(r))).toMatchObject({
      providerId: 'sp_lakeshore',
      caseworkerIds: [],
      status: 'referral',
      referral: expect.objectContaining({ reasons: 'Closer to home' }),
    });
    expect(r.stderr).toContain('Referred Jacob Sutherland (cl_000016) to Lakeshore Career Centre (sp_lakeshore)');
    const notes = await api<{ data: { kind: string; text: string }[] }>(portal(), '/v1/clients/cl_000016/notes');
    expect(notes.body.data[0]).toMatchObject({ kind: 'referral-reasons', text: 'Closer to home' });
  });

  it('--dry-run changes nothing; without a terminal it needs --yes', async () => {
    const dry = await run(
      ['clients', 'refer', 'cl_000020', '--provider', 'sp_lakeshore', '--dry-run', '--json'],
      GROUP_ADMIN,
    );
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(json(dry)).toMatchObject({
      dryRun: true,
      action: 'client.refer',
      clientId: 'cl_000020',
      changes: expect.arrayContaining([{ field: 'providerId', from: 'sp_northstar', to: 'sp_lakeshore' }]),
    });
    const noYes = await run(['clients', 'refer', 'cl_000020', '--provider', 'sp_lakeshore'], GROUP_ADMIN);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('--yes');
    expect((await getClient('cl_000020')).providerId).toBe('sp_northstar');
  });

  it('on a terminal, offers the providers of the group and asks for the optional reason', async () => {
    const r = await run(['clients', 'refer', 'cl_000028', '--json'], GROUP_ADMIN, {
      answers: { '--provider': 'Lakeshore Career Centre', '--reason': 'Moved east', '--yes': true },
    });
    expect(r.asked).toEqual(['--provider', '--reason', '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      providerId: 'sp_lakeshore',
      referral: expect.objectContaining({ reasons: 'Moved east' }),
    });
  });

  it('refusals: another group, unknown provider, missing sp-group-admin', async () => {
    const group = await run(['clients', 'refer', 'cl_000022', '--provider', 'sp_rideau', '--yes'], GROUP_ADMIN);
    expect(group.exitCode).toBe(CONFLICT);
    expect(group.stderr).toContain(
      "is not in Greater Toronto Employment Network: a client is referred within their provider's group only",
    );
    const unknown = await run(['clients', 'refer', 'cl_000022', '--provider', 'Nowhere Inc', '--yes'], GROUP_ADMIN);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('--provider: no service provider "Nowhere Inc"');
    expect(unknown.stderr).toContain('Lakeshore Career Centre (sp_lakeshore)');
    const forbidden = await run(['clients', 'refer', 'cl_000022', '--provider', 'sp_lakeshore', '--yes'], CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `sp-group-admin` permission');
    // Checked before anything else: a dry run, or a referral to the client's own provider, too.
    for (const args of [
      ['--provider', 'sp_lakeshore', '--dry-run'],
      ['--provider', 'sp_northstar', '--yes'],
    ]) {
      const r = await run(['clients', 'refer', 'cl_000022', ...args], CLIENTS);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(FORBIDDEN);
      expect(r.stderr).toContain(
        'your token lacks the `sp-group-admin` permission, needed to refer a client to another service provider',
      );
    }
    expect((await getClient('cl_000022')).providerId).toBe('sp_northstar');
  });
});
