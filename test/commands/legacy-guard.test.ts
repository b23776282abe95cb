// A command not yet declared with defineCommand would use this process's streams and HOME: in a
// test world it is refused rather than run against the developer's own files.
import { expect, it } from 'vitest';
import { run } from '../helpers/world.js';

it('refuses to run a legacy command in a test world', async () => {
  const r = await run(['clients', 'import', 'clients.csv', '--dry-run']);
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain('cannot run in a test world');
});
