// The domain handlers of every route of the contract (and of the test-only routes), by route name.
// The platform (app.ts) authenticates, checks route permissions, validates input and runs each
// non-GET handler inside one transaction; the rules themselves live in ./domain/.
import type { RouteName, Routes } from '../contract/routes.js';
import type { HandlerMap } from './app.js';
import { listAudit } from './audit.js';
import type { Handler, HandlerContext, StreamHandler } from './context.js';
import { batchCreateClients } from './domain/batch.js';
import {
  changeCamsRecord,
  linkCams,
  lookupAssessment,
  lookupCams,
  previewCamsLink,
  unlinkCams,
} from './domain/cams.js';
import { getCamsEap } from './domain/cams-eap.js';
import {
  archiveClient,
  assignStaff,
  createClientCore,
  getClient,
  listClients,
  referClient,
  restoreClient,
  unassignStaff,
  updateClient,
} from './domain/clients.js';
import { getMe, listProviders, listStaff } from './domain/directory.js';
import { findDuplicates } from './domain/duplicates.js';
import { downloadClientFile, getClientFile, listClientFiles, uploadClientFile } from './domain/files.js';
import { confirmEmail, declineInvite, sendInvite, sendPasswordReset, simulateLogin } from './domain/invitations.js';
import { createNote, deleteNote, listNotes, updateNote } from './domain/notes.js';
import { getOutboxMessage, listOutbox } from './domain/outbox.js';
import {
  addCandidate,
  addPortalJob,
  leaveFeedback,
  listCandidates,
  listPortalUserFeedback,
  previewPortalNotice,
  removeCandidate,
  removePortalJob,
  sendPortalNotice,
  setClientConsent,
} from './domain/portal-candidates.js';
import {
  deactivatePortalUser,
  expireAllLinks,
  expireLink,
  getPortalUser,
  getSharedLink,
  invitePortalUser,
  listPortals,
  listPortalUsers,
  listSharedLinks,
  portalUserHistory,
  reactivatePortalUser,
  sendSharedLink,
  setPortalUserAccess,
  useSharedLink,
} from './domain/portal-users.js';
import { actionReason } from './domain/reasons.js';
import {
  declineRepresentative,
  getRepresentative,
  inviteRepresentative,
  listRepresentatives,
  removeRepresentative,
  sendRepresentativeInvite,
} from './domain/representatives.js';
import { addSafetyFlag, listSafetyFlags, removeSafetyFlag } from './domain/safety-flags.js';
import { completeTask, createTask, listTasks, reopenTask } from './domain/tasks.js';
import type { testRoutes } from './test-routes.js';

type TestRoutes = typeof testRoutes;
/** Routes whose body or answer is a file's bytes (RouteDef.stream): their handlers stream. */
type StreamRouteName = 'uploadClientFile' | 'downloadClientFile';

/**
 * Each handler reads the clock once: every timestamp of one change is the same instant (ids made
 * in that instant still sort in creation order).
 */
function oneInstant<M extends object>(map: M): M {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(map) as Array<[string, (ctx: HandlerContext) => unknown]>) {
    wrapped[name] = (ctx: HandlerContext) => {
      const now = ctx.clock();
      return handler({ ...ctx, clock: () => now });
    };
  }
  return wrapped as M;
}

