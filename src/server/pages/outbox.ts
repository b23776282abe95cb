// The outbox viewer (/outbox), for testers of the local portal, as Mailpit or MailHog would show
// mail: the messages the portal "sent", newest first, each readable with its link clickable.
//
// It shows personal data, so it is behind the portal's own API tokens: sign in with a token and
// you see exactly what that token may read through GET /v1/outbox (administrators: everything;
// staff: their provider's messages that their permissions cover). The session lives in this
// server's memory only (an HttpOnly, SameSite=Strict cookie holds a random id) and the token is
// checked again on every page, so a revoked token stops working at once.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MESSAGE_KIND_WORDS, MESSAGE_KINDS } from '../../contract/schemas.js';
import { localTime } from '../../time.js';
import type { Principal } from '../context.js';
import { getOutboxMessage, listOutbox, type MessageKind } from '../domain/outbox.js';
import type { PagesOptions } from './context.js';
import { sendPage } from './context.js';
import { csrfField, errorSummary, html, input, notice, page, textWithLink } from './html.js';

const SESSION_COOKIE = 'portal_outbox_session';
const SESSION_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;
const PAGE_SIZE = 50;

interface Session {
  token: string;
  until: number;
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** "2026-12-03 09:48" as the CLI's tables show it (this server's TZ), with the ISO time for machines. */
function timeElement(iso: string) {
  return html`<time datetime="${iso}">${localTime(new Date(iso))}</time>`;
}

