import { describe, expect, it } from 'vitest';
import { InviteResultSchema, RepresentativeSchema } from '../../../src/contract/schemas.js';
import { AFTER_COOLDOWN_MS, expectOk, expectProblem, type Json, newClient, portal } from './support.js';

describe('invitations', () => {
  it('resends with a fresh link; the previous link stops being the current one', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    const first = client.invite.link;
    p.later(AFTER_COOLDOWN_MS);
    const resent = InviteResultSchema().parse(
      expectOk(await p.post(`/v1/clients/${client.id}/invitations`, {}, 'clients'), 201),
    );
    expect(resent.link).not.toBe(first);
    expect(resent.client.invite).toMatchObject({ status: 'pending', link: resent.link, sentTo: client.email });
    expect(resent.sentTo).toBe(client.email);

    const mails = expectOk(await p.get(`/v1/outbox?clientId=${client.id}&kind=invitation`)).data;
    expect(mails.map((m: Json) => m.link)).toEqual([resent.link, first]);
    expect(expectOk(await p.get(`/v1/clients/${client.id}`)).invite.link).toBe(resent.link);
    const actions = expectOk(await p.get(`/v1/audit?entityId=${client.id}`)).data.map((e: Json) => e.action);
    expect(actions).toEqual(['client.invite.resend', 'client.create']);
  });

  it('resends on an empty POST: the body is optional, as the document says', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    p.later(AFTER_COOLDOWN_MS);
    const resent = expectOk(await p.call('POST', `/v1/clients/${client.id}/invitations`, 'clients'), 201);
    expect(resent.link).not.toBe(client.invite.link);
  });

  it('invites a client added without an invitation', async () => {
    const p = portal();
    const sent = expectOk(await p.post('/v1/clients/cl_000005/invitations', {}, 'clients'), 201);
    expect(sent.client.invite.status).toBe('pending');
    expect(expectOk(await p.get('/v1/outbox?clientId=cl_000005')).data[0]).toMatchObject({
      kind: 'invitation',
      to: sent.sentTo,
      link: sent.link,
    });
  });

  it('refuses to resend once the client has logged in, pointing to password reset', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    const loggedIn = expectOk(await p.post(`/v1/_test/clients/${client.id}/login`, {}));
    expect(loggedIn.invite).toMatchObject({ status: 'accepted', link: null });
    expect(loggedIn.invite.lastLoginAt).toEqual(expect.any(String));
    const problem = expectProblem(
      await p.post(`/v1/clients/${client.id}/invitations`, {}, 'clients'),
      409,
      'already-logged-in',
    );
    expect(problem.hint).toBe('use password reset (portalctl clients password-reset)');
    // Seeded active clients too.
    expectProblem(
      await p.post('/v1/clients/cl_000012/invitations', { reinvite: true }, 'clients'),
      409,
      'already-logged-in',
    );
  });

  it('records a decline; inviting again needs an explicit re-invite', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    const declined = expectOk(await p.post(`/v1/clients/${client.id}/invitations/decline`, {}, 'clients'));
    expect(declined.invite).toMatchObject({ status: 'declined', link: null });
    expect(declined.invite.declinedAt).toEqual(expect.any(String));
    // Declining again changes nothing.
    expect(expectOk(await p.post(`/v1/clients/${client.id}/invitations/decline`, undefined, 'clients'))).toEqual(
      declined,
    );

    const problem = expectProblem(
      await p.post(`/v1/clients/${client.id}/invitations`, {}, 'clients'),
      409,
      'invite-declined',
    );
    expect(problem.hint).toBe('pass reinvite (portalctl invite send --reinvite)');
    p.later(AFTER_COOLDOWN_MS);
    const again = expectOk(await p.post(`/v1/clients/${client.id}/invitations`, { reinvite: true }, 'clients'), 201);
    expect(again.client.invite.status).toBe('pending');
    expect(again.link).not.toBe(client.invite.link);
    const actions = expectOk(await p.get(`/v1/audit?entityId=${client.id}`)).data.map((e: Json) => e.action);
    expect(actions).toEqual(['client.invite.reinvite', 'client.invite.decline', 'client.create']);
  });

  it('has nothing to decline for a client already logged in', async () => {
    const p = portal();
    expectProblem(await p.post('/v1/clients/cl_000012/invitations/decline', {}, 'clients'), 409, 'already-logged-in');
  });

  it('records a decline before any invitation was sent; the first invitation then needs reinvite', async () => {
    const p = portal();
    // cl_000005 was added without an invitation.
    const declined = expectOk(await p.post('/v1/clients/cl_000005/invitations/decline', {}, 'clients'));
    expect(declined.invite).toMatchObject({ status: 'declined', link: null, sentAt: null });
    expect(declined.invite.declinedAt).toEqual(expect.any(String));
    expect(expectOk(await p.get('/v1/outbox?clientId=cl_000005')).data).toEqual([]);
    expectProblem(await p.post('/v1/clients/cl_000005/invitations', {}, 'clients'), 409, 'invite-declined');
    const sent = expectOk(await p.post('/v1/clients/cl_000005/invitations', { reinvite: true }, 'clients'), 201);
    expect(sent.client.invite.status).toBe('pending');
    expect(expectOk(await p.get('/v1/outbox?clientId=cl_000005')).data.map((m: Json) => m.link)).toEqual([sent.link]);
    const actions = expectOk(await p.get('/v1/audit?entityId=cl_000005')).data.map((e: Json) => e.action);
    expect(actions.slice(0, 2)).toEqual(['client.invite.reinvite', 'client.invite.decline']);
  });

  it('does not invite archived clients', async () => {
    const p = portal();
    // cl_000024 is archived with a pending invitation.
    const problem = expectProblem(await p.post('/v1/clients/cl_000024/invitations', {}, 'clients'), 409, 'archived');
    expect(problem.hint).toContain('restore');
    expectProblem(
      await p.post('/v1/clients/cl_000024/representatives', { firstName: 'A', lastName: 'B', email: 'ab@example.org' }),
      409,
      'archived',
    );
  });
});

