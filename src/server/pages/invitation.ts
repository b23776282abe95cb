// The invitation page (/invite/:token): a client, or a client's representative, accepts by
// choosing a password (for a client, the first login: resend is refused from then on) or declines.
// A replaced, used or unknown link gets a page that says so and what to do.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemError } from '../context.js';
import { type ClientRow, findClientRow } from '../domain/client-store.js';
import { getRow, parseJsonArray, prep } from '../domain/common.js';
import { declineInvite, recordLogin } from '../domain/invitations.js';
import {
  type EndReason,
  findLinkToken,
  hashPassword,
  inviteTokenClientId,
  sameToken,
  savePassword,
} from '../domain/link-tokens.js';
import { answerRepresentativeInvite, findRepresentative, type RepresentativeRow } from '../domain/representatives.js';
import { actingAs, type PagesOptions, sendPage } from './context.js';
import { csrfField, errorSummary, type FieldError, html, input, notice, page } from './html.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

type InviteState =
  | { kind: 'client'; client: ClientRow }
  | { kind: 'representative'; rep: RepresentativeRow; client: ClientRow }
  | { kind: 'ended'; reason: EndReason | 'withdrawn'; representative: boolean }
  | { kind: 'unknown' };

/** What the link with this token opens, now. */
export function resolveInvite(options: Pick<PagesOptions, 'db'>, token: string): InviteState {
  const { db } = options;
  if (token.length > 200) return { kind: 'unknown' };
  const clientId = inviteTokenClientId(token);
  if (clientId) {
    const client = findClientRow(db, clientId);
    if (client?.invite_token && sameToken(client.invite_token, token)) return openClient(client);
  }
  const recorded = findLinkToken(db, token);
  if (recorded?.purpose === 'invitation' && recorded.ended_reason) {
    return { kind: 'ended', reason: recorded.ended_reason, representative: false };
  }
  if (recorded?.purpose === 'representative-invitation') {
    const rep = findRepresentative(db, recorded.subject_id);
    const client = rep && findClientRow(db, rep.client_id);
    if (!rep || !client) return { kind: 'unknown' };
    if (rep.removed_at) return { kind: 'ended', reason: 'withdrawn', representative: true };
    if (rep.status !== 'pending') return { kind: 'ended', reason: rep.status, representative: true };
    if (recorded.ended_reason) return { kind: 'ended', reason: recorded.ended_reason, representative: true };
    if (client.archived) return { kind: 'ended', reason: 'withdrawn', representative: true };
    return { kind: 'representative', rep, client };
  }
  if (!clientId) {
    // Tokens issued before invitation tokens began with the client id (e.g. seeded ones).
    const legacy = getRow<ClientRow>(prep(db, 'SELECT * FROM clients WHERE invite_token = ?'), token);
    if (legacy) return openClient(legacy);
  }
  return { kind: 'unknown' };
}

function openClient(client: ClientRow): InviteState {
  if (client.archived || client.invite_status !== 'pending') {
    return { kind: 'ended', reason: 'withdrawn', representative: false };
  }
  return { kind: 'client', client };
}

function providerName(options: Pick<PagesOptions, 'db'>, providerId: string): string {
  return (
    getRow<{ name: string }>(prep(options.db, 'SELECT name FROM providers WHERE id = ?'), providerId)?.name ??
    providerId
  );
}

/**
 * Who invited the client: the staff member of the client's provider who last sent the invitation
 * (from the audit log), else their first caseworker; null when neither is known.
 */
function inviterName(options: Pick<PagesOptions, 'db'>, client: ClientRow): string | null {
  const sender = getRow<{ name: string }>(
    prep(
      options.db,
      `SELECT s.name FROM audit_log a JOIN staff s ON s.id = a.actor_id
        WHERE a.entity_id = ? AND s.provider_id = ?
          AND a.action IN ('client.create', 'client.invite.send', 'client.invite.resend', 'client.invite.reinvite')
        ORDER BY a.seq DESC LIMIT 1`,
    ),
    client.id,
    client.provider_id,
  );
  if (sender) return sender.name;
  const [caseworker] = parseJsonArray(client.caseworker_ids);
  return staffName(options, caseworker ?? null);
}

function staffName(options: Pick<PagesOptions, 'db'>, id: string | null): string | null {
  if (!id) return null;
  return getRow<{ name: string }>(prep(options.db, 'SELECT name FROM staff WHERE id = ?'), id)?.name ?? null;
}

