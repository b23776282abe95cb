// `invite resend` on many clients (src/bulk/actions.ts): chosen by a query or a file, listed by a
// --dry-run that sends nothing, confirmed with --yes (or at a terminal), one result per client,
// a report without personal data, exit 8 when some failed and --retry-failed for those.
//
// Seeded invite states (fixtures/seed.json): client id mod 5 = 0 none, 1 and 4 pending, 2 accepted
// (logged in), 3 declined; id mod 7 = 3 archived. sp_rideau has 3 pending clients not archived.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { workDir, writeCsv } from '../e2e/import-support.js';
import { apiGet, clientById, outbox } from '../helpers/e2e.js';
import { CANCELLED, PARTIAL, USAGE } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const invitationsTo = async (clientId: string) =>
  (await outbox(portal(), `clientId=${clientId}`)).filter((m) => m.kind === 'invitation').length;
const outboxTotal = async () => {
  let total = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; nextCursor: string | null } = await apiGet(
      portal(),
      `/v1/outbox?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    total += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
};
/** The run's summary: with --json, one JSON line on stderr beside the ✓ line. */
const summaryOf = (stderr: string) => {
  const line = stderr.split('\n').find((l) => l.startsWith('{"summary":'));
  expect(line, stderr).toBeDefined();
  return (JSON.parse(line!) as { summary: Record<string, unknown> }).summary;
};
const pendingAt = async (provider: string) =>
  (await apiGet<{ data: Client[] }>(portal(), `/v1/clients?invite=pending&providerId=${provider}&limit=500`)).data;

describe('invite resend, many clients', () => {
  it('--dry-run lists every client the query selects, with what each would receive, and sends nothing', async () => {
    const before = await outboxTotal();
    const pending = await pendingAt('sp_lakeshore');
    const r = await run([
      'invite',
      'resend',
      '--provider',
      'sp_lakeshore',
      '--invite-status',
      'pending',
      '--sent-before',
      '14d',
      '--dry-run',
      '--json',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout) as { clientId: string; name: string; email: string; receives: string }[];
    expect(listed.map((t) => t.clientId)).toEqual(pending.map((c) => c.id));
    for (const [i, t] of listed.entries()) {
      expect(t).toMatchObject({ email: pending[i]!.email, name: `${pending[i]!.firstName} ${pending[i]!.lastName}` });
      expect(t.receives).toContain('new invite link');
    }
    expect(r.stderr).toContain(`${pending.length} to be emailed a new invite link`);
    expect(await outboxTotal()).toBe(before);
  });

  it('without a terminal, more than one client needs --yes; nothing is sent', async () => {
    const before = await outboxTotal();
    const r = await run(['invite', 'resend', '--provider', 'sp_lakeshore', '--invite-status', 'pending']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toMatch(/this emails \d+ clients: pass --yes/);
    expect(await outboxTotal()).toBe(before);
  });

  it('at a terminal, up to 20 clients are confirmed with a yes; "no" sends nothing', async () => {
    const before = await outboxTotal();
    const r = await run(['invite', 'resend', '--provider', 'sp_lakeshore', '--invite-status', 'pending'], undefined, {
      answers: { '--yes': false },
    });
    expect(r.asked).toEqual(['--yes']);
    expect(r.exitCode).toBe(CANCELLED);
    expect(await outboxTotal()).toBe(before);
  });

  it('a query with --yes resends to each pending client once, one JSON object per client, and a report without personal data', async () => {
    const pending = await pendingAt('sp_rideau');
    expect(pending.length).toBe(3);
    const sentBefore = await Promise.all(pending.map((c) => invitationsTo(c.id)));
    const report = path.join(workDir(), 'report.csv');
    const args = ['invite', 'resend', '--provider', 'sp_rideau', '--invite-status', 'pending', '--sent-before', '14d'];
    const r = await run([...args, '--yes', '--json', '--report', report]);
    expect(r.exitCode, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as { clientId: string; status: string }[];
    expect(results).toEqual(pending.map((c) => expect.objectContaining({ clientId: c.id, status: 'done' })));
    const summary = summaryOf(r.stderr);
    expect(summary).toEqual({
      action: 'invite.resend',
      clients: 3,
      done: 3,
      skipped: 0,
      failed: 0,
      pending: 0,
      sent: 3,
      sendMs: expect.any(Number),
      clientsPerSecond: expect.any(Number),
    });
    // The send pass's speed is its clients over its duration.
    const { sendMs, clientsPerSecond } = summary as { sendMs: number; clientsPerSecond: number };
    expect(clientsPerSecond).toBe(sendMs > 0 ? Math.round(3000 / sendMs) : 0);
    for (const [i, c] of pending.entries()) {
      expect(await invitationsTo(c.id)).toBe(sentBefore[i]! + 1);
      expect((await clientById(portal(), c.id)).invite.link).not.toBe(c.invite.link);
    }
    const text = readFileSync(report, 'utf8');
    expect(parse(text, { columns: true })).toEqual(
      pending.map((c) => ({ client_id: c.id, line: '', status: 'done', code: '', message: 'new invite link emailed' })),
    );
    for (const c of pending) {
      expect(text).not.toContain(c.email);
      expect(text).not.toContain(c.lastName);
    }
    expect(statSync(report).mode & 0o777).toBe(0o600);
    // Sent moments ago now: the same query selects no one, and nothing more is sent.
    const again = await run([...args, '--yes']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('no client matches');
    for (const [i, c] of pending.entries()) expect(await invitationsTo(c.id)).toBe(sentBefore[i]! + 1);
  });

  it('a file of ids: who cannot be resent is skipped with the reason, an unknown id fails (exit 8), --retry-failed retries only it', async () => {
    const dir = workDir();
    // cl_000006 pending, cl_000007 accepted, cl_000008 declined, cl_009999 does not exist.
    const file = writeCsv(dir, 'chase.csv', 'id,note\ncl_000006,first\ncl_000007,\ncl_000008,\ncl_009999,\n');
    const report = path.join(dir, 'report.csv');
    const sent6 = await invitationsTo('cl_000006');
    const sent7 = await invitationsTo('cl_000007');
    const r = await run(['invite', 'resend', '--from-file', file, '--yes', '--report', report, '--json']);
    expect(r.exitCode, r.stderr).toBe(PARTIAL);
    const results = JSON.parse(r.stdout) as { clientId: string; status: string; code: string; message: string }[];
    expect(results.map((x) => [x.clientId, x.status, x.code])).toEqual([
      ['cl_000006', 'done', null],
      ['cl_000007', 'skipped', 'already-logged-in'],
      ['cl_000008', 'skipped', 'invite-declined'],
      ['cl_009999', 'failed', 'not-found'],
    ]);
    // Only cl_000006 was sent anything; the others were left out before the send pass.
    expect(summaryOf(r.stderr)).toMatchObject({ clients: 4, done: 1, skipped: 2, failed: 1, pending: 0, sent: 1 });
    expect(r.stderr).toContain(`--retry-failed ${report}`);
    expect(await invitationsTo('cl_000006')).toBe(sent6 + 1);
    expect(await invitationsTo('cl_000007')).toBe(sent7);

    const retry = await run(['invite', 'resend', '--retry-failed', report, '--yes', '--json']);
    expect(retry.exitCode).toBe(PARTIAL);
    expect((JSON.parse(retry.stdout) as { clientId: string }[]).map((x) => x.clientId)).toEqual(['cl_009999']);
    expect(await invitationsTo('cl_000006')).toBe(sent6 + 1);
  });

  it('reads the file like an import: UTF-16 with a BOM, ; delimited, an Email column', async () => {
    const c9 = await clientById(portal(), 'cl_000009');
    const c11 = await clientById(portal(), 'cl_000011');
    const text = `Name;Email\r\nX;${c9.email.toUpperCase()}\r\nY;${c11.email}\r\n`;
    const file = writeCsv(
      workDir(),
      'list.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const r = await run(['invite', 'resend', '--from-file', file, '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { clientId: string }[]).map((t) => t.clientId)).toEqual(['cl_000009', 'cl_000011']);
  });

  it('a plain list with a line that is neither an id nor an email is refused naming the line; nothing is sent', async () => {
    const before = await outboxTotal();
    const file = writeCsv(workDir(), 'list.txt', 'cl_000014\ncl_000016\nbob\n');
    const r = await run(['invite', 'resend', '--from-file', file, '--yes']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('line 3: "bob" is neither a client id (cl_…) nor an email');
    expect(await outboxTotal()).toBe(before);
  });

  it('a client sent an invitation minutes ago is skipped ("sent 1 minute ago"), unless --force', async () => {
    const single = await run(['invite', 'resend', 'cl_000019', '--yes']);
    expect(single.exitCode, single.stderr).toBe(0);
    const sent19 = await invitationsTo('cl_000019');
    const sent21 = await invitationsTo('cl_000021');
    const file = writeCsv(workDir(), 'list.txt', 'cl_000019\ncl_000021\n');
    const r = await run(['invite', 'resend', '--from-file', file, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({
        clientId: 'cl_000019',
        status: 'skipped',
        code: 'resend-cooldown',
        message: 'sent 1 minute ago',
      }),
      expect.objectContaining({ clientId: 'cl_000021', status: 'done' }),
    ]);
    expect(await invitationsTo('cl_000019')).toBe(sent19);
    expect(await invitationsTo('cl_000021')).toBe(sent21 + 1);
    // The portal's refusal came in the send pass: both were sent, one skipped.
    expect(summaryOf(r.stderr)).toMatchObject({ clients: 2, done: 1, skipped: 1, failed: 0, sent: 2 });

    const forced = await run(['invite', 'resend', '--from-file', file, '--yes', '--force', '--json']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect((JSON.parse(forced.stdout) as { status: string }[]).map((x) => x.status)).toEqual(['done', 'done']);
    expect(await invitationsTo('cl_000019')).toBe(sent19 + 1);
  });

  it('one client or many, not both; --print-link is for one client', async () => {
    const both = await run(['invite', 'resend', 'cl_000001', '--invite-status', 'pending', '--yes']);
    expect(both.exitCode).toBe(USAGE);
    expect(both.stderr).toContain('give one client (cl_000001) or a choice of many');
    const link = await run(['invite', 'resend', '--invite-status', 'pending', '--print-link', '--yes']);
    expect(link.exitCode).toBe(USAGE);
    expect(link.stderr).toContain('--print-link applies to one client, not to many');
    const report = await run(['invite', 'resend', 'cl_000001', '--report', 'r.csv', '--yes']);
    expect(report.exitCode).toBe(USAGE);
    expect(report.stderr).toContain('--report applies when acting on many clients');
  });
});
