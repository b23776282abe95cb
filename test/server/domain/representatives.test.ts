// Client representatives through the API: get one, resend while pending (a fresh link, the old
// one stops working), a decline recorded by staff (also before any invitation), a re-invite only
// when asked, removal (kept for the audit), and the duplicate rules (409 naming the record).
import { describe, expect, it } from 'vitest';
import { RepresentativeInviteResultSchema, RepresentativeSchema } from '../../../src/contract/schemas.js';
import { browser, pathOf } from '../pages/support.js';
import { AFTER_COOLDOWN_MS, expectOk, expectProblem, type Json, type Portal, portal } from './support.js';

const CLIENT = 'cl_000009'; // Anastasia Morin, pending invitation, not archived

async function invite(p: Portal, email: string, extra: Record<string, unknown> = {}) {
  return RepresentativeSchema().parse(
    expectOk(
      await p.post(`/v1/clients/${CLIENT}/representatives`, { firstName: 'Lena', lastName: 'Okoro', email, ...extra }),
      201,
    ),
  );
}
const mailsTo = async (p: Portal, email: string) =>
  expectOk(await p.get(`/v1/outbox?to=${encodeURIComponent(email)}`)).data as Json[];
const actions = async (p: Portal) =>
  expectOk(await p.get(`/v1/audit?entityId=${CLIENT}`)).data.map((e: Json) => [e.action, e.detail?.representativeId]);