describe('password reset', () => {
  it('mails a client who has logged in', async () => {
    const p = portal();
    const client = expectOk(await p.get('/v1/clients/cl_000012'));
    expect(expectOk(await p.post('/v1/clients/cl_000012/password-reset', {}, 'clients'), 202)).toEqual({ ok: true });
    const mail = expectOk(await p.get('/v1/outbox?kind=password-reset')).data;
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: client.email, clientId: 'cl_000012' });
    expect(expectOk(await p.get('/v1/audit?action=client.password-reset')).data[0].entityId).toBe('cl_000012');
  });

  it('refuses a client who never logged in, pointing to the invitation', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients/cl_000009/password-reset', {}, 'clients'),
      409,
      'no-invite',
    );
    expect(problem.hint).toContain('invite send');
  });
});

describe('representatives', () => {
  it('invites a representative by email and lists them', async () => {
    const p = portal();
    const rep = RepresentativeSchema().parse(
      expectOk(
        await p.post(
          '/v1/clients/cl_000009/representatives',
          { firstName: 'Lena', lastName: 'Okoro', email: 'lena.okoro@example.com' },
          'clients',
        ),
        201,
      ),
    );
    expect(rep).toMatchObject({ clientId: 'cl_000009', firstName: 'Lena', email: 'lena.okoro@example.com' });
    const list = expectOk(await p.get('/v1/clients/cl_000009/representatives', 'clients')).data;
    expect(list.map((r: Json) => r.id)).toContain(rep.id);
    const mail = expectOk(await p.get('/v1/outbox?to=LENA.OKORO@example.com')).data;
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ kind: 'representative-invitation', clientId: 'cl_000009' });
    expect(mail[0].link).toMatch(/^http:\/\/portal\.test\/invite\//);
  });
});
