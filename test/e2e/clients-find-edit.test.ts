// `clients find` and `clients edit` through the built binary: their refusals, with the exit code
// and stderr of the process. What the commands do is tested in-process: test/commands/clients-find.test.ts
// and test/commands/clients-edit.test.ts.
import { describe, expect, it } from 'vitest';
import { runner, usePortal } from '../helpers/e2e.js';
import { FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { NO_CLIENTS } from '../helpers/tokens.js';

const portal = usePortal();
const run = runner(portal);

describe('clients find', () => {
  it('refusals: nothing to search for, a first name alone, missing permission', async () => {
    const none = await run(['clients', 'find']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('give a name, --last-name or --email');
    const first = await run(['clients', 'find', '--first-name', 'Mary']);
    expect(first.exitCode).toBe(USAGE);
    expect(first.stderr).toContain('--first-name needs --last-name (a first name alone is too broad)');
    expect(first.stderr).toContain('hint: add --last-name');
    const forbidden = await run(['clients', 'find', 'obrien'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('error: your token lacks the `clients` permission');
    expect(forbidden.stdout).toBe('');
  });
});

describe('clients edit', () => {
  it('refusals: nothing to change, a bad value, an unknown client, missing permission', async () => {
    const nothing = await run(['clients', 'edit', 'cl_000005']);
    expect(nothing.exitCode).toBe(USAGE);
    expect(nothing.stderr).toContain('nothing to change');
    const phone = await run(['clients', 'edit', 'cl_000005', '--phone', 'call me']);
    expect(phone.exitCode).toBe(USAGE);
    expect(phone.stderr).toContain('--phone must be a phone number like 416-555-0123');
    const unknownId = await run(['clients', 'edit', 'cl_nope404', '--pronouns', 'he/him']);
    expect(unknownId.exitCode).toBe(NOT_FOUND);
    expect(unknownId.stderr).toContain('error: no client cl_nope404');
    const unknownEmail = await run(['clients', 'edit', 'nobody.here@example.org', '--pronouns', 'he/him']);
    expect(unknownEmail.exitCode).toBe(NOT_FOUND);
    expect(unknownEmail.stderr).toContain('no client with the email nobody.here@example.org');
    const forbidden = await run(['clients', 'edit', 'cl_000005', '--pronouns', 'he/him'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
  });
});
