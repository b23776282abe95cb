// The token constants the tests use are exactly the staff tokens fixtures/seed.json gives the portal.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './portal.js';
import * as tokens from './tokens.js';

it('tokens.ts names every staff token of fixtures/seed.json, and nothing else', () => {
  const seed = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/seed.json'), 'utf8')) as {
    staff: { token?: string | null }[];
  };
  const seeded = seed.staff.flatMap((member) => (member.token ? [member.token] : []));
  expect(Object.values(tokens).sort()).toEqual(seeded.sort());
});
