// clients find and clients add, as staff of another provider than the client who holds an email:
// told the email is in use at another provider, never who holds it.
import { describe, expect, it } from 'vitest';
import { PROVIDER_B } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, PROVIDER_B);
// Northstar's Mary-Ann O'Brien (cl_000001), linked to CaMS 140007919.
const EMAIL = 'maryann.obrien1@example.org';
const IDENTIFYING = /cl_000001|Mary-Ann|O'Brien|sp_northstar|140007919/;

describe('an email held at another provider', () => {
  it('clients find says it is in use elsewhere, and shows no one', async () => {
    const r = await run(['clients', 'find', '--email', EMAIL, '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toContain('That email is in use at another service provider');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(IDENTIFYING);
  });

  it('clients add refuses it before sending anything, without naming the client', async () => {
    const r = await run([
      'clients',
      'add',
      '--first-name',
      'Mary',
      '--last-name',
      'Obrien',
      '--email',
      EMAIL,
      '--no-link',
    ]);
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toContain(`error: ${EMAIL} is in use at another service provider`);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(IDENTIFYING);
  });
});
