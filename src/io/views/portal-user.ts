// External portal users, their shared links and history, and the result of `portal users invite`.
import type { z } from 'zod';
import type { HistoryEntrySchema, PortalUser, SharedLink } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export type HistoryEntry = z.output<ReturnType<typeof HistoryEntrySchema>>;
export interface PortalInvite {
  user: PortalUser;
  link: SharedLink;
}

export function portalUserName(u: Pick<PortalUser, 'firstName' | 'lastName'>): string {
  return `${u.firstName} ${u.lastName}`;
}

export function accessText(u: Pick<PortalUser, 'access'>): string {
  return u.access.type === 'all-jobs' ? 'all jobs' : `selected jobs: ${u.access.jobIds.join(', ')}`;
}

export const portalUserView = defineView<PortalUser>({
  name: 'portal user',
  id: (u) => u.id,
  columns: [
    { key: 'id', header: 'ID', value: (u) => u.id, color: (t, _u, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: portalUserName, wrap: true },
    { key: 'firstName', header: 'FIRST NAME', value: (u) => u.firstName, wrap: true },
    { key: 'lastName', header: 'LAST NAME', value: (u) => u.lastName, wrap: true },
    { key: 'email', header: 'EMAIL', value: (u) => u.email },
    { key: 'portalId', header: 'PORTAL', value: (u) => u.portalId, ref: 'portal' },
    { key: 'access', header: 'ACCESS', value: accessText, ref: 'job', wrap: true },
    {
      key: 'status',
      header: 'STATUS',
      value: (u) => u.status,
      color: (t, u, k) => (u.status === 'active' ? k.green(t) : k.gray(t)),
    },
    { key: 'invitedAt', header: 'INVITED AT', value: (u) => u.invitedAt, time: true },
    { key: 'deactivatedAt', header: 'DEACTIVATED AT', value: (u) => u.deactivatedAt, time: true },
  ],
  defaults: ['id', 'name', 'email', 'portalId', 'access', 'status'],
});

export const sharedLinkView = defineView<SharedLink>({
  name: 'shared link',
  id: (l) => l.id,
  columns: [
    { key: 'id', header: 'ID', value: (l) => l.id, color: (t, _l, k) => k.cyan(t) },
    { key: 'portalUserId', header: 'USER', value: (l) => l.portalUserId },
    {
      key: 'status',
      header: 'STATUS',
      value: (l) => l.status,
      color: (t, l, k) => (l.status === 'active' ? k.green(t) : k.gray(t)),
    },
    { key: 'sentAt', header: 'SENT AT', value: (l) => l.sentAt, time: true },
    { key: 'lastUsedAt', header: 'LAST USED', value: (l) => l.lastUsedAt, time: true },
    { key: 'lastUsedIp', header: 'FROM IP', value: (l) => l.lastUsedIp },
    { key: 'expiredAt', header: 'EXPIRED AT', value: (l) => l.expiredAt, time: true },
    { key: 'url', header: 'URL', value: (l) => l.url },
  ],
  defaults: ['id', 'status', 'sentAt', 'lastUsedAt', 'lastUsedIp', 'expiredAt', 'url'],
});

/** A user's history; what the user did themselves is said with their name (machine formats keep the id). */
export const historyView = (user?: Pick<PortalUser, 'id' | 'firstName' | 'lastName'>) =>
  defineView<HistoryEntry>({
    name: 'history entry',
    plural: 'history entries',
    id: (h) => h.at,
    columns: [
      { key: 'at', header: 'AT', value: (h) => h.at, time: true },
      {
        key: 'action',
        header: 'ACTION',
        value: (h) => h.action,
        show: (a) => `${a.charAt(0).toUpperCase()}${a.slice(1).replace(/-/g, ' ')}`,
        wrap: true,
      },
      {
        key: 'actor',
        header: 'BY',
        value: (h) => h.actor,
        ref: 'staff',
        show: (actor) => (user && actor === user.id ? portalUserName(user) : actor),
        wrap: true,
      },
      { key: 'detail', header: 'DETAIL', value: (h) => h.detail, ref: 'job', wrap: true },
    ],
    defaults: ['at', 'action', 'actor', 'detail'],
  });

/** `portal users invite`: the new user and the shared link sent to them; --json is `{ user, link }`. */
export const portalInviteView = defineView<PortalInvite>({
  name: 'portal user',
  id: (r) => r.user.id,
  columns: [
    { key: 'id', header: 'ID', value: (r) => r.user.id, color: (t, _r, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: (r) => portalUserName(r.user), wrap: true },
    { key: 'email', header: 'EMAIL', value: (r) => r.user.email },
    { key: 'portalId', header: 'PORTAL', value: (r) => r.user.portalId, ref: 'portal' },
    { key: 'access', header: 'ACCESS', value: (r) => accessText(r.user), ref: 'job', wrap: true },
    { key: 'status', header: 'STATUS', value: (r) => r.user.status },
    { key: 'linkId', header: 'LINK ID', value: (r) => r.link.id },
    { key: 'linkUrl', header: 'LINK', value: (r) => r.link.url },
  ],
  defaults: ['id', 'name', 'email', 'portalId', 'access', 'linkUrl'],
});
