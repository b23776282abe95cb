// How a duplicate-check match shows (clients find, and the matches clients add lists).
import type { z } from 'zod';
import type { DuplicateMatchSchema } from '../../contract/schemas.js';
import { defineView } from '../view.js';
import { clientLink, clientName } from './client.js';

export type DuplicateMatch = z.output<ReturnType<typeof DuplicateMatchSchema>>;

export const duplicateView = defineView<DuplicateMatch>({
  name: 'match',
  plural: 'matches',
  id: (m) => m.client.id,
  columns: [
    {
      key: 'reason',
      header: 'MATCH',
      value: (m) => m.reason,
      color: (t, m, k) => (m.reason === 'email' ? k.red(t) : k.yellow(t)),
    },
    { key: 'id', header: 'ID', value: (m) => m.client.id, color: (t, _m, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: (m) => clientName(m.client), wrap: true },
    { key: 'firstName', header: 'FIRST NAME', value: (m) => m.client.firstName, wrap: true },
    { key: 'lastName', header: 'LAST NAME', value: (m) => m.client.lastName, wrap: true },
    { key: 'email', header: 'EMAIL', value: (m) => m.client.email },
    { key: 'pendingEmail', header: 'PENDING EMAIL', value: (m) => m.client.pendingEmail },
    {
      key: 'status',
      header: 'STATUS',
      value: (m) => (m.client.archived ? `${m.client.status} (archived)` : m.client.status),
    },
    { key: 'archived', header: 'ARCHIVED', value: (m) => m.client.archived },
    { key: 'invite', header: 'INVITE', value: (m) => m.client.invite.status },
    { key: 'link', header: 'LINK', value: (m) => clientLink(m.client) },
    { key: 'providerId', header: 'PROVIDER', value: (m) => m.client.providerId, ref: 'provider' },
    { key: 'elsewhere', header: 'ELSEWHERE', value: (m) => m.elsewhere, wrap: true },
    { key: 'dateOfBirth', header: 'DATE OF BIRTH', value: (m) => m.client.dateOfBirth },
    { key: 'createdAt', header: 'CREATED', value: (m) => m.client.createdAt, time: true },
  ],
  defaults: ['reason', 'id', 'name', 'email', 'status', 'invite', 'link'],
});
