// The permission matrix: every route against every permission set of the seed. A route refuses a
// token that lacks one of its permissions with 403 naming it; any other answer (200, 404, 409...)
// means the permission check let the call through. Administrators pass everything.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { RouteDef } from '../../../src/contract/define.js';
import { routes } from '../../../src/contract/routes.js';
import { testRoutes } from '../../../src/server/test-routes.js';
import { pdf } from '../../helpers/documents.js';
import { type Json, newClient, type Portal, portal, type TokenName } from './support.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Probe {
  method: Method;
  /** A function for a record made by an earlier probe (read from the database). */
  url: string | ((p: Portal) => string);
  body?: () => unknown;
  /** Request headers (a file's bytes go as application/octet-stream). */
  headers?: Record<string, string>;
  /** Permissions the domain says the route needs (checked in this order). */
  needs: string[];
}

const CLIENTS = ['clients'];
const PORTAL = ['portal-users'];
const ADMIN = ['administrator'];

let n = 0;
/** The file the uploadClientFile probe stored last. */
const lastFile = (p: Portal) =>
  (p.db.prepare("SELECT id FROM client_files WHERE status = 'ready' ORDER BY id DESC LIMIT 1").get() as { id: string })
    .id;

const probes: Record<string, Probe> = {
  getMe: { method: 'GET', url: '/v1/me', needs: [] },
  getSettings: { method: 'GET', url: '/v1/settings', needs: [] },
  listProviders: { method: 'GET', url: '/v1/providers', needs: [] },
  listStaff: { method: 'GET', url: '/v1/staff', needs: [] },
  listClients: { method: 'GET', url: '/v1/clients', needs: CLIENTS },
  findDuplicates: { method: 'GET', url: '/v1/clients/duplicates?lastName=Smith', needs: CLIENTS },
  createClient: { method: 'POST', url: '/v1/clients', body: () => newClient(), needs: CLIENTS },
  batchCreateClients: {
    method: 'POST',
    url: '/v1/clients/batch',
    body: () => ({ items: [{ idempotencyKey: `matrix-key-${++n}`, client: newClient() }] }),
    needs: CLIENTS,
  },
  getClient: { method: 'GET', url: '/v1/clients/cl_000009', needs: CLIENTS },
  updateClient: {
    method: 'PATCH',
    url: '/v1/clients/cl_000009',
    body: () => ({ pronouns: `p${++n}` }),
    needs: CLIENTS,
  },
  archiveClient: { method: 'POST', url: '/v1/clients/cl_000011/archive', body: () => ({}), needs: CLIENTS },
  restoreClient: { method: 'POST', url: '/v1/clients/cl_000003/restore', body: () => ({}), needs: CLIENTS },
  assignStaff: {
    method: 'POST',
    url: '/v1/clients/cl_000009/staff',
    body: () => ({ staffId: 'st_cwa001' }),
    needs: ['clients', 'sp-admin'],
  },
  unassignStaff: { method: 'DELETE', url: '/v1/clients/cl_000006/staff/st_cwa001', needs: ['clients', 'sp-admin'] },
  referClient: {
    method: 'POST',
    url: '/v1/clients/cl_000021/referral',
    body: () => ({ providerId: 'sp_lakeshore' }),
    needs: ['clients', 'sp-group-admin'],
  },
  addSafetyFlag: {
    method: 'POST',
    url: '/v1/clients/cl_000009/flags',
    body: () => ({ reason: 'Matrix' }),
    needs: CLIENTS,
  },
  listSafetyFlags: { method: 'GET', url: '/v1/clients/cl_000005/flags', needs: CLIENTS },
  removeSafetyFlag: {
    method: 'POST',
    url: '/v1/clients/cl_000005/flags/sf_00000501/remove',
    body: () => ({ reason: 'Matrix' }),
    needs: CLIENTS,
  },
  listTasks: { method: 'GET', url: '/v1/clients/cl_000009/tasks', needs: CLIENTS },
  completeTask: {
    method: 'POST',
    url: '/v1/clients/cl_000002/tasks/tk_000001/complete',
    body: () => ({}),
    needs: CLIENTS,
  },
  reopenTask: { method: 'POST', url: '/v1/clients/cl_000002/tasks/tk_000001/reopen', body: () => ({}), needs: CLIENTS },
  createTask: { method: 'POST', url: '/v1/clients/cl_000009/tasks', body: () => ({ title: 'Matrix' }), needs: CLIENTS },
  listNotes: { method: 'GET', url: '/v1/clients/cl_000009/notes', needs: CLIENTS },
  createNote: { method: 'POST', url: '/v1/clients/cl_000009/notes', body: () => ({ text: 'Matrix' }), needs: CLIENTS },
  updateNote: { method: 'PATCH', url: ownNote, body: () => ({ text: 'Matrix, edited' }), needs: CLIENTS },
  deleteNote: { method: 'DELETE', url: ownNote, needs: CLIENTS },
  sendPasswordReset: { method: 'POST', url: '/v1/clients/cl_000012/password-reset', body: () => ({}), needs: CLIENTS },
  listRepresentatives: { method: 'GET', url: '/v1/clients/cl_000009/representatives', needs: CLIENTS },
  inviteRepresentative: {
    method: 'POST',
    url: '/v1/clients/cl_000009/representatives',
    body: () => ({ firstName: 'Rep', lastName: 'Matrix', email: `rep${++n}@example.org` }),
    needs: CLIENTS,
  },
  getRepresentative: { method: 'GET', url: (p) => freshRep(p), needs: CLIENTS },
  sendRepresentativeInvite: {
    method: 'POST',
    url: (p) => `${freshRep(p)}/invitations`,
    body: () => ({}),
    needs: CLIENTS,
  },
  declineRepresentative: { method: 'POST', url: (p) => `${freshRep(p)}/decline`, body: () => ({}), needs: CLIENTS },
  removeRepresentative: { method: 'DELETE', url: (p) => freshRep(p), needs: CLIENTS },
  listClientFiles: { method: 'GET', url: '/v1/clients/cl_000009/files', needs: CLIENTS },
  uploadClientFile: {
    method: 'POST',
    url: '/v1/clients/cl_000009/files?name=matrix.pdf',
    body: () => pdf(`matrix-${++n}`),
    headers: { 'content-type': 'application/octet-stream' },
    needs: CLIENTS,
  },
  getClientFile: { method: 'GET', url: (p) => `/v1/clients/cl_000009/files/${lastFile(p)}`, needs: CLIENTS },
  downloadClientFile: {
    method: 'GET',
    url: (p) => `/v1/clients/cl_000009/files/${lastFile(p)}/content`,
    needs: CLIENTS,
  },
  sendInvite: { method: 'POST', url: '/v1/clients/cl_000009/invitations', body: () => ({}), needs: CLIENTS },
  declineInvite: { method: 'POST', url: '/v1/clients/cl_000011/invitations/decline', body: () => ({}), needs: CLIENTS },
  lookupCams: { method: 'GET', url: '/v1/cams/clients/210104729', needs: CLIENTS },
  previewCamsLink: {
    method: 'GET',
    url: '/v1/clients/cl_000029/cams-link/preview?clientReferenceNumber=210209458',
    needs: CLIENTS,
  },
  linkCams: {
    method: 'PUT',
    url: '/v1/clients/cl_000029/cams-link',
    body: () => ({ clientReferenceNumber: '210209458', force: true }),
    needs: CLIENTS,
  },
  unlinkCams: { method: 'DELETE', url: '/v1/clients/cl_000004/cams-link', needs: CLIENTS },
  getCamsEap: { method: 'GET', url: '/v1/clients/cl_000001/cams-eap', needs: CLIENTS },
  lookupAssessment: { method: 'GET', url: '/v1/assessments/CA-3005001', needs: CLIENTS },
  listPortals: { method: 'GET', url: '/v1/portals', needs: PORTAL },
  listPortalUsers: { method: 'GET', url: '/v1/portal-users', needs: PORTAL },
  invitePortalUser: {
    method: 'POST',
    url: '/v1/portal-users',
    body: () => ({
      portalId: 'po_northstar01',
      email: `contact${++n}@example.com`,
      firstName: 'Con',
      lastName: 'Tact',
      access: { type: 'all-jobs' },
    }),
    needs: PORTAL,
  },
  getPortalUser: { method: 'GET', url: '/v1/portal-users/pu_000001', needs: PORTAL },
  deactivatePortalUser: {
    method: 'POST',
    url: '/v1/portal-users/pu_000004/deactivate',
    body: () => ({}),
    needs: PORTAL,
  },
  reactivatePortalUser: {
    method: 'POST',
    url: '/v1/portal-users/pu_000007/reactivate',
    body: () => ({}),
    needs: PORTAL,
  },
  setPortalUserAccess: {
    method: 'PUT',
    url: '/v1/portal-users/pu_000001/access',
    body: () => ({ access: { type: 'selected-jobs', jobIds: ['jb_maple002'] } }),
    needs: PORTAL,
  },
  sendSharedLink: { method: 'POST', url: '/v1/portal-users/pu_000005/links', body: () => ({}), needs: PORTAL },
  listSharedLinks: { method: 'GET', url: '/v1/portal-users/pu_000002/links', needs: PORTAL },
  expireAllLinks: { method: 'POST', url: '/v1/portal-users/pu_000008/links/expire', body: () => ({}), needs: PORTAL },
  getSharedLink: { method: 'GET', url: '/v1/shared-links/ln_000003', needs: PORTAL },
  expireLink: { method: 'POST', url: '/v1/shared-links/ln_000005/expire', body: () => ({}), needs: PORTAL },
  portalUserHistory: { method: 'GET', url: '/v1/portal-users/pu_000001/history', needs: PORTAL },
  addPortalJob: {
    method: 'POST',
    url: '/v1/portals/po_northstar01/jobs',
    body: () => ({ title: `Probe job ${++n}` }),
    needs: PORTAL,
  },
  removePortalJob: {
    method: 'POST',
    url: '/v1/portals/po_northstar01/jobs/jb_maple003/remove',
    body: () => ({}),
    needs: PORTAL,
  },
  listCandidates: { method: 'GET', url: '/v1/portals/po_northstar01/candidates', needs: PORTAL },
  addCandidate: {
    method: 'POST',
    url: '/v1/portals/po_northstar01/candidates',
    body: () => ({ jobId: 'jb_maple004', clientId: 'cl_000014' }),
    needs: ['portal-users', 'clients'],
  },
  removeCandidate: {
    method: 'POST',
    url: '/v1/portals/po_northstar01/candidates/cd_000002/remove',
    body: () => ({}),
    needs: PORTAL,
  },
  listPortalUserFeedback: { method: 'GET', url: '/v1/portal-users/pu_000001/feedback', needs: PORTAL },
  previewPortalNotice: { method: 'GET', url: '/v1/portals/po_northstar01/notice', needs: PORTAL },
  sendPortalNotice: { method: 'POST', url: '/v1/portals/po_northstar01/notices', body: () => ({}), needs: PORTAL },
  setClientConsent: {
    method: 'PUT',
    url: '/v1/clients/cl_000020/consent',
    body: () => ({ shareWithEmployers: true }),
    needs: CLIENTS,
  },
  listOutbox: { method: 'GET', url: '/v1/outbox', needs: [] },
  getOutboxMessage: {
    method: 'GET',
    // The invitation of the last client created (by createClient above): Northstar's.
    url: (p) =>
      `/v1/outbox/${(p.db.prepare('SELECT id FROM outbox ORDER BY seq DESC LIMIT 1').get() as { id: string }).id}`,
    needs: [],
  },
  listAudit: { method: 'GET', url: '/v1/audit', needs: ADMIN },
  simulateLogin: { method: 'POST', url: '/v1/_test/clients/cl_000009/login', body: () => ({}), needs: ADMIN },
  confirmEmail: { method: 'POST', url: '/v1/_test/clients/cl_000012/confirm-email', body: () => ({}), needs: ADMIN },
  leaveFeedback: {
    method: 'POST',
    url: '/v1/_test/portal-users/pu_000001/feedback',
    body: () => ({ candidateId: 'cd_000001', text: 'Probe' }),
    needs: ADMIN,
  },
  useSharedLink: {
    method: 'POST',
    url: '/v1/_test/shared-links/ln_000001/use',
    body: () => ({ ip: '192.0.2.9' }),
    needs: ADMIN,
  },
  changeCamsRecord: {
    method: 'PATCH',
    url: '/v1/_test/cams/clients/140007919',
    body: () => ({ phone: '613-555-0142' }),
    needs: ADMIN,
  },
};

