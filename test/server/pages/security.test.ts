// What every page sends and refuses: security headers (no script allowed, no framing, no
// referrer, no caching of token pages), CSRF refusal of forms, escaping of stored values, and
// the API left as it was (none of the pages' headers or parsers on /v1).
import { describe, expect, it } from 'vitest';
import { expectOk, newClient, portal } from '../domain/support.js';
import { browser, pathOf, text } from './support.js';

const PASSWORD = 'correct horse battery staple';

describe('security headers', () => {
  it('every page forbids scripts and framing, sends no referrer and is not stored', async () => {
    const p = portal();
    for (const url of [
      '/invite/gM-VcU3Pe_HViJB9m9SduzXa',
      '/invite/unknown',
      '/p/jp-iJPSIpgGvGxToZ-tr-Elg',
      '/outbox',
    ]) {
      const page = await browser(p.app).get(url);
      const csp = String(page.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toContain('script-src');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).not.toMatch(/<script|https?:\/\/(?!portal\.test)/);
    }
  });

  it('the stylesheet is served from the portal itself', async () => {
    const p = portal();
    const css = await p.app.inject({ method: 'GET', url: '/assets/portal.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('.error-summary');
  });

  it('the API keeps its own answers: no page headers, JSON problems', async () => {
    const p = portal();
    const me = await p.get('/v1/me');
    expect(me.headers['content-security-policy']).toBeUndefined();
    const form = await p.app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers: { authorization: 'Bearer demo-admin-token', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'firstName=A',
    });
    expect(form.statusCode).toBe(415);
    expect(form.headers['content-type']).toContain('application/problem+json');
  });
});

describe('CSRF', () => {
  it('refuses a form posted without the token, or with another browser’s, and changes nothing', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'full'), 201);
    const path = `${pathOf(client.invite.link)}/accept`;

    // No cookie, no token (a form on another site).
    const bare = await p.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ password: PASSWORD, confirm: PASSWORD }).toString(),
    });
    expect(bare.statusCode).toBe(403);
    expect(text(bare.body)).toContain('This form has expired');

    // A real page's cookie, with a token from another browser's page.
    const mine = browser(p.app);
    await mine.get(pathOf(client.invite.link));
    const theirs = browser(p.app);
    await theirs.get(pathOf(client.invite.link));
    const crossed = await mine.post(path, { password: PASSWORD, confirm: PASSWORD, _csrf: theirs.csrf! });
    expect(crossed.status).toBe(403);

    expect(expectOk(await p.get(`/v1/clients/${client.id}`)).invite.status).toBe('pending');
    // The same browser with its own token succeeds.
    expect((await mine.post(path, { password: PASSWORD, confirm: PASSWORD })).status).toBe(200);
  });

  it('the CSRF cookie is HttpOnly and SameSite=Strict', async () => {
    const p = portal();
    const page = await browser(p.app).get('/invite/gM-VcU3Pe_HViJB9m9SduzXa');
    expect(String(page.headers['set-cookie'])).toMatch(/^_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
  });
});

describe('escaping', () => {
  it('names and emails are shown as text, never as markup', async () => {
    const p = portal();
    const client = expectOk(
      await p.post('/v1/clients', newClient({ firstName: '<b>Ada</b>', preferredName: '"><img src=x>' }), 'full'),
      201,
    );
    const page = await browser(p.app).get(pathOf(client.invite.link));
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<img src=x>');
    expect(page.body).toContain('&quot;&gt;&lt;img src&#x3D;x&gt;');
    expect(text(page.body)).toContain('Hello "><img src=x>.');
  });
});
