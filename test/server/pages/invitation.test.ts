// The invitation page (/invite/:token) against the real app over in-memory SQLite: accept by
// choosing a password (the client's first login), decline, and the pages of replaced, used and
// unknown links, with their statuses. Seed: cl_000001 (Northstar, pending, token
// gM-VcU3Pe_HViJB9m9SduzXa, no caseworker); cl_000004 (pending, caseworker st_cwa004).
import { describe, expect, it } from 'vitest';
import { AFTER_COOLDOWN_MS, expectOk, expectProblem, newClient, portal } from '../domain/support.js';
import { browser, pathOf, text } from './support.js';

const PASSWORD = 'correct horse battery staple';

async function invitedClient(p: ReturnType<typeof portal>, overrides: Record<string, unknown> = {}) {
  const client = expectOk(await p.post('/v1/clients', newClient(overrides), 'full'), 201);
  return { id: client.id as string, email: client.email as string, link: client.invite.link as string };
}

describe('GET /invite/:token', () => {
  it('shows who invited the client, to which provider, and a form with labelled password fields', async () => {
    const p = portal();
    const { link, email } = await invitedClient(p, { firstName: 'Ada', caseworkerIds: ['st_cwa001'] });
    expect(link).toMatch(/^http:\/\/portal\.test\/invite\/cl_[0-9a-z]+\.[\w-]{24}$/);
    const page = await browser(p.app).get(pathOf(link));
    expect(page.status).toBe(200);
    const shown = text(page.body);
    expect(shown).toContain('You are invited to the Jobs Portal');
    expect(shown).toContain('Hello Ada.');
    expect(shown).toMatch(
      /\S+ \S+ at Northstar Employment Services invited you to Northstar Employment Services's Jobs Portal/,
    );
    expect(shown).toContain(`Your account will use the email address ${email}`);
    expect(page.body).toContain('<label for="password">New password</label>');
    expect(page.body).toContain('<label for="confirm">Type the password again</label>');
    expect(page.body).toMatch(
      /<input id="password" name="password" type="password" autocomplete="new-password" minlength="12" maxlength="128" required aria-describedby="password-hint">/,
    );
    expect(page.body).toMatch(/<h1>/);
  });

  it('opens a seeded invitation (a token from before tokens began with the client id)', async () => {
    const p = portal();
    const page = await browser(p.app).get('/invite/gM-VcU3Pe_HViJB9m9SduzXa');
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Hello Mary-Ann.');
  });

  it('answers 404 with a page for an unknown link, and for a forged secret on a real client id', async () => {
    const p = portal();
    const { id } = await invitedClient(p);
    for (const url of ['/invite/nothing-like-a-token', `/invite/${id}.AAAAAAAAAAAAAAAAAAAAAAAA`]) {
      const page = await browser(p.app).get(url);
      expect(page.status, url).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(text(page.body)).toContain('This link is not valid');
      expect(text(page.body)).toContain('ask your caseworker');
    }
  });
});

describe('accepting an invitation', () => {
  it("sets the client's first login; resend is then refused with the password-reset hint", async () => {
    const p = portal();
    const { id, link } = await invitedClient(p);
    const b = browser(p.app);
    await b.get(pathOf(link));
    const done = await b.post(`${pathOf(link)}/accept`, { password: PASSWORD, confirm: PASSWORD });
    expect(done.status).toBe(200);
    expect(text(done.body)).toContain('Your account is ready');

    const client = expectOk(await p.get(`/v1/clients/${id}`));
    expect(client.invite).toMatchObject({ status: 'accepted', link: null });
    expect(client.invite.lastLoginAt).toEqual(expect.any(String));
    const refused = expectProblem(await p.post(`/v1/clients/${id}/invitations`, {}), 409, 'already-logged-in');
    expect(refused.hint).toContain('password reset');

    // The audit names the client as who did it; only a hash of the password is kept.
    const audit = expectOk(await p.get(`/v1/audit?entityId=${id}&action=client.invite.accept`)).data;
    expect(audit).toEqual([expect.objectContaining({ actorId: id, action: 'client.invite.accept' })]);
    const stored = p.db.prepare('SELECT hash FROM portal_passwords WHERE subject_id = ?').get(id) as { hash: string };
    expect(stored.hash).toMatch(/^scrypt\$/);
    expect(stored.hash).not.toContain(PASSWORD);

    // The link is used up: it says so, with 410.
    const again = await browser(p.app).get(pathOf(link));
    expect(again.status).toBe(410);
    expect(text(again.body)).toContain('This invitation has already been accepted');
    expect(text(again.body)).toContain('password reset');
  });

  it('refuses a short password, a mismatch and the email as password, with errors tied to the fields (422)', async () => {
    const p = portal();
    const { id, link, email } = await invitedClient(p);
    const b = browser(p.app);
    await b.get(pathOf(link));
    const cases: [Record<string, string>, string, string][] = [
      [{ password: 'short', confirm: 'short' }, 'password', 'Enter a password of at least 12 characters'],
      [{ password: PASSWORD, confirm: `${PASSWORD}!` }, 'confirm', 'The two passwords do not match'],
      [{ password: email, confirm: email }, 'password', 'Choose a password that is not your email address'],
    ];
    for (const [fields, field, message] of cases) {
      const page = await b.post(`${pathOf(link)}/accept`, fields);
      expect(page.status).toBe(422);
      expect(text(page.body)).toContain('There is a problem');
      expect(page.body).toContain(`<a href="#${field}">${message}`);
      expect(page.body).toContain(
        `aria-describedby="${field === 'password' ? 'password-hint ' : ''}${field}-error" aria-invalid="true"`,
      );
    }
    expect(expectOk(await p.get(`/v1/clients/${id}`)).invite.status).toBe('pending');
  });
});

