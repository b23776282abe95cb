// What the page handlers share: the database, the clock, the group-commit queue, and the domain
// context of the person acting through a link (a client, a representative, an external user).
import type { DatabaseSync } from 'node:sqlite';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../context.js';
import type { Ctx } from '../domain/common.js';
import type { Authenticator } from '../platform/auth.js';
import type { WriteQueue } from '../platform/write-queue.js';

export interface PagesOptions {
  db: DatabaseSync;
  clock: () => Date;
  writeQueue: WriteQueue;
  authenticate: Authenticator;
  baseUrl: (hostHeader: string | undefined) => string;
  logError: (line: string) => void;
}

/**
 * The domain context of someone acting through a link. They are no staff member: the principal
 * carries their own id (audit entries name them as the actor) and only their provider's scope.
 */
export function actingAs(
  options: PagesOptions,
  subject: { id: string; providerId: string },
  request: { ip: string; headers: { host?: string | undefined } },
): Ctx {
  const principal: Principal = {
    staffId: subject.id,
    providerId: subject.providerId,
    groupId: '',
    permissions: [],
    isAdmin: false,
  };
  // One instant per change, as the API's handlers have (handlers.ts).
  const now = options.clock();
  return {
    db: options.db,
    clock: () => now,
    principal,
    baseUrl: options.baseUrl(request.headers.host),
    ip: request.ip,
  };
}

/** Sends a page: HTML, never stored by a browser or proxy (the pages hold personal data). */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
