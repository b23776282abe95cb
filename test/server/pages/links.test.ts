// The shared-link page (/p/:token) and the email-confirmation page (/confirm-email/:token).
// Seed: ln_000003 (token 6SNiSLWRJKB81IHmS7aBrwty) is Vikram Desai's (pu_000002, selected jobs
// jb_maple001 and jb_maple002 of the Maple Logistics hiring portal), active and never used;
// ln_000001 (jp-iJPSIpgGvGxToZ-tr-Elg) is Rebecca Hughes's (pu_000001, all jobs); ln_000004
// (cJhyfaVjX5Q7kGLzs7ZBPN4R) belongs to the deactivated pu_000003.
import { describe, expect, it } from 'vitest';
import { expectOk, newClient, portal } from '../domain/support.js';
import { browser, pathOf, text } from './support.js';

describe('GET /p/:token (shared link)', () => {
  it('shows the jobs the user may see and records the use (time, IP, history, audit)', async () => {
    const p = portal();
    const page = await browser(p.app).get('/p/6SNiSLWRJKB81IHmS7aBrwty');
    expect(page.status).toBe(200);
    const shown = text(page.body);
    expect(shown).toContain('Maple Logistics hiring portal');
    expect(shown).toContain('Shared with Vikram Desai by Northstar Employment Services');
    expect(shown).toContain('Jobs shared with you');
    expect(shown).toContain('Warehouse associate (days)');
    expect(shown).toContain('Forklift operator');
    expect(shown).not.toContain('Shipping coordinator');

    const link = expectOk(await p.get('/v1/shared-links/ln_000003'));
    expect(link).toMatchObject({ status: 'active', lastUsedAt: expect.any(String), lastUsedIp: '127.0.0.1' });
    const history = expectOk(await p.get('/v1/portal-users/pu_000002/history')).data;
    expect(history[0]).toMatchObject({ action: 'link-used', actor: 'pu_000002', detail: 'ln_000003 from 127.0.0.1' });
    const audit = expectOk(await p.get('/v1/audit?entityId=ln_000003')).data;
    expect(audit[0]).toMatchObject({ action: 'shared-link.use', actorId: 'pu_000002' });
  });

  it('all-jobs access lists every job of the portal', async () => {
    const p = portal();
    const shown = text((await browser(p.app).get('/p/jp-iJPSIpgGvGxToZ-tr-Elg')).body);
    expect(shown).toContain('All jobs of this portal');
    for (const job of ['Warehouse associate (days)', 'Forklift operator', 'Shipping coordinator', 'Inventory clerk']) {
      expect(shown).toContain(job);
    }
  });

  it('after expire-link, and for a deactivated user, says access has ended (410) and records nothing', async () => {
    const p = portal();
    expectOk(await p.post('/v1/shared-links/ln_000003/expire', {}));
    const before = expectOk(await p.get('/v1/shared-links/ln_000003'));
    for (const token of ['6SNiSLWRJKB81IHmS7aBrwty', 'cJhyfaVjX5Q7kGLzs7ZBPN4R']) {
      const page = await browser(p.app).get(`/p/${token}`);
      expect(page.status).toBe(410);
      expect(text(page.body)).toContain('Your access to this portal has ended');
      expect(text(page.body)).toContain('ask the person who shared the portal with you for a new link');
    }
    expect(expectOk(await p.get('/v1/shared-links/ln_000003'))).toEqual(before);
  });

  it('answers 404 with a page for an unknown token', async () => {
    const p = portal();
    const page = await browser(p.app).get('/p/not-a-token');
    expect(page.status).toBe(404);
    expect(text(page.body)).toContain('This link is not valid');
  });
});

describe('/confirm-email/:token', () => {
  async function emailChange(p: ReturnType<typeof portal>, to: string) {
    const client = expectOk(await p.post('/v1/clients', newClient({ firstName: 'Ada' }), 'full'), 201);
    expectOk(await p.patch(`/v1/clients/${client.id}`, { email: to }, 'full'));
    const [message] = expectOk(await p.get(`/v1/outbox?to=${to}&kind=email-confirmation`)).data;
    return { id: client.id as string, link: message.link as string };
  }

  it('opening the link changes nothing; the button confirms the pending email', async () => {
    const p = portal();
    const { id, link } = await emailChange(p, 'ada.new@example.org');
    expect(link).toMatch(/^http:\/\/portal\.test\/confirm-email\/[\w-]{24}$/);
    const b = browser(p.app);
    const page = await b.get(pathOf(link));
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('You asked to use ada.new@example.org for your Jobs Portal account');
    expect(expectOk(await p.get(`/v1/clients/${id}`)).pendingEmail).toBe('ada.new@example.org');

    const done = await b.post(pathOf(link), {});
    expect(done.status).toBe(200);
    expect(text(done.body)).toContain('Your email address is confirmed');
    expect(expectOk(await p.get(`/v1/clients/${id}`))).toMatchObject({
      email: 'ada.new@example.org',
      pendingEmail: null,
    });

    const again = await browser(p.app).get(pathOf(link));
    expect(again.status).toBe(410);
    expect(text(again.body)).toContain('This email address is already confirmed');
  });

  it('a link of an earlier change stops working when the email is changed again (410)', async () => {
    const p = portal();
    const { id, link: first } = await emailChange(p, 'first.change@example.org');
    expectOk(await p.patch(`/v1/clients/${id}`, { email: 'second.change@example.org' }, 'full'));
    const page = await browser(p.app).get(pathOf(first));
    expect(page.status).toBe(410);
    expect(text(page.body)).toContain('This confirmation link is no longer valid');
    const b = browser(p.app);
    await b.get('/invite/gM-VcU3Pe_HViJB9m9SduzXa'); // any page with a form, for a CSRF token
    expect((await b.post(pathOf(first), {})).status).toBe(410);
    expect(expectOk(await p.get(`/v1/clients/${id}`)).pendingEmail).toBe('second.change@example.org');
  });

  it('answers 404 for an unknown token', async () => {
    const p = portal();
    expect((await browser(p.app).get('/confirm-email/unknown')).status).toBe(404);
  });
});