const routeHandlers: { [K in Exclude<RouteName, StreamRouteName>]: Handler<Routes[K]> } = {
  getMe: (ctx) => getMe(ctx),
  getSettings: (ctx) => ({
    requireReason: ctx.settings.requireReason,
    resendCooldownSeconds: Math.round(ctx.settings.resendCooldownMs / 1000),
  }),
  listProviders: (ctx) => listProviders(ctx),
  listStaff: (ctx) => listStaff(ctx, ctx.input.query.providerId),

  listClients: (ctx) => listClients(ctx, ctx.input.query),
  findDuplicates: (ctx) => findDuplicates(ctx, ctx.input.query),
  createClient: (ctx) =>
    createClientCore(ctx, ctx.input.body, {
      refuseNameMatch: ctx.input.query.nameMatch === 'refuse',
      reason: actionReason(ctx.settings, ctx.input.query.reason, ctx.input.body.sendInvite !== false),
    }),
  batchCreateClients: (ctx) =>
    batchCreateClients(ctx, ctx.input.body, {
      refuseNameMatch: ctx.input.query.nameMatch === 'refuse',
      // Asked for the whole batch before any item is written, when any item sends an invitation.
      reason: actionReason(
        ctx.settings,
        ctx.input.query.reason,
        ctx.input.body.items.some((item) => item.client.sendInvite !== false),
      ),
    }),
  getClient: (ctx) => getClient(ctx, ctx.input.params.id),
  updateClient: (ctx) => updateClient(ctx, ctx.input.params.id, ctx.input.body),
  archiveClient: (ctx) => archiveClient(ctx, ctx.input.params.id, actionReason(ctx.settings, ctx.input.body?.reason)),
  restoreClient: (ctx) => restoreClient(ctx, ctx.input.params.id),
  assignStaff: (ctx) => assignStaff(ctx, ctx.input.params.id, ctx.input.body.staffId),
  unassignStaff: (ctx) =>
    unassignStaff(
      ctx,
      ctx.input.params.id,
      ctx.input.params.staffId,
      actionReason(ctx.settings, ctx.input.query.reason),
    ),
  referClient: (ctx) => referClient(ctx, ctx.input.params.id, ctx.input.body.providerId, ctx.input.body.reason),
  addSafetyFlag: (ctx) => addSafetyFlag(ctx, ctx.input.params.id, ctx.input.body.reason),
  listSafetyFlags: (ctx) => listSafetyFlags(ctx, ctx.input.params.id, ctx.input.query.status),
  removeSafetyFlag: (ctx) => removeSafetyFlag(ctx, ctx.input.params.id, ctx.input.params.flagId, ctx.input.body.reason),
  listTasks: (ctx) => listTasks(ctx, ctx.input.params.id, ctx.input.query.status),
  completeTask: (ctx) => completeTask(ctx, ctx.input.params.id, ctx.input.params.taskId),
  reopenTask: (ctx) => reopenTask(ctx, ctx.input.params.id, ctx.input.params.taskId),
  createTask: (ctx) => createTask(ctx, ctx.input.params.id, ctx.input.body),
  listNotes: (ctx) => listNotes(ctx, ctx.input.params.id),
  createNote: (ctx) => createNote(ctx, ctx.input.params.id, ctx.input.body.text),
  updateNote: (ctx) => updateNote(ctx, ctx.input.params.id, ctx.input.params.noteId, ctx.input.body.text),
  deleteNote: (ctx) => deleteNote(ctx, ctx.input.params.id, ctx.input.params.noteId),
  sendPasswordReset: (ctx) =>
    sendPasswordReset(ctx, ctx.input.params.id, actionReason(ctx.settings, ctx.input.body?.reason)),
  listRepresentatives: (ctx) => listRepresentatives(ctx, ctx.input.params.id),
  inviteRepresentative: (ctx) =>
    inviteRepresentative(ctx, ctx.input.params.id, {
      ...ctx.input.body,
      reason: actionReason(ctx.settings, ctx.input.body.reason, ctx.input.body.declined !== true),
    }),
  getRepresentative: (ctx) => getRepresentative(ctx, ctx.input.params.id, ctx.input.params.repId),
  sendRepresentativeInvite: (ctx) =>
    sendRepresentativeInvite(
      ctx,
      ctx.input.params.id,
      ctx.input.params.repId,
      { ...ctx.input.body, reason: actionReason(ctx.settings, ctx.input.body?.reason) },
      ctx.settings,
    ),
  declineRepresentative: (ctx) =>
    declineRepresentative(ctx, ctx.input.params.id, ctx.input.params.repId, ctx.input.body ?? {}, ctx.settings),
  removeRepresentative: (ctx) =>
    removeRepresentative(
      ctx,
      ctx.input.params.id,
      ctx.input.params.repId,
      actionReason(ctx.settings, ctx.input.query.reason),
    ),

  listClientFiles: (ctx) => listClientFiles(ctx, ctx.input.params.id),
  getClientFile: (ctx) => getClientFile(ctx, ctx.input.params.id, ctx.input.params.fileId),

  sendInvite: (ctx) =>
    sendInvite(
      ctx,
      ctx.input.params.id,
      { ...ctx.input.body, reason: actionReason(ctx.settings, ctx.input.body?.reason) },
      ctx.settings,
    ),
  declineInvite: (ctx) => declineInvite(ctx, ctx.input.params.id),

  lookupCams: (ctx) => lookupCams(ctx, ctx.input.params.ref),
  previewCamsLink: (ctx) => previewCamsLink(ctx, ctx.input.params.id, ctx.input.query.clientReferenceNumber),
  linkCams: (ctx) =>
    linkCams(ctx, ctx.input.params.id, ctx.input.body.clientReferenceNumber, ctx.input.body.force === true),
  unlinkCams: (ctx) => unlinkCams(ctx, ctx.input.params.id, actionReason(ctx.settings, ctx.input.query.reason)),
  getCamsEap: (ctx) => getCamsEap(ctx, ctx.input.params.id),
  lookupAssessment: (ctx) => lookupAssessment(ctx, ctx.input.params.caNumber),

  listPortals: (ctx) => listPortals(ctx),
  listPortalUsers: (ctx) => listPortalUsers(ctx, ctx.input.query),
  invitePortalUser: (ctx) =>
    invitePortalUser(ctx, { ...ctx.input.body, reason: actionReason(ctx.settings, ctx.input.body.reason) }),
  getPortalUser: (ctx) => getPortalUser(ctx, ctx.input.params.id),
  deactivatePortalUser: (ctx) =>
    deactivatePortalUser(ctx, ctx.input.params.id, actionReason(ctx.settings, ctx.input.body?.reason)),
  reactivatePortalUser: (ctx) =>
    reactivatePortalUser(ctx, ctx.input.params.id, {
      ...ctx.input.body,
      reason: actionReason(ctx.settings, ctx.input.body?.reason, ctx.input.body?.sendLink === true),
    }),
  setPortalUserAccess: (ctx) => setPortalUserAccess(ctx, ctx.input.params.id, ctx.input.body, ctx.settings),
  sendSharedLink: (ctx) =>
    sendSharedLink(ctx, ctx.input.params.id, {
      ...ctx.input.body,
      reason: actionReason(ctx.settings, ctx.input.body?.reason),
    }),
  listSharedLinks: (ctx) => listSharedLinks(ctx, ctx.input.params.id),
  expireAllLinks: (ctx) => expireAllLinks(ctx, ctx.input.params.id, actionReason(ctx.settings, ctx.input.body?.reason)),
  getSharedLink: (ctx) => getSharedLink(ctx, ctx.input.params.id),
  expireLink: (ctx) => expireLink(ctx, ctx.input.params.id, actionReason(ctx.settings, ctx.input.body?.reason)),
  portalUserHistory: (ctx) => portalUserHistory(ctx, ctx.input.params.id),

  addPortalJob: (ctx) => addPortalJob(ctx, ctx.input.params.id, ctx.input.body),
  removePortalJob: (ctx) =>
    removePortalJob(ctx, ctx.input.params.id, ctx.input.params.jobId, {
      ...ctx.input.body,
      reason: actionReason(ctx.settings, ctx.input.body?.reason),
    }),
  listCandidates: (ctx) => listCandidates(ctx, ctx.input.params.id, ctx.input.query.jobId),
  addCandidate: (ctx) => addCandidate(ctx, ctx.input.params.id, ctx.input.body),
  removeCandidate: (ctx) =>
    removeCandidate(
      ctx,
      ctx.input.params.id,
      ctx.input.params.candidateId,
      actionReason(ctx.settings, ctx.input.body?.reason),
    ),
  listPortalUserFeedback: (ctx) => listPortalUserFeedback(ctx, ctx.input.params.id),
  previewPortalNotice: (ctx) => previewPortalNotice(ctx, ctx.input.params.id),
  sendPortalNotice: (ctx) =>
    sendPortalNotice(ctx, ctx.input.params.id, actionReason(ctx.settings, ctx.input.body?.reason)),
  setClientConsent: (ctx) => setClientConsent(ctx, ctx.input.params.id, ctx.input.body),

  listOutbox: (ctx) => listOutbox(ctx, ctx.input.query),
  getOutboxMessage: (ctx) => getOutboxMessage(ctx, ctx.input.params.id),
  listAudit: (ctx) => listAudit(ctx, ctx.input.query),
};

const testRouteHandlers: { [K in keyof TestRoutes]: Handler<TestRoutes[K]> } = {
  simulateLogin: (ctx) => simulateLogin(ctx, ctx.input.params.id),
  confirmEmail: (ctx) => confirmEmail(ctx, ctx.input.params.id),
  useSharedLink: (ctx) => useSharedLink(ctx, ctx.input.params.id, ctx.input.body.ip),
  changeCamsRecord: (ctx) => changeCamsRecord(ctx, ctx.input.params.ref, ctx.input.body),
  leaveFeedback: (ctx) => leaveFeedback(ctx, ctx.input.params.id, ctx.input.body),
};

const streamRouteHandlers: { [K in StreamRouteName]: StreamHandler<Routes[K]> } = {
  uploadClientFile,
  downloadClientFile,
};

export const handlers: HandlerMap = {
  ...oneInstant(routeHandlers),
  // The platform calls these with a StreamContext (app.ts, registerStream).
  ...(oneInstant(streamRouteHandlers) as unknown as HandlerMap),
};
export const testHandlers = oneInstant(testRouteHandlers);
