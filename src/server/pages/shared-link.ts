// The shared-link page (/p/:token): what an external user (an employer contact, a representative)
// opens. Each visit records when the link was last used and from which IP, in the user's history;
// once the link is expired or the user deactivated, the page says that access has ended.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from '../context.js';
import { findLinkByToken, recordLinkUse, sharedPortalView } from '../domain/portal-users.js';
import { actingAs, type PagesOptions, sendPage } from './context.js';
import { html, notice, page } from './html.js';

const ENDED_HEADING = 'Your access to this portal has ended';

function ended(): string {
  return page({
    title: ENDED_HEADING,
    body: notice(
      ENDED_HEADING,
      'This link was expired, or your access to the portal was removed, so it no longer opens the portal.',
      'If you still need access, ask the person who shared the portal with you for a new link.',
    ),
  });
}

const UNKNOWN_HEADING = 'This link is not valid';

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

export function registerSharedLinkPages(app: FastifyInstance, options: PagesOptions): void {
  app.get('/p/:token', async (request: TokenRequest, reply) => {
    const found = request.params.token.length <= 200 ? findLinkByToken(options, request.params.token) : null;
    if (!found) {
      return sendPage(
        reply,
        404,
        page({
          title: UNKNOWN_HEADING,
          body: notice(
            UNKNOWN_HEADING,
            'Check that you opened the whole link from the email. If it still does not work, ask the person who shared the portal with you.',
          ),
        }),
      );
    }
    const { link, user } = found;
    if (link.status !== 'active' || user.status !== 'active') return sendPage(reply, 410, ended());
    const ctx = actingAs(options, { id: user.id, providerId: user.provider_id }, request);
    try {
      await options.writeQueue(() => recordLinkUse(ctx, link, user, request.ip));
    } catch (error) {
      // Expired between the read and the write.
      if (error instanceof ProblemError && error.code === 'link-expired') return sendPage(reply, 410, ended());
      throw error;
    }
    const view = sharedPortalView(options, user);
    return sendPage(
      reply,
      200,
      page({
        title: view.portal,
        context: view.provider,
        body: html`<h1>${view.portal}</h1>
<p>Shared with <strong>${view.user}</strong> by ${view.provider}.</p>
<h2>${view.access === 'all-jobs' ? 'All jobs of this portal' : 'Jobs shared with you'}</h2>
${
  view.jobs.length
    ? html`<ul class="jobs">${view.jobs.map((job) => html`<li>${job}</li>`)}</ul>`
    : html`<p>There are no jobs on this portal yet.</p>`
}
<p class="hint">This link is yours alone: please do not forward it.</p>`,
      }),
    );
  });
}
