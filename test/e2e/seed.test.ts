// `portalctl seed` through the built binary, as CI runs it: --yes needed to send invitations, and
// --dry-run changes nothing. The rest runs in-process: test/commands/seed.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, usePortal } from '../helpers/e2e.js';
import { USAGE } from '../helpers/exit-codes.js';
import { ROOT } from '../helpers/portal.js';
import { outboxSize } from './import-support.js';

const portal = usePortal();
const seed = (args: string[]) => cli(['seed', ...args], { portal: portal() });

const CI_SEED = path.join(ROOT, 'fixtures/ci-seed.json');

describe('portalctl seed', () => {
  it('needs --yes when it would send invitations, and --dry-run changes nothing', async () => {
    const before = await outboxSize(portal());
    const refused = await seed([CI_SEED]);
    expect(refused.exitCode).toBe(USAGE);
    expect(refused.stderr).toMatch(/seeding sends 6 invitation emails: pass --yes/);
    const dry = await seed([CI_SEED, '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^ada\tclient\tto create/m);
    expect(dry.stderr).toMatch(/Dry run: 7 to create, 0 to update, 0 unchanged/);
    expect(await outboxSize(portal())).toBe(before);
  });
});