function endedPage(reason: EndReason | 'withdrawn', representative: boolean): { status: number; html: string } {
  const ask = representative ? 'the person who invited you' : 'your caseworker';
  const pages: Record<EndReason | 'withdrawn', [string, ...string[]]> = {
    replaced: [
      'This invitation link has been replaced',
      'A newer invitation was sent to you, so this link no longer works.',
      `Use the link in the most recent invitation email. If you cannot find it, ask ${ask} to send the invitation again.`,
    ],
    accepted: [
      'This invitation has already been accepted',
      'The password for this account has been set, so the invitation link no longer works.',
      `If you have forgotten your password, ask ${ask} to send you a password reset.`,
    ],
    declined: [
      'This invitation was declined',
      'The invitation was declined, so this link no longer works.',
      `If you have changed your mind, ask ${ask} to invite you again.`,
    ],
    confirmed: ['This link has already been used', `If you need help, ask ${ask}.`],
    withdrawn: [
      'This invitation is no longer available',
      'This invitation link no longer works.',
      `If you still want to join the Jobs Portal, ask ${ask} to send you a new invitation.`,
    ],
  };
  const [heading, ...paragraphs] = pages[reason];
  return { status: 410, html: page({ title: heading, body: notice(heading, ...paragraphs) }) };
}

const UNKNOWN = {
  status: 404,
  html: page({
    title: 'This link is not valid',
    body: notice(
      'This link is not valid',
      'Check that you opened the whole link from the email: some email programs split long links.',
      'If it still does not work, ask your caseworker to send you a new invitation.',
    ),
  }),
};

interface FormState {
  errors: FieldError[];
}

function invitePage(
  options: Pick<PagesOptions, 'db'>,
  state: Extract<InviteState, { kind: 'client' | 'representative' }>,
  token: string,
  csrf: string,
  form: FormState = { errors: [] },
): string {
  const provider = providerName(options, state.client.provider_id);
  const action = `/invite/${encodeURIComponent(token)}`;
  let heading: string;
  let intro: ReturnType<typeof html>;
  if (state.kind === 'client') {
    const c = state.client;
    const inviter = inviterName(options, c);
    heading = 'You are invited to the Jobs Portal';
    intro = html`<p>Hello ${c.preferred_name ?? c.first_name}.
${inviter && inviter !== provider ? html`<strong>${inviter}</strong> at ` : ''}<strong>${provider}</strong> invited you to ${provider}'s Jobs Portal,
where you can see job postings, keep your documents and stay in touch with your caseworker.</p>
<p>Your account will use the email address <strong>${c.email}</strong>.</p>`;
  } else {
    const { rep, client } = state;
    const inviter = staffName(options, rep.invited_by);
    heading = 'You are invited to be a client representative';
    intro = html`<p>Hello ${rep.first_name}.
${inviter && inviter !== provider ? html`<strong>${inviter}</strong> at ` : ''}<strong>${provider}</strong> invited you to ${provider}'s Jobs Portal
as a representative of <strong>${client.first_name} ${client.last_name}</strong>.</p>
<p>Your account will use the email address <strong>${rep.email}</strong>.</p>`;
  }
  const body = html`${errorSummary(form.errors)}
<h1>${heading}</h1>
${intro}
<h2 id="accept-heading">Accept: choose a password</h2>
<form method="post" action="${action}/accept" aria-labelledby="accept-heading">
${csrfField(csrf)}
${input({
  id: 'password',
  label: 'New password',
  type: 'password',
  hint: `At least ${PASSWORD_MIN} characters. A few words you can remember, with spaces, make a good password.`,
  autocomplete: 'new-password',
  minLength: PASSWORD_MIN,
  maxLength: PASSWORD_MAX,
  errors: form.errors,
})}
${input({
  id: 'confirm',
  label: 'Type the password again',
  type: 'password',
  autocomplete: 'new-password',
  maxLength: PASSWORD_MAX,
  errors: form.errors,
})}
<button type="submit">Accept the invitation</button>
</form>
<h2 id="decline-heading">Not for you?</h2>
<form method="post" action="${action}/decline" aria-labelledby="decline-heading">
${csrfField(csrf)}
<p>If you do not want an account, you can decline. ${provider} will be told.</p>
<button type="submit" class="secondary">Decline the invitation</button>
</form>`;
  return page({ title: form.errors.length ? `Error: ${heading}` : heading, body, context: provider });
}

/** Password rules; the same limits are on the form's fields. */
export function checkPassword(password: string, confirm: string, email: string): FieldError[] {
  const errors: FieldError[] = [];
  if (password.length < PASSWORD_MIN) {
    errors.push({ field: 'password', message: `Enter a password of at least ${PASSWORD_MIN} characters` });
  } else if (password.length > PASSWORD_MAX) {
    errors.push({ field: 'password', message: `Enter a password of at most ${PASSWORD_MAX} characters` });
  } else if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    errors.push({ field: 'password', message: 'Choose a password that is not your email address' });
  } else if (confirm !== password) {
    errors.push({ field: 'confirm', message: 'The two passwords do not match: type the same password twice' });
  }
  return errors;
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

