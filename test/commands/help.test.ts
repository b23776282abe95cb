// `--help` of commands declared with defineCommand, in-process and without a portal: the usage
// line, the description and an example of each.
import { expect, it } from 'vitest';
import { expectHelp } from '../helpers/e2e.js';
import { run } from '../helpers/world.js';

it('each command has a description and examples', async () => {
  await expectHelp(run, [
    'clients find',
    'clients edit',
    'clients assign-staff',
    'clients refer',
    'clients password-reset',
    'clients representatives invite',
    'clients export',
    'outbox list',
    'seed',
    'invite send',
    'invite resend',
    'clients files list',
    'clients files upload',
    'clients files download',
  ]);
});

it('the portal users commands, and the group, show their examples', async () => {
  await expectHelp(run, [
    'portal users invite',
    'portal users send-link',
    'portal users reactivate',
    'portal users access',
    'portal users deactivate',
    'portal users expire-link',
  ]);
  const group = await run(['portal', 'users', '--help']);
  expect(group.exitCode).toBe(0);
  expect(group.stdout).toContain('Examples:\n  $ portalctl portal users invite ');
  expect(group.stdout).toContain('  $ portalctl portal users send-link pu_000005 --yes');
});

it("a group's help shows its examples", async () => {
  const r = await run(['clients', 'files', '--help']);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain('Examples:\n  $ portalctl clients files upload ada@example.org resume.pdf');
});
