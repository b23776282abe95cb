// How a client representative shows (clients representatives invite|list|get|resend|decline|remove).
import type { z } from 'zod';
import type { RepresentativeSchema } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export type Representative = z.output<ReturnType<typeof RepresentativeSchema>>;

export const representativeView = defineView<Representative>({
  name: 'representative',
  id: (r) => r.id,
  columns: [
    { key: 'id', header: 'ID', value: (r) => r.id, color: (t, _r, k) => k.cyan(t) },
    { key: 'clientId', header: 'CLIENT', value: (r) => r.clientId },
    { key: 'name', header: 'NAME', value: (r) => `${r.firstName} ${r.lastName}`, wrap: true },
    { key: 'firstName', header: 'FIRST NAME', value: (r) => r.firstName, wrap: true },
    { key: 'lastName', header: 'LAST NAME', value: (r) => r.lastName, wrap: true },
    { key: 'email', header: 'EMAIL', value: (r) => r.email },
    { key: 'invitedAt', header: 'INVITED', value: (r) => r.invitedAt, time: true },
    { key: 'status', header: 'STATUS', value: (r) => r.status },
    { key: 'respondedAt', header: 'ANSWERED', value: (r) => r.respondedAt, time: true },
    { key: 'removedAt', header: 'REMOVED', value: (r) => r.removedAt, time: true },
  ],
  defaults: ['id', 'name', 'email', 'invitedAt', 'status'],
});