/**
 * Only a note's author (or an administrator) may edit or delete it: each call gets a fresh note of
 * the staff member whose token probes next (the probe below goes through HOLDS's tokens in order).
 */
const AUTHORS = [
  'st_admin01',
  'st_clients01',
  'st_noclients01',
  'st_spadmin01',
  'st_grpadmin01',
  'st_portal01',
  'st_allperm01',
  'st_provb01',
  'st_provc01',
];
let noteTurn = 0;
function ownNote(p: Portal): string {
  const id = `nt_probe${String(noteTurn).padStart(4, '0')}`;
  const author = AUTHORS[noteTurn++ % AUTHORS.length]!;
  p.db
    .prepare(
      "INSERT INTO notes (id, client_id, kind, text, created_at, created_by) VALUES (?, 'cl_000004', 'general', 'Matrix', '2026-11-23T10:00:00.000Z', ?)",
    )
    .run(id, author);
  return `/v1/clients/cl_000004/notes/${id}`;
}

let repTurn = 0;
/** A pending representative of cl_000009 of its own for each call: the URL of the record. */
function freshRep(p: Portal): string {
  const id = `rp_probe${String(repTurn++).padStart(4, '0')}`;
  p.db
    .prepare(
      "INSERT INTO representatives (id, client_id, first_name, last_name, email, invited_at, status) VALUES (?, 'cl_000009', 'Rep', 'Probe', ?, '2026-11-20T10:00:00.000Z', 'pending')",
    )
    .run(id, `${id}@example.org`);
  return `/v1/clients/cl_000009/representatives/${id}`;
}

