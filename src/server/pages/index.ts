// The portal's pages, outside /v1: what the links in its messages open (invitations, email
// confirmations, shared links) and the outbox viewer. Plain server-rendered HTML with one
// stylesheet and no script. Registered as one encapsulated Fastify context, so its form parser,
// cookies, CSRF checks, security headers and HTML error pages apply to the pages alone, not the API.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../context.js';
import { describeError } from '../platform/errors.js';
import type { PagesOptions } from './context.js';
import { sendPage } from './context.js';
import { registerEmailConfirmationPages } from './email-confirmation.js';
import { notice, page, STYLESHEET } from './html.js';
import { problemPage, registerInvitationPages } from './invitation.js';
import { registerOutboxPages } from './outbox.js';
import { registerSharedLinkPages } from './shared-link.js';

export type { PagesOptions } from './context.js';

/** Forms post a few short fields. */
const FORM_BODY_LIMIT = 16 * 1024;

export async function pages(app: FastifyInstance, options: PagesOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    // No script at all; styles only from this portal; no frames; forms post only here.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // The tokens are in the URLs: never send them on to another site.
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict' },
    getToken: (request) => {
      const value = (request.body as Record<string, unknown> | undefined)?._csrf;
      return typeof value === 'string' ? value : undefined;
    },
  });

  app.setErrorHandler((error, request, reply) => {
    const code = (error as { code?: string }).code;
    if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
      const heading = 'This form has expired';
      return sendPage(
        reply,
        403,
        page({
          title: heading,
          body: notice(
            heading,
            'For your security, the form could not be accepted: it was not sent from this page, or it is too old, or your browser blocks cookies from this site.',
            'Go back, reload the page and try again.',
          ),
        }),
      );
    }
    if (error instanceof ProblemError && error.status < 500) {
      const refused = problemPage(error);
      return sendPage(reply, refused.status, refused.html);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const heading = 'This request could not be read';
      return sendPage(
        reply,
        status,
        page({ title: heading, body: notice(heading, 'Go back, reload the page and try again.') }),
      );
    }
    options.logError(
      `portalctl server: 500 in ${request.method} ${request.routeOptions.url ?? 'page'}: ${describeError(error)}`,
    );
    const heading = 'Sorry, something went wrong';
    return sendPage(reply, 500, page({ title: heading, body: notice(heading, 'Try again in a moment.') }));
  });

  app.get('/assets/portal.css', (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(STYLESHEET),
  );

  registerInvitationPages(app, options);
  registerEmailConfirmationPages(app, options);
  registerSharedLinkPages(app, options);
  registerOutboxPages(app, options);
}
