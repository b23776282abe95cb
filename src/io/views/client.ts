// How a client shows in every output format. --fields picks from these keys.
import type { Client } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export function clientName(c: Pick<Client, 'firstName' | 'lastName' | 'preferredName'>): string {
  const name = `${c.firstName} ${c.lastName}`;
  return c.preferredName ? `${name} (${c.preferredName})` : name;
}

export function clientLink(c: Pick<Client, 'link'>): string {
  switch (c.link.type) {
    case 'cams':
      return `CaMS ${c.link.clientReferenceNumber}`;
    case 'ca':
      return `CA ${c.link.caNumber}`;
    default:
      return 'none';
  }
}

export const clientView = defineView<Client>({
  name: 'client',
  id: (c) => c.id,
  columns: [
    { key: 'id', header: 'ID', value: (c) => c.id, color: (t, _c, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: clientName },
    { key: 'firstName', header: 'FIRST NAME', value: (c) => c.firstName },
    { key: 'lastName', header: 'LAST NAME', value: (c) => c.lastName },
    { key: 'preferredName', header: 'PREFERRED NAME', value: (c) => c.preferredName },
    { key: 'pronouns', header: 'PRONOUNS', value: (c) => c.pronouns },
    { key: 'email', header: 'EMAIL', value: (c) => c.email },
    { key: 'pendingEmail', header: 'PENDING EMAIL', value: (c) => c.pendingEmail },
    {
      key: 'status',
      header: 'STATUS',
      value: (c) => (c.archived ? `${c.status} (archived)` : c.status),
      color: (t, c, k) => (c.archived ? k.gray(t) : c.status === 'client' ? k.green(t) : k.yellow(t)),
    },
    { key: 'archived', header: 'ARCHIVED', value: (c) => c.archived },
    {
      key: 'invite',
      header: 'INVITE',
      value: (c) => c.invite.status,
      color: (t, c, k) =>
        c.invite.status === 'accepted'
          ? k.green(t)
          : c.invite.status === 'declined'
            ? k.red(t)
            : c.invite.status === 'pending'
              ? k.yellow(t)
              : t,
    },
    { key: 'inviteLink', header: 'INVITE LINK', value: (c) => c.invite.link },
    { key: 'lastLoginAt', header: 'LAST LOGIN', value: (c) => c.invite.lastLoginAt, time: true },
    { key: 'link', header: 'LINK', value: clientLink },
    { key: 'providerId', header: 'PROVIDER', value: (c) => c.providerId },
    { key: 'caseworkerIds', header: 'CASEWORKERS', value: (c) => c.caseworkerIds },
    { key: 'phone', header: 'PHONE', value: (c) => c.phone },
    { key: 'address', header: 'ADDRESS', value: (c) => c.address },
    { key: 'dateOfBirth', header: 'DATE OF BIRTH', value: (c) => c.dateOfBirth },
    { key: 'targetOccupations', header: 'TARGET OCCUPATIONS', value: (c) => c.targetOccupations },
    { key: 'serviceNeeds', header: 'SERVICE NEEDS', value: (c) => c.serviceNeeds },
    {
      key: 'safetyFlags',
      header: 'SAFETY FLAGS',
      value: (c) => c.safetyFlags.map((f) => f.reason),
      color: (t, _c, k) => k.red(t),
    },
    { key: 'createdAt', header: 'CREATED', value: (c) => c.createdAt, time: true },
    { key: 'updatedAt', header: 'UPDATED', value: (c) => c.updatedAt, time: true },
  ],
  defaults: ['id', 'name', 'email', 'status', 'invite', 'link'],
});