/** The permissions of each seeded token (fixtures/seed.json). */
const HOLDS: Record<TokenName, string[]> = {
  admin: ['administrator'],
  clients: ['clients'],
  noClients: [],
  spAdmin: ['clients', 'sp-admin'],
  groupAdmin: ['clients', 'sp-group-admin'],
  portalUsers: ['portal-users'],
  full: ['clients', 'sp-admin', 'sp-group-admin', 'portal-users'],
  providerB: ['clients', 'sp-admin'],
  providerC: ['clients', 'sp-admin', 'sp-group-admin'],
};

const allRoutes = { ...routes, ...testRoutes } as Record<string, RouteDef>;

describe('permission matrix', () => {
  it('has a probe for every route of the contract', () => {
    expect(Object.keys(probes).sort()).toEqual(Object.keys(allRoutes).sort());
  });

  it('refuses each token lacking a permission with 403 naming it, and lets the others through', async () => {
    const p = portal();
    const seen: string[] = [];
    for (const [name, probe] of Object.entries(probes)) {
      // The administrator first, so its answers are successes whose shape can be checked.
      for (const token of Object.keys(HOLDS) as TokenName[]) {
        const holds = HOLDS[token];
        const missing = holds.includes('administrator') ? undefined : probe.needs.find((perm) => !holds.includes(perm));
        const answer = await p.call(
          probe.method,
          typeof probe.url === 'string' ? probe.url : probe.url(p),
          token,
          probe.body?.(),
          probe.headers,
        );
        const cell = `${name} as ${token}`;
        if (missing) {
          expect(answer.status, cell).toBe(403);
          expect(answer.body.code, cell).toBe('forbidden');
          expect(answer.body.missingPermission, cell).toBe(missing);
        } else {
          expect([401, 403], `${cell}: ${JSON.stringify(answer.body)}`).not.toContain(answer.status);
          expect(answer.status, `${cell}: ${JSON.stringify(answer.body)}`).toBeLessThan(500);
        }
        if (token === 'admin') {
          const route = allRoutes[name]!;
          expect(answer.status, `${cell}: ${JSON.stringify(answer.body)}`).toBe(route.status ?? 200);
          if (route.stream === 'download') {
            expect(answer.headers['content-type'], cell).toBe('application/pdf');
            seen.push(cell);
            continue;
          }
          // Exactly the contract's shape: parsing (which drops unknown keys) changes nothing.
          const parsed = (route.response as z.ZodType).parse(answer.body);
          expect(parsed, cell).toEqual(answer.body);
        }
        seen.push(cell);
      }
    }
    expect(seen).toHaveLength(Object.keys(probes).length * Object.keys(HOLDS).length);
    expect(p.errors).toEqual([]);
  });
});