describe('declining an invitation', () => {
  it('records the decline; the link then says it was declined', async () => {
    const p = portal();
    const { id, link } = await invitedClient(p);
    const b = browser(p.app);
    await b.get(pathOf(link));
    const done = await b.post(`${pathOf(link)}/decline`, {});
    expect(done.status).toBe(200);
    expect(text(done.body)).toContain('You declined the invitation');
    const client = expectOk(await p.get(`/v1/clients/${id}`));
    expect(client.invite).toMatchObject({ status: 'declined', declinedAt: expect.any(String) });
    const audit = expectOk(await p.get(`/v1/audit?entityId=${id}&action=client.invite.decline`)).data;
    expect(audit[0]).toMatchObject({ actorId: id });

    const again = await browser(p.app).get(pathOf(link));
    expect(again.status).toBe(410);
    expect(text(again.body)).toContain('This invitation was declined');
  });
});

describe('a resent invitation', () => {
  it('shows "replaced" for the old link (410) and opens the new one', async () => {
    const p = portal();
    const { id, link: old } = await invitedClient(p);
    p.later(AFTER_COOLDOWN_MS);
    const fresh = expectOk(await p.post(`/v1/clients/${id}/invitations`, {}), 201).link as string;
    expect(fresh).not.toBe(old);
    const replaced = await browser(p.app).get(pathOf(old));
    expect(replaced.status).toBe(410);
    expect(text(replaced.body)).toContain('This invitation link has been replaced');
    expect(text(replaced.body)).toContain('ask your caseworker to send the invitation again');
    // Posting the old link's form changes nothing.
    const b = browser(p.app);
    await b.get(pathOf(fresh));
    const refused = await b.post(`${pathOf(old)}/accept`, { password: PASSWORD, confirm: PASSWORD });
    expect(refused.status).toBe(410);
    expect(expectOk(await p.get(`/v1/clients/${id}`)).invite.status).toBe('pending');

    expect((await browser(p.app).get(pathOf(fresh))).status).toBe(200);
  });

  it('a link of an archived client is no longer available (410)', async () => {
    const p = portal();
    const { id, link } = await invitedClient(p);
    expectOk(await p.post(`/v1/clients/${id}/archive`, {}));
    const page = await browser(p.app).get(pathOf(link));
    expect(page.status).toBe(410);
    expect(text(page.body)).toContain('This invitation is no longer available');
  });
});

describe('representative invitations', () => {
  it('a representative accepts with a password; the API shows the answer; the link is then used up', async () => {
    const p = portal();
    const rep = expectOk(
      await p.post(
        '/v1/clients/cl_000004/representatives',
        { firstName: 'Noor', lastName: 'Haddad', email: 'noor.haddad@example.org' },
        'full',
      ),
      201,
    );
    expect(rep).toMatchObject({ status: 'pending', respondedAt: null });
    const [message] = expectOk(await p.get('/v1/outbox?to=noor.haddad@example.org')).data;
    const b = browser(p.app);
    const page = await b.get(pathOf(message.link));
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('You are invited to be a client representative');
    expect(text(page.body)).toMatch(/as a representative of \S+ \S+/);
    const done = await b.post(`${pathOf(message.link)}/accept`, { password: PASSWORD, confirm: PASSWORD });
    expect(done.status).toBe(200);
    const [listed] = expectOk(await p.get('/v1/clients/cl_000004/representatives')).data.filter(
      (r: { id: string }) => r.id === rep.id,
    );
    expect(listed).toMatchObject({ status: 'accepted', respondedAt: expect.any(String) });
    const again = await browser(p.app).get(pathOf(message.link));
    expect(again.status).toBe(410);
    expect(text(again.body)).toContain('ask the person who invited you');
  });

  it('a representative declines', async () => {
    const p = portal();
    const rep = expectOk(
      await p.post(
        '/v1/clients/cl_000004/representatives',
        { firstName: 'Sam', lastName: 'Ode', email: 'sam.ode@example.org' },
        'full',
      ),
      201,
    );
    const [message] = expectOk(await p.get('/v1/outbox?to=sam.ode@example.org')).data;
    const b = browser(p.app);
    await b.get(pathOf(message.link));
    expect((await b.post(`${pathOf(message.link)}/decline`, {})).status).toBe(200);
    const listed = expectOk(await p.get('/v1/clients/cl_000004/representatives')).data.find(
      (r: { id: string }) => r.id === rep.id,
    );
    expect(listed.status).toBe('declined');
  });
});
