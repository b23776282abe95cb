// `--help` of commands declared with defineCommand, in-process and without a portal: the usage
// line, the description and an example of each.
import { it } from 'vitest';
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
  ]);
});