describe('field-level permissions on create', () => {
  const cases: Array<[TokenName, Record<string, unknown>, number, string | null]> = [
    ['clients', { caseworkerIds: ['st_cwa001'] }, 403, 'sp-admin'],
    ['groupAdmin', { caseworkerIds: ['st_cwa001'] }, 403, 'sp-admin'],
    ['spAdmin', { caseworkerIds: ['st_cwa001'] }, 201, null],
    ['full', { caseworkerIds: ['st_cwa001'] }, 201, null],
    ['clients', { providerId: 'sp_lakeshore' }, 403, 'sp-group-admin'],
    ['spAdmin', { providerId: 'sp_lakeshore' }, 403, 'sp-group-admin'],
    ['groupAdmin', { providerId: 'sp_lakeshore' }, 201, null],
    ['full', { providerId: 'sp_lakeshore', caseworkerIds: ['st_cwb001'] }, 201, null],
    ['full', { providerId: 'sp_lakeshore', caseworkerIds: ['st_cwa001'] }, 422, null],
    ['providerC', { providerId: 'sp_lakeshore' }, 409, null],
    ['admin', { providerId: 'sp_rideau', caseworkerIds: ['st_cwc001'] }, 201, null],
  ];
  it.each(cases)('%s creating with %j answers %i', async (token, fields, status, missing) => {
    const p = portal();
    const answer = await p.post('/v1/clients', newClient(fields), token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    if (missing) expect((answer.body as Json).missingPermission).toBe(missing);
  });
});
