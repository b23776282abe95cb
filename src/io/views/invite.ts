// Invitations: the result of a send/resend, and a client's invitation state (`invite status`).
import type { ChalkInstance } from 'chalk';
import type { z } from 'zod';
import type { Client, InviteResultSchema } from '../../contract/schemas.js';
import { defineView } from '../view.js';
import { clientName } from './client.js';

export type InviteResult = z.output<ReturnType<typeof InviteResultSchema>>;

/** `invite status --json`: the client's invitation state (the API's `invite` object) with whose it is. */
export type InviteStatus = { clientId: string; name: string; email: string } & Client['invite'];

export function inviteStatusOf(client: Client): InviteStatus {
  return { clientId: client.id, name: clientName(client), email: client.email, ...client.invite };
}

const statusColor = (t: string, status: string, k: ChalkInstance) =>
  status === 'accepted' ? k.green(t) : status === 'declined' ? k.red(t) : status === 'pending' ? k.yellow(t) : t;

export const inviteResultView = defineView<InviteResult>({
  name: 'invitation',
  id: (r) => r.client.id,
  columns: [
    { key: 'clientId', header: 'CLIENT', value: (r) => r.client.id, color: (t, _r, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: (r) => clientName(r.client), wrap: true },
    { key: 'sentTo', header: 'SENT TO', value: (r) => r.sentTo },
    { key: 'sentAt', header: 'SENT AT', value: (r) => r.sentAt, time: true },
    { key: 'link', header: 'LINK', value: (r) => r.link },
  ],
  defaults: ['clientId', 'name', 'sentTo', 'sentAt', 'link'],
});

export const inviteStatusView = defineView<InviteStatus>({
  name: 'invitation',
  id: (s) => s.clientId,
  columns: [
    { key: 'clientId', header: 'CLIENT', value: (s) => s.clientId, color: (t, _s, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: (s) => s.name, wrap: true },
    { key: 'email', header: 'EMAIL', value: (s) => s.email },
    { key: 'status', header: 'STATUS', value: (s) => s.status, color: (t, s, k) => statusColor(t, s.status, k) },
    { key: 'sentAt', header: 'SENT AT', value: (s) => s.sentAt, time: true },
    { key: 'sentTo', header: 'SENT TO', value: (s) => s.sentTo },
    { key: 'link', header: 'LINK', value: (s) => s.link },
    { key: 'declinedAt', header: 'DECLINED AT', value: (s) => s.declinedAt, time: true },
    { key: 'lastLoginAt', header: 'LAST LOGIN', value: (s) => s.lastLoginAt, time: true },
  ],
  defaults: ['clientId', 'name', 'status', 'sentAt', 'sentTo', 'link', 'lastLoginAt'],
});
