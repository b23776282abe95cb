// The same program, written against what orval generates from openapi.json (fetch functions,
// answers typed per status). test/e2e/integrators.test.ts generates, type-checks and runs it.
import {
  type Client,
  type ClientCreate,
  createClient,
  expireLink,
  getClient,
  getMe,
  getOutboxMessage,
  invitePortalUser,
  linkCams,
  listClients,
  listOutbox,
  listPortals,
  listSharedLinks,
  lookupCams,
  type Problem,
  sendInvite,
  updateClient,
} from './out/orval/portal.js';
import { usePortal } from './portal-fetch.js';

// @ts-expect-error: ClientCreate needs names and email, or a link that supplies them.
const nothing: ClientCreate = {};
void nothing;

export interface Seen {
  listed: number;
  pages: number;
  created: string;
  replayed: string | null;
  fetchedEmail: string;
  resentLink: string;
  camsName: string;
  linkedTo: string | null;
  portalUser: string;
  expiredLinkStatus: string;
  outboxKinds: string[];
  outboxText: string;
  problems: Record<string, { status: number; code: string; extra?: string }>;
}

function refusal(problem: Problem, extra?: string): { status: number; code: string; extra?: string } {
  return { status: problem.status, code: problem.code, ...(extra === undefined ? {} : { extra }) };
}

function fail(what: string, answer: { status: number; data: unknown }): never {
  throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.data)}`);
}

export async function run(
  baseUrl: string,
  token: string,
  options: { unique: string; noClientsToken: string },
): Promise<Seen> {
  usePortal(baseUrl, token);

  let cursor: string | undefined;
  let listed = 0;
  let pages = 0;
  do {
    const page = await listClients({ limit: 50, ...(cursor ? { cursor } : {}) });
    if (page.status !== 200) fail('list', page);
    listed += page.data.data.length;
    pages++;
    cursor = page.data.nextCursor ?? undefined;
  } while (cursor);

  const body: ClientCreate = {
    firstName: 'Kwame',
    lastName: 'Mensah',
    email: `kwame.mensah.${options.unique}@example.org`,
    communication: { channel: 'sms', jobPostUpdates: true, frequency: 'weekly' },
  };
  const key = { headers: { 'Idempotency-Key': `${options.unique}-create-kwame` } };
  const first = await createClient(body, undefined, key);
  if (first.status !== 201) fail('create', first);
  const again = await createClient(body, undefined, key);
  if (again.status !== 201 || again.data.id !== first.data.id) fail('replay', again);
  const created: Client = first.data;

  const fetched = await getClient(created.id);
  if (fetched.status !== 200) fail('get', fetched);
  // Moments after the first invitation: force past the resend cooldown (the audit log records it).
  const resent = await sendInvite(created.id, { force: true });
  if (resent.status !== 201) fail('resend', resent);

  const cams = await lookupCams('210418916');
  if (cams.status !== 200) fail('cams lookup', cams);
  const linked = await linkCams(created.id, { clientReferenceNumber: cams.data.clientReferenceNumber, force: true });
  if (linked.status !== 200) fail('cams link', linked);
  const link = linked.data.link;

  const portals = await listPortals();
  if (portals.status !== 200) fail('portals', portals);
  const target = portals.data.data[0];
  if (!target) throw new Error('no portal');
  const invited = await invitePortalUser({
    portalId: target.id,
    email: `ama.owusu.${options.unique}@example.com`,
    firstName: 'Ama',
    lastName: 'Owusu',
    access: { type: 'all-jobs' },
  });
  if (invited.status !== 201) fail('invite portal user', invited);
  const links = await listSharedLinks(invited.data.user.id);
  if (links.status !== 200 || !links.data.data[0]) fail('links', links);
  const expired = await expireLink(links.data.data[0].id);
  if (expired.status !== 200) fail('expire', expired);

  const outbox = await listOutbox({ clientId: created.id });
  if (outbox.status !== 200 || !outbox.data.data[0]) fail('outbox', outbox);
  const message = await getOutboxMessage(outbox.data.data[0].id);
  if (message.status !== 200) fail('outbox message', message);

  const problems: Seen['problems'] = {};
  usePortal(baseUrl, 'not-a-token');
  const unauthenticated = await getMe();
  if (unauthenticated.status === 401) problems.unauthenticated = refusal(unauthenticated.data);
  usePortal(baseUrl, options.noClientsToken);
  const forbidden = await listClients();
  if (forbidden.status === 403) problems.forbidden = refusal(forbidden.data, forbidden.data.missingPermission);
  usePortal(baseUrl, token);
  const missing = await getClient('cl_000999999');
  if (missing.status === 404) problems.notFound = refusal(missing.data);
  const taken = await createClient({ ...body, firstName: 'Someone', lastName: 'Else' });
  if (taken.status === 409) problems.conflict = refusal(taken.data, taken.data.existingClientId);
  const invalid = await updateClient(created.id, { dateOfBirth: '1890-01-01' });
  if (invalid.status === 422) problems.validation = refusal(invalid.data, invalid.data.errors?.[0]?.path);

  return {
    listed,
    pages,
    created: created.id,
    replayed: again.headers.get('Idempotent-Replayed'),
    fetchedEmail: fetched.data.email,
    resentLink: resent.data.link,
    camsName: `${cams.data.firstName} ${cams.data.lastName}`,
    linkedTo: link.type === 'cams' ? link.clientReferenceNumber : null,
    portalUser: invited.data.user.id,
    expiredLinkStatus: expired.data.status,
    outboxKinds: outbox.data.data.map((m) => m.kind),
    outboxText: message.data.text,
    problems,
  };
}

/** A rate-limited portal: a call past the quota is refused, typed as the document's 429. */
export async function rateLimited(
  baseUrl: string,
  token: string,
): Promise<{ status: number; code: string; retryAfter: string | null }> {
  usePortal(baseUrl, token);
  for (let i = 0; i < 5; i++) {
    const answer = await getMe();
    if (answer.status === 429) return { ...refusal(answer.data), retryAfter: answer.headers.get('Retry-After') };
  }
  throw new Error('never rate limited');
}
