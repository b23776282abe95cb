// --dry-run on every command that emails someone or removes access: it names who would be emailed
// and what (the subject the portal sends and the gist), or that no one would be, and sends and
// changes nothing: the outbox and the audit log are the same after it.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGet, outbox, putForwardCandidate } from '../helpers/e2e.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const REASON = 'Checked with the client by phone';

interface Case {
  args: string[];
  /** The kinds of the emails it would send (none for access removal). */
  emails: string[];
}

const CASES: Case[] = [
  { args: ['invite', 'send', 'cl_000015'], emails: ['invitation'] },
  { args: ['invite', 'send', 'cl_000013', '--reinvite'], emails: ['invitation'] },
  { args: ['invite', 'resend', 'cl_000011'], emails: ['invitation'] },
  { args: ['clients', 'password-reset', 'cl_000022'], emails: ['password-reset'] },
  { args: ['clients', 'archive', 'cl_000006'], emails: [] },
  { args: ['clients', 'unassign-staff', 'cl_000004', '--staff', 'st_cwa004'], emails: [] },
  { args: ['clients', 'flags', 'remove', 'cl_000005', 'sf_00000501'], emails: [] },
  { args: ['portal', 'users', 'deactivate', 'pu_000004'], emails: [] },
  { args: ['portal', 'users', 'send-link', 'pu_000005'], emails: ['portal-user-invitation'] },
  { args: ['portal', 'users', 'expire-link', 'ln_000003'], emails: [] },
  { args: ['portal', 'users', 'expire-link', '--user', 'pu_000008', '--all'], emails: [] },
  {
    args: [
      ...['clients', 'add', '--first-name', 'Dry', '--last-name', 'Reason', '--email', 'dry.reason@example.org'],
      ...['--no-link', '--provider', 'sp_northstar'],
    ],
    emails: ['invitation'],
  },
  {
    args: [
      ...['clients', 'representatives', 'invite', 'cl_000009'],
      ...['--first-name', 'Ada', '--last-name', 'Dry', '--email', 'ada.dry@example.org'],
    ],
    emails: ['representative-invitation'],
  },
  { args: ['clients', 'representatives', 'resend', 'cl_000004', 'rp_000001'], emails: ['representative-invitation'] },
  { args: ['clients', 'representatives', 'remove', 'cl_000013', 'rp_000002'], emails: [] },
  { args: ['clients', 'representatives', 'decline', 'cl_000004', 'rp_000001'], emails: [] },
  {
    args: [
      ...['clients', 'representatives', 'decline', 'cl_000014'],
      ...['--first-name', 'Ada', '--last-name', 'Never', '--email', 'ada.never@example.org'],
    ],
    emails: [],
  },
  { args: ['portal', 'users', 'access', 'pu_000002', '--jobs', 'jb_maple001'], emails: [] },
  { args: ['cams', 'unlink', 'cl_000007'], emails: [] },
  {
    args: [
      ...['portal', 'users', 'invite', '--email', 'li.dry@maple-logistics.example.com', '--first-name', 'Li'],
      ...['--last-name', 'Dry', '--portal', 'po_northstar01', '--all-jobs'],
    ],
    emails: ['portal-user-invitation'],
  },
  { args: ['portal', 'users', 'reactivate', 'pu_000003', '--send-link'], emails: ['portal-user-invitation'] },
  { args: ['portal', 'users', 'reactivate', 'pu_000003'], emails: [] },
  { args: ['portals', 'jobs', 'remove', 'po_northstar01', 'jb_maple003'], emails: [] },
  { args: ['portals', 'candidates', 'remove', 'po_northstar01', 'cd_000002'], emails: [] },
  // A candidate put forward (below) is news for the three active users who can see the job.
  { args: ['portals', 'notify', 'po_northstar01'], emails: ['portal-update', 'portal-update', 'portal-update'] },
];

beforeAll(async () => {
  await putForwardCandidate(portal());
});

/** Everything a dry run must leave as it was: every email sent, every change made. */
async function snapshot(): Promise<{ mails: unknown[]; audit: unknown[] }> {
  return {
    mails: await outbox(portal(), ''),
    audit: (await apiGet<{ data: unknown[] }>(portal(), '/v1/audit?limit=500')).data,
  };
}

describe('--dry-run', () => {
  for (const { args, emails } of CASES) {
    it(`${args.join(' ')}: the recipients and their messages; nothing sent or changed`, async () => {
      const before = await snapshot();
      const json = await run([...args, '--dry-run', '--reason', REASON, '--json']);
      expect(json.exitCode, json.stderr).toBe(0);
      const plan = JSON.parse(json.stdout);
      expect(plan).toMatchObject({ dryRun: true, reason: REASON });
      expect(plan.notify.map((m: { kind: string }) => m.kind)).toEqual(emails);
      for (const message of plan.notify) {
        expect(message).toEqual({
          to: expect.stringContaining('@'),
          kind: expect.any(String),
          subject: expect.any(String),
          gist: expect.any(String),
        });
      }
      const text = await run([...args, '--dry-run', '-o', 'table']);
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/^Dry run: /);
      if (emails.length === 0) expect(text.stdout).toContain('No one would be emailed.');
      for (const message of plan.notify) {
        expect(text.stdout).toContain(
          `Would email ${message.to}\n  subject: ${message.subject}\n  gist:    ${message.gist}`,
        );
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it('names the subject the portal then sends, for each kind of email', async () => {
    for (const args of [
      ['invite', 'resend', 'cl_000011'],
      ['clients', 'password-reset', 'cl_000022'],
      ['portal', 'users', 'send-link', 'pu_000005'],
      ['clients', 'representatives', 'resend', 'cl_000022', 'rp_000003'],
      [
        'clients',
        'representatives',
        'invite',
        'cl_000040',
        '--first-name',
        'Ada',
        '--last-name',
        'Sent',
        '--email',
        'ada.sent@example.org',
      ],
      ['portal', 'users', 'reactivate', 'pu_000003', '--send-link'],
      ['portals', 'notify', 'po_northstar01'],
    ]) {
      const dry = await run([...args, '--dry-run', '--json']);
      const [planned] = JSON.parse(dry.stdout).notify;
      const done = await run([...args, '--yes']);
      expect(done.exitCode, `${args.join(' ')}: ${done.stderr}`).toBe(0);
      const [sent] = await outbox(portal(), `to=${encodeURIComponent(planned.to)}`);
      expect(sent).toMatchObject({ to: planned.to, kind: planned.kind, subject: planned.subject });
    }
  });
});
