// The email-confirmation page (/confirm-email/:token): the link in the message sent to a client's
// new address. Opening it changes nothing (mail scanners open links); the button confirms.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ClientRow, findClientRow } from '../domain/client-store.js';
import { getRow, prep } from '../domain/common.js';
import { confirmEmail } from '../domain/invitations.js';
import { findLinkToken } from '../domain/link-tokens.js';
import { normaliseEmail } from '../domain/normalise.js';
import { actingAs, type PagesOptions, sendPage } from './context.js';
import { csrfField, html, notice, page } from './html.js';

type ConfirmState =
  | { kind: 'open'; client: ClientRow; email: string }
  | { kind: 'confirmed' }
  | { kind: 'stale' }
  | { kind: 'unknown' };

export function resolveConfirmation(options: Pick<PagesOptions, 'db'>, token: string): ConfirmState {
  if (token.length > 200) return { kind: 'unknown' };
  const recorded = findLinkToken(options.db, token);
  if (recorded?.purpose !== 'email-confirmation' || !recorded.email) return { kind: 'unknown' };
  if (recorded.ended_reason === 'confirmed') return { kind: 'confirmed' };
  const client = findClientRow(options.db, recorded.subject_id);
  if (!client) return { kind: 'unknown' };
  // Open while this is still the change waiting for confirmation (not replaced, not cancelled).
  if (recorded.ended_at || client.archived || client.pending_email_lower !== normaliseEmail(recorded.email)) {
    return { kind: 'stale' };
  }
  return { kind: 'open', client, email: recorded.email };
}

function closedPage(state: Exclude<ConfirmState, { kind: 'open' }>): { status: number; html: string } {
  if (state.kind === 'confirmed') {
    const heading = 'This email address is already confirmed';
    return {
      status: 410,
      html: page({
        title: heading,
        body: notice(heading, 'Your Jobs Portal account already uses it. There is nothing more to do.'),
      }),
    };
  }
  if (state.kind === 'stale') {
    const heading = 'This confirmation link is no longer valid';
    return {
      status: 410,
      html: page({
        title: heading,
        body: notice(
          heading,
          'A newer change of email address was asked for, or the change was cancelled.',
          'Use the link in the most recent email, or ask your caseworker to change your email address again.',
        ),
      }),
    };
  }
  const heading = 'This link is not valid';
  return {
    status: 404,
    html: page({
      title: heading,
      body: notice(
        heading,
        'Check that you opened the whole link from the email. If it still does not work, ask your caseworker.',
      ),
    }),
  };
}

function providerName(options: Pick<PagesOptions, 'db'>, providerId: string): string {
  return (
    getRow<{ name: string }>(prep(options.db, 'SELECT name FROM providers WHERE id = ?'), providerId)?.name ??
    providerId
  );
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

export function registerEmailConfirmationPages(app: FastifyInstance, options: PagesOptions): void {
  app.get('/confirm-email/:token', async (request: TokenRequest, reply) => {
    const state = resolveConfirmation(options, request.params.token);
    if (state.kind !== 'open') {
      const closed = closedPage(state);
      return sendPage(reply, closed.status, closed.html);
    }
    const heading = 'Confirm your new email address';
    return sendPage(
      reply,
      200,
      page({
        title: heading,
        context: providerName(options, state.client.provider_id),
        body: html`<h1>${heading}</h1>
<p>Hello ${state.client.preferred_name ?? state.client.first_name}. You asked to use <strong>${state.email}</strong> for your Jobs Portal account.</p>
<p>Until you confirm, messages keep going to your current address.</p>
<form method="post" action="/confirm-email/${encodeURIComponent(request.params.token)}">
${csrfField(reply.generateCsrf())}
<button type="submit">Confirm this email address</button>
</form>`,
      }),
    );
  });

  app.post('/confirm-email/:token', { preHandler: app.csrfProtection }, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    const state = resolveConfirmation(options, token);
    if (state.kind !== 'open') {
      const closed = closedPage(state);
      return sendPage(reply, closed.status, closed.html);
    }
    const ctx = actingAs(options, { id: state.client.id, providerId: state.client.provider_id }, request);
    const outcome = await options.writeQueue(() => {
      const now = resolveConfirmation(options, token);
      if (now.kind === 'open') confirmEmail(ctx, now.client.id);
      return now;
    });
    if (outcome.kind !== 'open') {
      const closed = closedPage(outcome);
      return sendPage(reply, closed.status, closed.html);
    }
    const heading = 'Your email address is confirmed';
    return sendPage(
      reply,
      200,
      page({
        title: heading,
        body: html`<div class="panel" role="status"><h1>${heading}</h1>
<p>Your Jobs Portal account now uses <strong>${outcome.email}</strong>. Sign in with it from now on.</p></div>`,
      }),
    );
  });
}