describe('representatives', () => {
  it('GET one shows the invitation status; another client’s id or an unknown one is not found', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.get@example.org');
    expect(expectOk(await p.get(`/v1/clients/${CLIENT}/representatives/${rep.id}`))).toEqual(rep);
    expect(rep).toMatchObject({ status: 'pending', invitedAt: expect.any(String), removedAt: null });
    expectProblem(await p.get(`/v1/clients/cl_000004/representatives/${rep.id}`), 404, 'not-found');
    expectProblem(await p.get(`/v1/clients/${CLIENT}/representatives/rp_doesnotexist`), 404, 'not-found');
  });

  it('resend while pending: a fresh link, the old one stops working, the outbox has the new mail', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.resend@example.org');
    const [first] = await mailsTo(p, 'lena.resend@example.org');
    p.later(AFTER_COOLDOWN_MS);
    const resent = RepresentativeInviteResultSchema().parse(
      expectOk(await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/invitations`, {}), 201),
    );
    expect(resent.link).not.toBe(first.link);
    expect(resent).toMatchObject({ sentTo: 'lena.resend@example.org', representative: { status: 'pending' } });
    const mails = await mailsTo(p, 'lena.resend@example.org');
    expect(mails.map((m) => m.link)).toEqual([resent.link, first.link]);
    expect((await browser(p.app).get(pathOf(first.link))).status).toBe(410);
    expect((await browser(p.app).get(pathOf(resent.link))).status).toBe(200);
    expect(await actions(p)).toContainEqual(['client.representative.resend', rep.id]);
  });

  it('a decline recorded by staff ends the link; inviting again needs reinvite; declining twice changes nothing', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.decline@example.org');
    const [mail] = await mailsTo(p, 'lena.decline@example.org');
    const declined = expectOk(await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/decline`, {}));
    expect(declined).toMatchObject({ status: 'declined', respondedAt: expect.any(String) });
    expect(expectOk(await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/decline`))).toEqual(declined);
    expect((await browser(p.app).get(pathOf(mail.link))).status).toBe(410);
    const refused = expectProblem(
      await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/invitations`, {}),
      409,
      'invite-declined',
    );
    expect(refused.hint).toBe(
      `to invite them again: portalctl clients representatives invite ${CLIENT} --email lena.decline@example.org --reinvite`,
    );
    p.later(AFTER_COOLDOWN_MS);
    const again = expectOk(
      await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/invitations`, { reinvite: true }),
      201,
    );
    expect(again.representative).toMatchObject({ id: rep.id, status: 'pending', respondedAt: null });
    expect((await browser(p.app).get(pathOf(again.link))).status).toBe(200);
    expect(await actions(p)).toEqual(
      expect.arrayContaining([
        ['client.representative.decline', rep.id],
        ['client.representative.reinvite', rep.id],
      ]),
    );
  });

  it('a decline recorded before any invitation: nothing is sent; reinvite sends the first invitation', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.never@example.org', { declined: true });
    expect(rep).toMatchObject({ status: 'declined', invitedAt: null, respondedAt: expect.any(String) });
    expect(await mailsTo(p, 'lena.never@example.org')).toEqual([]);
    expect(await actions(p)).toContainEqual(['client.representative.decline', rep.id]);
    expectProblem(await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/invitations`), 409, 'invite-declined');
    const sent = expectOk(
      await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/invitations`, { reinvite: true }),
      201,
    );
    expect(sent.representative).toMatchObject({ status: 'pending', invitedAt: expect.any(String) });
    expect((await mailsTo(p, 'lena.never@example.org')).map((m) => m.link)).toEqual([sent.link]);
  });

  it('one who accepted has nothing to resend or decline', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.accepted@example.org');
    const [mail] = await mailsTo(p, 'lena.accepted@example.org');
    const page = browser(p.app);
    await page.get(pathOf(mail.link));
    const password = 'four words make a password';
    expect((await page.post(`${pathOf(mail.link)}/accept`, { password, confirm: password })).status).toBe(200);
    const url = `/v1/clients/${CLIENT}/representatives/${rep.id}`;
    expectProblem(await p.post(`${url}/invitations`, { reinvite: true }), 409, 'representative-accepted');
    expectProblem(await p.post(`${url}/decline`), 409, 'representative-accepted');
  });

  it('removal: no longer listed nor found, the link stops working, kept for the audit', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.remove@example.org');
    const [mail] = await mailsTo(p, 'lena.remove@example.org');
    const removed = expectOk(await p.del(`/v1/clients/${CLIENT}/representatives/${rep.id}`));
    expect(removed).toMatchObject({ id: rep.id, removedAt: expect.any(String) });
    const listed = expectOk(await p.get(`/v1/clients/${CLIENT}/representatives`)).data.map((r: Json) => r.id);
    expect(listed).not.toContain(rep.id);
    expectProblem(await p.get(`/v1/clients/${CLIENT}/representatives/${rep.id}`), 404, 'not-found');
    expectProblem(await p.del(`/v1/clients/${CLIENT}/representatives/${rep.id}`), 404, 'not-found');
    const page = await browser(p.app).get(pathOf(mail.link));
    expect(page.status).toBe(410);
    expect(await actions(p)).toContainEqual(['client.representative.remove', rep.id]);
    expect(p.db.prepare('SELECT removed_by FROM representatives WHERE id = ?').get(rep.id)).toEqual({
      removed_by: expect.stringMatching(/^st_/),
    });
    // Removed, the email may be invited again: a new record.
    const back = await invite(p, 'lena.remove@example.org');
    expect(back.id).not.toBe(rep.id);
  });

  it('the same email twice for one client is refused, naming the record and the command to use', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.twice@example.org');
    const pending = expectProblem(
      await p.post(`/v1/clients/${CLIENT}/representatives`, {
        firstName: 'Other',
        lastName: 'Person',
        email: 'LENA.Twice@example.org',
      }),
      409,
      'representative-exists',
    );
    expect(pending.existingRepresentativeId).toBe(rep.id);
    expect(pending.detail).toContain(rep.id);
    expect(pending.hint).toBe(
      `to send them a fresh link: portalctl clients representatives resend ${CLIENT} ${rep.id}`,
    );
    await p.post(`/v1/clients/${CLIENT}/representatives/${rep.id}/decline`);
    const declined = expectProblem(
      await p.post(`/v1/clients/${CLIENT}/representatives`, {
        firstName: 'Lena',
        lastName: 'Okoro',
        email: 'lena.twice@example.org',
        declined: true,
      }),
      409,
      'representative-exists',
    );
    expect(declined.hint).toContain('--reinvite');
    expect(await mailsTo(p, 'lena.twice@example.org')).toHaveLength(1);
    // Another client may have the same representative.
    expectOk(
      await p.post('/v1/clients/cl_000004/representatives', {
        firstName: 'Lena',
        lastName: 'Okoro',
        email: 'lena.twice@example.org',
      }),
      201,
    );
  });

  it("the client's own email is refused, naming the client", async () => {
    const p = portal();
    const client = expectOk(await p.get(`/v1/clients/${CLIENT}`));
    const problem = expectProblem(
      await p.post(`/v1/clients/${CLIENT}/representatives`, {
        firstName: client.firstName,
        lastName: client.lastName,
        email: client.email.toUpperCase(),
      }),
      409,
      'representative-is-client',
    );
    expect(problem.existingClientId).toBe(CLIENT);
    expect(problem.hint).toBe(`to invite the client: portalctl invite send ${CLIENT}`);
    expect(await mailsTo(p, client.email)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ kind: 'representative-invitation' })]),
    );
  });

  it('needs the clients permission', async () => {
    const p = portal();
    const rep = await invite(p, 'lena.perm@example.org');
    const url = `/v1/clients/${CLIENT}/representatives/${rep.id}`;
    expectProblem(await p.call('GET', url, 'noClients'), 403, 'forbidden');
    expectProblem(await p.call('POST', `${url}/invitations`, 'noClients', {}), 403, 'forbidden');
    expectProblem(await p.call('POST', `${url}/decline`, 'noClients', {}), 403, 'forbidden');
    expectProblem(await p.call('DELETE', url, 'noClients'), 403, 'forbidden');
  });
});
