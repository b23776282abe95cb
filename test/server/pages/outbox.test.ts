// The outbox viewer (/outbox) and GET /v1/outbox/:id: sign in with an API token, see what that
// token may read, newest first, each message in full with its link clickable.
import { describe, expect, it } from 'vitest';
import { expectOk, expectProblem, newClient, portal } from '../domain/support.js';
import { browser, text } from './support.js';

async function signIn(p: ReturnType<typeof portal>, token: string) {
  const b = browser(p.app);
  const form = await b.get('/outbox');
  expect(form.status).toBe(200);
  expect(text(form.body)).toContain('sign in with an API token of this portal');
  expect(form.body).toContain('<label for="token">API token</label>');
  const signedIn = await b.post('/outbox/sign-in', { token });
  return { b, signedIn };
}

describe('GET /v1/outbox/:id', () => {
  it('answers one message with its text, within what the caller may read', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient({ firstName: 'Ada' }), 'full'), 201);
    const [listed] = expectOk(await p.get(`/v1/outbox?clientId=${client.id}`)).data;
    const message = expectOk(await p.get(`/v1/outbox/${listed.id}`, 'clients'));
    expect(message).toEqual({ ...listed, text: expect.any(String) });
    expect(message.text).toContain('Hello Ada,');
    expect(message.text).toContain('Northstar Employment Services has invited you to the Jobs Portal');
    expect(message.text).toContain(client.invite.link);
    // Staff of another provider, or without the permission the message needs: not found.
    expectProblem(await p.get(`/v1/outbox/${listed.id}`, 'providerB'), 404, 'not-found');
    expectProblem(await p.get(`/v1/outbox/${listed.id}`, 'portalUsers'), 404, 'not-found');
    expectProblem(await p.get('/v1/outbox/ob_nothing'), 404, 'not-found');
  });
});

describe('the outbox viewer', () => {
  it('after signing in with a token, lists messages newest first and shows one with its link clickable', async () => {
    const p = portal();
    const first = expectOk(await p.post('/v1/clients', newClient(), 'full'), 201);
    const second = expectOk(await p.post('/v1/clients', newClient(), 'full'), 201);
    const { b, signedIn } = await signIn(p, 'demo-admin-token');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/outbox');
    expect(String(signedIn.headers['set-cookie'])).toMatch(
      /portal_outbox_session=[\w-]+; Path=\/outbox; HttpOnly; SameSite=Strict/,
    );

    const list = await b.get('/outbox');
    expect(list.status).toBe(200);
    const shown = text(list.body);
    expect(shown.indexOf(second.email)).toBeGreaterThan(-1);
    expect(shown.indexOf(second.email)).toBeLessThan(shown.indexOf(first.email));
    expect(list.body).toContain('<th scope="col">Subject</th>');

    const filtered = text((await b.get(`/outbox?to=${encodeURIComponent(first.email)}`)).body);
    expect(filtered).toContain(first.email);
    expect(filtered).not.toContain(second.email);

    const id = /href="\/outbox\/(ob_[0-9a-z]+)"/.exec(list.body)![1]!;
    const message = await b.get(`/outbox/${id}`);
    expect(message.status).toBe(200);
    expect(text(message.body)).toContain(`To ${second.email}`);
    const link = second.invite.link.replaceAll('/', '&#x2F;').replaceAll('=', '&#x3D;');
    expect(message.body).toContain(`<a href="${link}">${link}</a>`);
  });

  it('shows times to the minute in the local time zone, with the ISO time in <time>, and kinds in words', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'full'), 201);
    const [sent] = expectOk(await p.get(`/v1/outbox?clientId=${client.id}`)).data;
    const { b } = await signIn(p, 'demo-admin-token');
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(sent.createdAt))
        .map((part) => [part.type, part.value]),
    );
    const local = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    const element = `<time datetime="${sent.createdAt.replaceAll(':', '&#x3A;')}">${local}</time>`;
    for (const page of [await b.get('/outbox'), await b.get(`/outbox/${sent.id}`)]) {
      expect(page.body.replaceAll(sent.createdAt, sent.createdAt.replaceAll(':', '&#x3A;'))).toContain(element);
      expect(text(page.body)).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d|\d\d:\d\d:\d\d| UTC\b/);
      expect(page.body).toMatch(/<(td|dd)>Invitation<\/\1>/);
    }
  });

  it('a staff token sees only what it may read through the API', async () => {
    const p = portal();
    const northstar = expectOk(await p.post('/v1/clients', newClient(), 'full'), 201);
    const { b } = await signIn(p, 'demo-provider-b-token');
    const shown = text((await b.get('/outbox')).body);
    expect(shown).not.toContain(northstar.email);
    const [message] = expectOk(await p.get(`/v1/outbox?clientId=${northstar.id}`)).data;
    expect((await b.get(`/outbox/${message.id}`)).status).toBe(404);
  });

  it('refuses a wrong token (401) and shows nothing without signing in', async () => {
    const p = portal();
    expectOk(await p.post('/v1/clients', newClient(), 'full'), 201);
    const { b, signedIn } = await signIn(p, 'not-a-token-of-this-portal');
    expect(signedIn.status).toBe(401);
    expect(text(signedIn.body)).toContain('This token is not valid on this portal');
    expect(text((await b.get('/outbox')).body)).not.toContain('@example.org');
    const [message] = expectOk(await p.get('/v1/outbox?limit=1')).data;
    const direct = await b.get(`/outbox/${message.id}`);
    expect(direct.status).toBe(303);
    expect(direct.headers.location).toBe('/outbox');
  });

  it('signing out ends the session', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(), 'full'), 201);
    const { b } = await signIn(p, 'demo-admin-token');
    expect(text((await b.get('/outbox')).body)).toContain(client.email);
    const out = await b.post('/outbox/sign-out', {});
    expect(out.status).toBe(303);
    expect(text((await b.get('/outbox')).body)).not.toContain(client.email);
  });
});
