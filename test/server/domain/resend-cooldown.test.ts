// The resend cooldown: a second invitation to the same client within the portal's window is
// refused (409 resend-cooldown, Retry-After, when the last one went out) unless forced, and the
// override is in the audit log. A first invitation is never in a cooldown.
import { describe, expect, it } from 'vitest';
import { AFTER_COOLDOWN_MS, expectOk, expectProblem, type Json, newClient, portal } from './support.js';

const invitations = (id: string) => `/v1/clients/${id}/invitations`;

describe('resend cooldown', () => {
  it('refuses a second invitation within 10 minutes with 409, Retry-After and when the last one went out', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    const mails = async () => expectOk(await p.get(`/v1/outbox?clientId=${client.id}`)).data.length;
    const before = await mails();
    const answer = await p.post(invitations(client.id), {}, 'clients');
    const problem = expectProblem(answer, 409, 'resend-cooldown');
    expect(problem.lastSentAt).toBe(client.invite.sentAt);
    const sent = Date.parse(client.invite.sentAt);
    expect(problem.retryAt).toBe(new Date(sent + 10 * 60_000).toISOString());
    // The portal's clock moved a few seconds since (one a reading): a little under 600 s remain.
    const retryAfter = Number(answer.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(590);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(problem.detail).toContain(`client ${client.id} was sent an invitation at ${client.invite.sentAt}`);
    expect(problem.hint).toContain('force');
    // Nothing sent, the link unchanged.
    expect(await mails()).toBe(before);
    expect(expectOk(await p.get(`/v1/clients/${client.id}`)).invite.link).toBe(client.invite.link);
  });

  it('force: true sends anyway, and the audit entry records the override', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    const resent = expectOk(await p.post(invitations(client.id), { force: true }, 'clients'), 201);
    expect(resent.link).not.toBe(client.invite.link);
    const [entry] = expectOk(await p.get(`/v1/audit?entityId=${client.id}&action=client.invite.resend`)).data;
    expect(entry.detail).toEqual({ cooldownOverridden: true, previousSentAt: client.invite.sentAt });
  });

  it('accepts the resend once the window has passed, with no override in the audit', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    p.later(AFTER_COOLDOWN_MS);
    expectOk(await p.post(invitations(client.id), {}, 'clients'), 201);
    // The window starts again from that invitation.
    expectProblem(await p.post(invitations(client.id), {}, 'clients'), 409, 'resend-cooldown');
    const [entry] = expectOk(await p.get(`/v1/audit?entityId=${client.id}&action=client.invite.resend`)).data;
    expect(entry.detail).toBeNull();
  });

  it('covers a re-invite after a decline too', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    expectOk(await p.post(`${invitations(client.id)}/decline`, {}, 'clients'));
    expectProblem(await p.post(invitations(client.id), { reinvite: true }, 'clients'), 409, 'resend-cooldown');
    expectOk(await p.post(invitations(client.id), { reinvite: true, force: true }, 'clients'), 201);
    const [entry] = expectOk(await p.get(`/v1/audit?entityId=${client.id}&action=client.invite.reinvite`)).data;
    expect(entry.detail).toMatchObject({ cooldownOverridden: true });
  });

  it('never holds back a first invitation', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient({ sendInvite: false }), 'clients'), 201);
    expectOk(await p.post(invitations(client.id), {}, 'clients'), 201);
    // A seeded client never invited (cl_000005), right after the seed.
    expectOk(await p.post(invitations('cl_000005'), {}, 'clients'), 201);
  });

  it('follows the portal setting: another window, or none', async () => {
    const short = portal({ settings: { resendCooldownMs: 30_000 } });
    const a = expectOk(await short.post('/v1/clients', newClient(), 'clients'), 201);
    const refused = await short.post(invitations(a.id), {}, 'clients');
    expectProblem(refused, 409, 'resend-cooldown');
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect((refused.body as Json).detail).toContain('within 30 seconds');
    short.later(30_000);
    expectOk(await short.post(invitations(a.id), {}, 'clients'), 201);

    const off = portal({ settings: { resendCooldownMs: 0 } });
    const b = expectOk(await off.post('/v1/clients', newClient(), 'clients'), 201);
    expectOk(await off.post(invitations(b.id), {}, 'clients'), 201);
  });
});

describe('resend cooldown of a representative’s invitation', () => {
  const CLIENT = 'cl_000009';
  const reps = `/v1/clients/${CLIENT}/representatives`;
  async function invited(p: ReturnType<typeof portal>, email: string): Promise<Json> {
    return expectOk(await p.post(reps, { firstName: 'Lena', lastName: 'Okoro', email }), 201);
  }

  it('refuses a resend within 10 minutes with 409, Retry-After and when the last one went out; nothing sent', async () => {
    const p = portal();
    const rep = await invited(p, 'lena.cooldown@example.org');
    const mails = async () =>
      expectOk(await p.get(`/v1/outbox?to=${encodeURIComponent('lena.cooldown@example.org')}`)).data.length;
    const before = await mails();
    const answer = await p.post(`${reps}/${rep.id}/invitations`, {});
    const problem = expectProblem(answer, 409, 'resend-cooldown');
    expect(problem.lastSentAt).toBe(rep.invitedAt);
    expect(problem.retryAt).toBe(new Date(Date.parse(rep.invitedAt) + 10 * 60_000).toISOString());
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(590);
    expect(problem.detail).toContain(`representative ${rep.id} was sent an invitation at ${rep.invitedAt}`);
    expect(await mails()).toBe(before);
  });

  it('force: true sends anyway and the audit entry records the override; after the window, no override', async () => {
    const p = portal();
    const rep = await invited(p, 'lena.forced@example.org');
    expectOk(await p.post(`${reps}/${rep.id}/invitations`, { force: true, reason: 'Asked again by phone' }), 201);
    const audit = async () =>
      expectOk(await p.get(`/v1/audit?entityId=${CLIENT}&action=client.representative.resend`)).data;
    expect((await audit())[0].detail).toEqual({
      representativeId: rep.id,
      cooldownOverridden: true,
      previousSentAt: rep.invitedAt,
      reason: 'Asked again by phone',
    });
    p.later(AFTER_COOLDOWN_MS);
    expectOk(await p.post(`${reps}/${rep.id}/invitations`, {}), 201);
    expect((await audit())[0].detail).toEqual({ representativeId: rep.id });
  });

  it('covers a re-invite after a decline; never a first invitation after a decline recorded before any', async () => {
    const p = portal();
    const rep = await invited(p, 'lena.redecline@example.org');
    expectOk(await p.post(`${reps}/${rep.id}/decline`, {}));
    expectProblem(await p.post(`${reps}/${rep.id}/invitations`, { reinvite: true }), 409, 'resend-cooldown');
    const never = expectOk(
      await p.post(reps, { firstName: 'Lena', lastName: 'Never', email: 'lena.never2@example.org', declined: true }),
      201,
    );
    expectOk(await p.post(`${reps}/${never.id}/invitations`, { reinvite: true }), 201);
  });

  it('follows the portal setting: none at all', async () => {
    const off = portal({ settings: { resendCooldownMs: 0 } });
    const rep = await invited(off, 'lena.off@example.org');
    expectOk(await off.post(`${reps}/${rep.id}/invitations`, {}), 201);
  });
});
