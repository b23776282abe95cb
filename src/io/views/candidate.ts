// How candidates on client portals, external users' feedback on them and portal notices show
// (portals candidates, portal users feedback, portals notify).
import type { Candidate, Feedback, PortalNotice } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export function candidateName(c: Pick<Candidate, 'firstName' | 'lastName'>): string {
  return `${c.firstName} ${c.lastName}`;
}

export const candidateView = defineView<Candidate>({
  name: 'candidate',
  id: (c) => c.id,
  columns: [
    { key: 'id', header: 'ID', value: (c) => c.id, color: (t, _c, k) => k.cyan(t) },
    { key: 'name', header: 'CANDIDATE', value: candidateName, wrap: true },
    { key: 'jobId', header: 'JOB', value: (c) => c.jobId, ref: 'job' },
    { key: 'summary', header: 'EXECUTIVE SUMMARY', value: (c) => c.summary, wrap: true },
    { key: 'documents', header: 'DOCUMENTS', value: (c) => c.documents.map((d) => d.name), wrap: true },
    { key: 'addedAt', header: 'ADDED', value: (c) => c.addedAt, time: true },
    { key: 'addedBy', header: 'ADDED BY', value: (c) => c.addedBy, ref: 'staff' },
    { key: 'clientId', header: 'CLIENT', value: (c) => c.clientId },
    { key: 'portalId', header: 'PORTAL', value: (c) => c.portalId, ref: 'portal' },
    { key: 'removedAt', header: 'REMOVED', value: (c) => c.removedAt, time: true },
  ],
  defaults: ['id', 'name', 'jobId', 'summary', 'documents', 'addedAt'],
});

export const feedbackView = defineView<Feedback>({
  name: 'feedback',
  plural: 'feedback',
  id: (f) => f.id,
  columns: [
    { key: 'at', header: 'WHEN', value: (f) => f.at, time: true },
    { key: 'candidateName', header: 'CANDIDATE', value: (f) => f.candidateName, wrap: true },
    { key: 'jobTitle', header: 'JOB', value: (f) => f.jobTitle, wrap: true },
    { key: 'text', header: 'FEEDBACK', value: (f) => f.text, wrap: true },
    { key: 'id', header: 'ID', value: (f) => f.id },
    { key: 'candidateId', header: 'CANDIDATE ID', value: (f) => f.candidateId },
    { key: 'clientId', header: 'CLIENT', value: (f) => f.clientId },
    { key: 'portalId', header: 'PORTAL', value: (f) => f.portalId, ref: 'portal' },
  ],
  defaults: ['at', 'candidateName', 'jobTitle', 'text'],
});

type NoticeMessage = PortalNotice['messages'][number];

/** One email of a notice: to whom, and what it says. */
export const noticeMessageView = defineView<NoticeMessage>({
  name: 'email',
  id: (m) => m.portalUserId,
  columns: [
    { key: 'name', header: 'TO', value: (m) => m.name, wrap: true },
    { key: 'to', header: 'EMAIL', value: (m) => m.to },
    { key: 'subject', header: 'SUBJECT', value: (m) => m.subject, wrap: true },
    { key: 'link', header: 'LINK', value: (m) => m.link ?? 'none active' },
    { key: 'text', header: 'TEXT', value: (m) => m.text, wrap: true },
    { key: 'portalUserId', header: 'USER', value: (m) => m.portalUserId },
  ],
  defaults: ['name', 'to', 'subject', 'link'],
});