export function registerOutboxPages(app: FastifyInstance, options: PagesOptions): void {
  const sessions = new Map<string, Session>();

  /** The signed-in principal, or null (no cookie, unknown or expired session, token no longer valid). */
  const principalOf = (request: FastifyRequest): Principal | null => {
    const id = request.cookies[SESSION_COOKIE];
    const session = id ? sessions.get(id) : undefined;
    if (!id || !session) return null;
    if (session.until < Date.now()) {
      sessions.delete(id);
      return null;
    }
    const authentication = options.authenticate(`Bearer ${session.token}`);
    return 'principal' in authentication ? authentication.principal : null;
  };

  const ctxFor = (principal: Principal, request: FastifyRequest) => ({
    db: options.db,
    clock: options.clock,
    principal,
    baseUrl: options.baseUrl(request.headers.host),
    ip: request.ip,
  });

  const signOutButton = (csrf: string) =>
    html`<form method="post" action="/outbox/sign-out">${csrfField(csrf)}<button type="submit" class="link">Sign out</button></form>`;

  const signInPage = (reply: FastifyReply, status: number, error?: string) => {
    const errors = error ? [{ field: 'token', message: error }] : [];
    return sendPage(
      reply,
      status,
      page({
        title: error ? 'Error: Sign in to the outbox' : 'Sign in to the outbox',
        context: 'Outbox of the local portal',
        body: html`${errorSummary(errors)}
<h1>Outbox</h1>
<p>This portal sends no email: it keeps every message it would have sent here. Messages hold personal
data, so sign in with an API token of this portal. You will see the messages that token may read.</p>
<form method="post" action="/outbox/sign-in">
${csrfField(reply.generateCsrf())}
${input({
  id: 'token',
  label: 'API token',
  type: 'password',
  hint: 'The administrator token the server was started with, or a staff token.',
  autocomplete: 'off',
  maxLength: 500,
  errors,
})}
<button type="submit">Sign in</button>
</form>`,
      }),
    );
  };

  app.get('/outbox', async (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const principal = principalOf(request);
    if (!principal) return signInPage(reply, 200);
    const query = request.query;
    const to = query.to?.trim() || undefined;
    const kind = MESSAGE_KINDS.includes(query.kind as MessageKind) ? (query.kind as MessageKind) : undefined;
    const cursor = query.cursor || undefined;
    const result = listOutbox(ctxFor(principal, request), { limit: PAGE_SIZE, cursor, to, kind });
    const csrf = reply.generateCsrf();
    const older = new URLSearchParams();
    if (to) older.set('to', to);
    if (kind) older.set('kind', kind);
    if (result.nextCursor) older.set('cursor', result.nextCursor);
    const body = html`<h1>Outbox</h1>
<p>The messages this portal sent, newest first.</p>
<form method="get" action="/outbox" class="filters" role="search" aria-label="Filter messages">
<div class="field"><label for="to">To</label><input id="to" name="to" type="email" value="${to ?? ''}"></div>
<div class="field"><label for="kind">Kind</label><select id="kind" name="kind">
<option value="">Any kind</option>
${MESSAGE_KINDS.map((k) => html`<option value="${k}"${k === kind ? html` selected` : ''}>${MESSAGE_KIND_WORDS[k]}</option>`)}
</select></div>
<button type="submit" class="secondary">Filter</button>
</form>
${
  result.data.length === 0
    ? html`<p>No messages${to || kind ? ' match these filters' : ' yet'}.</p>`
    : html`<table>
<caption class="visually-hidden">Messages, newest first</caption>
<thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Kind</th><th scope="col">Subject</th></tr></thead>
<tbody>
${result.data.map(
  (m) => html`<tr><td>${timeElement(m.createdAt)}</td><td>${m.to}</td><td>${MESSAGE_KIND_WORDS[m.kind]}</td>
<td><a href="/outbox/${encodeURIComponent(m.id)}">${m.subject}</a></td></tr>`,
)}
</tbody>
</table>`
}
${result.nextCursor ? html`<p><a href="/outbox?${older.toString()}">Older messages</a></p>` : ''}`;
    return sendPage(
      reply,
      200,
      page({ title: 'Outbox', context: 'Outbox of the local portal', nav: signOutButton(csrf), body }),
    );
  });

  app.get('/outbox/:id', async (request: IdRequest, reply) => {
    const principal = principalOf(request);
    if (!principal) return reply.code(303).header('location', '/outbox').header('cache-control', 'no-store').send();
    let message: ReturnType<typeof getOutboxMessage>;
    try {
      message = getOutboxMessage(ctxFor(principal, request), request.params.id);
    } catch {
      const heading = 'No such message';
      return sendPage(
        reply,
        404,
        page({
          title: heading,
          context: 'Outbox of the local portal',
          nav: signOutButton(reply.generateCsrf()),
          body: html`${notice(heading, 'There is no message with this id that you may read.')}<p><a href="/outbox">Back to the outbox</a></p>`,
        }),
      );
    }
    const body = html`<p><a href="/outbox">Back to the outbox</a></p>
<h1>${message.subject}</h1>
<dl class="message">
<dt>To</dt><dd>${message.to}</dd>
<dt>Sent</dt><dd>${timeElement(message.createdAt)}</dd>
<dt>Kind</dt><dd>${MESSAGE_KIND_WORDS[message.kind]}</dd>
<dt>Message id</dt><dd>${message.id}</dd>
${message.clientId ? html`<dt>Client</dt><dd>${message.clientId}</dd>` : ''}
${message.portalUserId ? html`<dt>Portal user</dt><dd>${message.portalUserId}</dd>` : ''}
</dl>
<h2>Message</h2>
<div class="message-text">${textWithLink(message.text, message.link)}</div>`;
    return sendPage(
      reply,
      200,
      page({
        title: message.subject,
        context: 'Outbox of the local portal',
        nav: signOutButton(reply.generateCsrf()),
        body,
      }),
    );
  });

  app.post('/outbox/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
    const value = (request.body as Record<string, unknown> | undefined)?.token;
    const token = typeof value === 'string' ? value.trim() : '';
    if (!token) return signInPage(reply, 422, 'Enter an API token of this portal');
    const authentication = options.authenticate(`Bearer ${token}`);
    if ('refused' in authentication) {
      const ended = authentication.refused === 'revoked' || authentication.refused === 'expired';
      return signInPage(
        reply,
        401,
        ended
          ? 'This token was revoked or has expired: use a current token of this portal'
          : 'This token is not valid on this portal: check it, or use the administrator token',
      );
    }
    const now = Date.now();
    for (const [id, session] of sessions) if (session.until < now) sessions.delete(id);
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    const id = randomBytes(24).toString('base64url');
    sessions.set(id, { token, until: now + SESSION_MS });
    reply.setCookie(SESSION_COOKIE, id, { path: '/outbox', httpOnly: true, sameSite: 'strict' });
    return reply.code(303).header('location', '/outbox').header('cache-control', 'no-store').send();
  });

  app.post('/outbox/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) sessions.delete(id);
    reply.clearCookie(SESSION_COOKIE, { path: '/outbox' });
    return reply.code(303).header('location', '/outbox').header('cache-control', 'no-store').send();
  });
}
