// `portalctl seed` run in-process against a portal in the same process: the CI example fixture
// twice (created, then all unchanged), the --json map for the next CI step, YAML, and file errors.
// --yes and --dry-run through the built binary: test/e2e/seed.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workDir, writeCsv } from '../e2e/import-support.js';
import { apiGet } from '../helpers/e2e.js';
import { CANCELLED, CONFLICT, USAGE } from '../helpers/exit-codes.js';
import { ROOT } from '../helpers/portal.js';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const seed = (args: string[]) => portal().run(['seed', ...args]);

const CI_SEED = path.join(ROOT, 'fixtures/ci-seed.json');

interface SeedJson {
  entries: Record<string, { kind: string; status: string; id: string | null; inviteLink: string | null }>;
  created: number;
  updated: number;
  unchanged: number;
}

/** Every message in the outbox, all pages. */
async function outboxSize(): Promise<number> {
  let size = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; nextCursor: string | null } = await apiGet(
      portal(),
      `/v1/outbox?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    size += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return size;
}

describe('portalctl seed', () => {
  it('creates every entry, then a second run changes nothing and says so', async () => {
    const first = await seed([CI_SEED, '--yes', '--json']);
    expect(first.exitCode, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout) as SeedJson;
    expect(Object.keys(created.entries)).toEqual([
      'ada',
      'amelia-cams',
      'emma-ca',
      'liam-no-invite',
      'ada-sister',
      'maple-recruiter',
      'harbour-chef',
    ]);
    expect(Object.values(created.entries).every((e) => e.status === 'created' && e.id)).toBe(true);
    expect(created.entries.ada?.inviteLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\//);
    expect(created.entries['liam-no-invite']?.inviteLink).toBeNull();
    expect(created.entries['maple-recruiter']?.inviteLink).toMatch(/\/p\//);

    // What the portal now holds: links, caseworkers, notes, representatives, portal users.
    const adaId = created.entries.ada!.id;
    const ada = await apiGet<{ caseworkerIds: string[]; providerId: string }>(portal(), `/v1/clients/${adaId}`);
    expect(ada).toMatchObject({ providerId: 'sp_northstar', caseworkerIds: ['st_cwa001'] });
    const notes = await apiGet<{ data: { text: string }[] }>(portal(), `/v1/clients/${adaId}/notes`);
    expect(notes.data.map((n) => n.text)).toContain('Intake call done; first appointment booked.');
    const amelia = await apiGet<{ link: unknown; firstName: string }>(
      portal(),
      `/v1/clients/${created.entries['amelia-cams']!.id}`,
    );
    expect(amelia).toMatchObject({ firstName: 'Amelia', link: { type: 'cams', clientReferenceNumber: '210104729' } });
    const reps = await apiGet<{ data: { email: string }[] }>(portal(), `/v1/clients/${adaId}/representatives`);
    expect(reps.data.map((r) => r.email)).toEqual(['grace.okafor.ci@example.org']);

    const outbox = await outboxSize();
    const second = await seed([CI_SEED, '--yes']);
    expect(second.exitCode, second.stderr).toBe(0);
    const rows = second.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(7);
    expect(rows.every((line) => line.split('\t')[2] === 'unchanged')).toBe(true);
    expect(second.stderr).toMatch(/Nothing to do: all 7 entries already exist \(unchanged\)/);
    expect(await outboxSize()).toBe(outbox);

    // --json on a second run: the same ids, all unchanged (what a CI script reads).
    const third = JSON.parse((await seed([CI_SEED, '--json'])).stdout) as SeedJson;
    expect(third).toMatchObject({ created: 0, updated: 0, unchanged: 7 });
    for (const [name, entry] of Object.entries(third.entries)) expect(entry.id).toBe(created.entries[name]?.id);
  });

  it('reads YAML, and adds only what is missing to an existing client (updated)', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'extra.yaml',
      `clients:
  ada:
    firstName: Ada
    lastName: Okafor
    email: ada.okafor.ci@example.org
    invite: false
    provider: Northstar Employment Services
    caseworkers: [sarah.thompson@northstar.example.org, fatima.siddiqui@northstar.example.org]
    notes:
      - Intake call done; first appointment booked.
      - Second note from YAML.
`,
    );
    const result = await seed([file, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).entries.ada).toMatchObject({ status: 'updated' });
    const again = await seed([file, '--json']);
    expect(JSON.parse(again.stdout).entries.ada).toMatchObject({ status: 'unchanged' });
  });

  it('refuses an entry whose email belongs to another person, creating nothing', async () => {
    const owner = await seed([
      writeCsv(
        workDir(),
        'owner.json',
        JSON.stringify({
          clients: {
            owner: { firstName: 'Noor', lastName: 'Haddad', email: 'noor.haddad.seed@example.org', invite: false },
          },
        }),
      ),
      '--json',
    ]);
    expect(owner.exitCode, owner.stderr).toBe(0);
    const ownerId = JSON.parse(owner.stdout).entries.owner.id as string;

    const other = writeCsv(
      workDir(),
      'other.json',
      JSON.stringify({
        clients: {
          sam: { firstName: 'Sam', lastName: 'Whitlock', email: 'noor.haddad.seed@example.org', invite: false },
          fresh: { firstName: 'Fresh', lastName: 'Entry', email: 'fresh.entry.seed@example.org', invite: false },
        },
      }),
    );
    const result = await seed([other, '--yes']);
    expect(result.exitCode).toBe(CONFLICT);
    expect(result.stderr).toContain(
      `clients.sam: noor.haddad.seed@example.org belongs to Noor Haddad (${ownerId}), not Sam Whitlock`,
    );
    const fresh = await apiGet<{ data: unknown[] }>(portal(), '/v1/clients?email=fresh.entry.seed%40example.org');
    expect(fresh.data).toEqual([]);
    const held = await apiGet<{ firstName: string }>(portal(), `/v1/clients/${ownerId}`);
    expect(held.firstName).toBe('Noor');

    // The same person, however the words of the name split, is still found and left as it is.
    const same = writeCsv(
      workDir(),
      'same.json',
      JSON.stringify({
        clients: {
          noor: { firstName: 'noor', lastName: 'HADDAD', email: 'noor.haddad.seed@example.org', invite: false },
        },
      }),
    );
    const again = await seed([same, '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).entries.noor).toMatchObject({ status: 'unchanged', id: ownerId });
  });

  it('names the entry and field of a bad seed file', async () => {
    const dir = workDir();
    const bad = writeCsv(
      dir,
      'bad.json',
      JSON.stringify({ clients: { x: { firstName: 'A', lastName: 'B', email: 'nope' } } }),
    );
    const result = await seed([bad, '--yes']);
    expect(result.exitCode).toBe(USAGE);
    expect(result.stderr).toMatch(/clients\.x\.email must be an email address/);
    const dangling = writeCsv(
      dir,
      'dangling.json',
      JSON.stringify({
        representatives: { r: { client: 'ghost', firstName: 'A', lastName: 'B', email: 'r@example.org' } },
      }),
    );
    const missing = await seed([dangling, '--yes']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toMatch(/representatives\.r\.client "ghost" is not a client entry of this file/);
  });

  it('refuses a caseworker without the clients permission, naming them (the portal checks it)', async () => {
    const file = writeCsv(
      workDir(),
      'caseworker.json',
      JSON.stringify({
        clients: {
          zed: {
            firstName: 'Zed',
            lastName: 'Quillsworth',
            email: 'zed.quillsworth@example.org',
            provider: 'Northstar Employment Services',
            caseworkers: ['jordan.macdonald@northstar.example.org'],
            invite: false,
          },
        },
      }),
    );
    const result = await seed([file, '--yes']);
    expect(result.exitCode).toBe(CONFLICT);
    expect(result.stderr).toContain('st_portal01 (Jordan MacDonald) lacks the clients permission a caseworker needs');
    const found = await apiGet<{ data: unknown[] }>(portal(), '/v1/clients?email=zed.quillsworth%40example.org');
    expect(found.data).toEqual([]);
  });

  it('on a terminal, asks before sending invitations; no changes nothing', async () => {
    const before = await outboxSize();
    const file = writeCsv(
      workDir(),
      'one.json',
      JSON.stringify({ clients: { una: { firstName: 'Una', lastName: 'Asked', email: 'una.asked@example.org' } } }),
    );
    const r = await portal().run(['seed', file], { answers: { '--yes': false } });
    expect(r.asked).toEqual(['--yes']);
    expect(r.exitCode).toBe(CANCELLED);
    expect(r.stderr).toContain('cancelled: nothing was changed');
    expect(await outboxSize()).toBe(before);
    const found = await apiGet<{ data: unknown[] }>(portal(), '/v1/clients?email=una.asked%40example.org');
    expect(found.data).toEqual([]);
  });
});