export function registerInvitationPages(app: FastifyInstance, options: PagesOptions): void {
  const render = (reply: FastifyReply, result: { status: number; html: string }) =>
    sendPage(reply, result.status, result.html);

  /** The page for a state that is not an open invitation. */
  const closed = (state: InviteState) =>
    state.kind === 'ended' ? endedPage(state.reason, state.representative) : UNKNOWN;

  app.get('/invite/:token', async (request: TokenRequest, reply) => {
    const state = resolveInvite(options, request.params.token);
    if (state.kind !== 'client' && state.kind !== 'representative') return render(reply, closed(state));
    return sendPage(reply, 200, invitePage(options, state, request.params.token, reply.generateCsrf()));
  });

  app.post('/invite/:token/accept', { preHandler: app.csrfProtection }, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    const state = resolveInvite(options, token);
    if (state.kind !== 'client' && state.kind !== 'representative') return render(reply, closed(state));
    const email = state.kind === 'client' ? state.client.email : state.rep.email;
    const password = field(request.body, 'password');
    const errors = checkPassword(password, field(request.body, 'confirm'), email);
    if (errors.length > 0) {
      return sendPage(reply, 422, invitePage(options, state, token, reply.generateCsrf(), { errors }));
    }
    const hash = await hashPassword(password);
    const subject =
      state.kind === 'client'
        ? { id: state.client.id, providerId: state.client.provider_id }
        : { id: state.rep.id, providerId: state.client.provider_id };
    const ctx = actingAs(options, subject, request);
    // Checked again inside the write: the link may have been replaced while the password was hashed.
    const outcome = await options.writeQueue(() => {
      const now = resolveInvite(options, token);
      if (now.kind === 'client') {
        savePassword(ctx, now.client.id, hash);
        recordLogin(ctx, now.client, 'client.invite.accept');
      } else if (now.kind === 'representative') {
        savePassword(ctx, now.rep.id, hash);
        answerRepresentativeInvite(ctx, now.rep.id, 'accepted');
      }
      return now;
    });
    if (outcome.kind !== 'client' && outcome.kind !== 'representative') return render(reply, closed(outcome));
    const provider = providerName(options, outcome.client.provider_id);
    const heading = 'Your account is ready';
    return sendPage(
      reply,
      200,
      page({
        title: heading,
        context: provider,
        body: html`<div class="panel" role="status"><h1>${heading}</h1>
<p>You accepted the invitation and your password is set.</p></div>
<p>Sign in to the Jobs Portal with <strong>${email}</strong> and the password you just chose.</p>
<p>If you forget your password, ask ${outcome.kind === 'client' ? 'your caseworker' : 'the person who invited you'} to send you a password reset.</p>`,
      }),
    );
  });

  app.post('/invite/:token/decline', { preHandler: app.csrfProtection }, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    const state = resolveInvite(options, token);
    if (state.kind !== 'client' && state.kind !== 'representative') return render(reply, closed(state));
    const subject =
      state.kind === 'client'
        ? { id: state.client.id, providerId: state.client.provider_id }
        : { id: state.rep.id, providerId: state.client.provider_id };
    const ctx = actingAs(options, subject, request);
    const outcome = await options.writeQueue(() => {
      const now = resolveInvite(options, token);
      if (now.kind === 'client') declineInvite(ctx, now.client.id);
      else if (now.kind === 'representative') answerRepresentativeInvite(ctx, now.rep.id, 'declined');
      return now;
    });
    if (outcome.kind !== 'client' && outcome.kind !== 'representative') return render(reply, closed(outcome));
    const provider = providerName(options, outcome.client.provider_id);
    const heading = 'You declined the invitation';
    return sendPage(
      reply,
      200,
      page({
        title: heading,
        context: provider,
        body: notice(
          heading,
          `We have let ${provider} know. No account was created and this link no longer works.`,
          `If you change your mind, ask ${outcome.kind === 'client' ? 'your caseworker' : 'the person who invited you'} to invite you again.`,
        ),
      }),
    );
  });
}

/** A refusal from a domain rule while acting through a page, as a page. */
export function problemPage(error: ProblemError): { status: number; html: string } {
  const heading = error.status === 409 ? 'This cannot be done now' : 'Something is wrong with this request';
  return {
    status: error.status,
    html: page({
      title: heading,
      body: notice(heading, error.detail ?? error.title, 'If you need help, ask your caseworker.'),
    }),
  };
}
