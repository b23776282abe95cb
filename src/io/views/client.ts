// How a client shows in every output format. --fields picks from these keys.
import { type Client, ClientSchema } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export function clientName(c: Pick<Client, 'firstName' | 'lastName' | 'preferredName'>): string {
  const name = `${c.firstName} ${c.lastName}`;
  return c.preferredName ? `${name} (${c.preferredName})` : name;
}

/** How the client is linked; `withheld` when the portal does not say (a duplicate match elsewhere). */
export function clientLink(c: { link: Client['link'] | null }): string {
  if (c.link === null) return 'withheld';
  switch (c.link.type) {
    case 'cams':
      return `CaMS ${c.link.clientReferenceNumber}`;
    case 'ca':
      return `CA ${c.link.caNumber}`;
    default:
      return 'none';
  }
}

/** Values of the profile's choices as the product's screens say them. */
export const CHOICE_WORDS: Record<string, string> = {
  'own-vehicle': 'Own vehicle',
  'public-transit': 'Public transit',
  limited: 'Limited',
  none: 'None',
  email: 'Email',
  phone: 'Phone',
  sms: 'Text message',
  portal: 'Jobs Portal message',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  never: 'Never',
};

const words = (value: string | null) => (value === null ? null : (CHOICE_WORDS[value] ?? value));
const yesNo = (value: boolean | null) => (value === null ? null : value ? 'yes' : 'no');

export const clientView = defineView<Client>({
  name: 'client',
  id: (c) => c.id,
  columns: [
    { key: 'id', header: 'ID', value: (c) => c.id, color: (t, _c, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: clientName, wrap: true },
    { key: 'firstName', header: 'FIRST NAME', value: (c) => c.firstName, wrap: true },
    { key: 'lastName', header: 'LAST NAME', value: (c) => c.lastName, wrap: true },
    { key: 'preferredName', header: 'PREFERRED NAME', value: (c) => c.preferredName, wrap: true },
    { key: 'pronouns', header: 'PRONOUNS', value: (c) => c.pronouns },
    { key: 'email', header: 'EMAIL', value: (c) => c.email },
    { key: 'pendingEmail', header: 'PENDING EMAIL', value: (c) => c.pendingEmail },
    {
      key: 'status',
      header: 'STATUS',
      value: (c) => (c.archived ? `${c.status} (archived)` : c.status),
      color: (t, c, k) => (c.archived ? k.gray(t) : c.status === 'client' ? k.green(t) : k.yellow(t)),
    },
    { key: 'archived', header: 'ARCHIVED', value: (c) => c.archived, show: (v) => (v === 'true' ? 'yes' : 'no') },
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
    {
      key: 'link.refreshedAt',
      header: 'CAMS REFRESHED',
      value: (c) => (c.link.type === 'cams' ? c.link.refreshedAt : null),
      time: true,
    },
    { key: 'providerId', header: 'PROVIDER', value: (c) => c.providerId, ref: 'provider' },
    { key: 'caseworkerIds', header: 'CASEWORKERS', value: (c) => c.caseworkerIds, ref: 'staff' },
    { key: 'phone', header: 'PHONE', value: (c) => c.phone },
    { key: 'invite.sentAt', header: 'INVITE SENT', value: (c) => c.invite.sentAt, time: true },
    { key: 'invite.sentTo', header: 'INVITE SENT TO', value: (c) => c.invite.sentTo },
    { key: 'invite.declinedAt', header: 'DECLINED', value: (c) => c.invite.declinedAt, time: true },
    { key: 'selfIdentification', header: 'SELF-IDENTIFICATION', value: (c) => c.selfIdentification, wrap: true },
    { key: 'referral.source', header: 'REFERRAL SOURCE', value: (c) => c.referral.source, wrap: true },
    { key: 'referral.referenceNumber', header: 'REFERENCE NUMBER', value: (c) => c.referral.referenceNumber },
    { key: 'referral.reasons', header: 'REASONS', value: (c) => c.referral.reasons, wrap: true },
    { key: 'transportation', header: 'TRANSPORTATION', value: (c) => words(c.transportation) },
    { key: 'communication.channel', header: 'CHANNEL', value: (c) => words(c.communication.channel) },
    {
      key: 'communication.jobPostUpdates',
      header: 'JOB-POST UPDATES',
      value: (c) => yesNo(c.communication.jobPostUpdates),
    },
    { key: 'communication.frequency', header: 'FREQUENCY', value: (c) => words(c.communication.frequency) },
    { key: 'address', header: 'ADDRESS', value: (c) => c.address, wrap: true },
    { key: 'dateOfBirth', header: 'DATE OF BIRTH', value: (c) => c.dateOfBirth },
    { key: 'targetOccupations', header: 'TARGET OCCUPATIONS', value: (c) => c.targetOccupations, wrap: true },
    { key: 'serviceNeeds', header: 'SERVICE NEEDS', value: (c) => c.serviceNeeds, wrap: true },
    {
      key: 'safetyFlags',
      header: 'SAFETY FLAGS',
      value: (c) => c.safetyFlags.map((f) => f.reason),
      color: (t, _c, k) => k.red(t),
    },
    {
      key: 'consent.shareWithEmployers',
      header: 'SHARE WITH EMPLOYERS',
      value: (c) => (c.consent.shareWithEmployers === null ? 'not recorded' : yesNo(c.consent.shareWithEmployers)),
    },
    { key: 'consent.recordedAt', header: 'CONSENT RECORDED', value: (c) => c.consent.recordedAt, time: true },
    { key: 'consent.recordedBy', header: 'RECORDED BY', value: (c) => c.consent.recordedBy, ref: 'staff' },
    { key: 'createdAt', header: 'CREATED', value: (c) => c.createdAt, time: true },
    { key: 'updatedAt', header: 'UPDATED', value: (c) => c.updatedAt, time: true },
  ],
  defaults: ['id', 'name', 'email', 'status', 'invite', 'link'],
  schema: ClientSchema,
  sections: [
    { title: 'Identity', keys: ['id', 'name', 'pronouns', 'dateOfBirth', 'status', 'archived'] },
    { title: 'Contact', keys: ['email', 'pendingEmail', 'phone', 'address'] },
    { title: 'Service provider', keys: ['providerId', 'caseworkerIds'] },
    { title: 'Link', keys: ['link', 'link.refreshedAt'] },
    {
      title: 'Invitation',
      keys: ['invite', 'invite.sentAt', 'invite.sentTo', 'invite.declinedAt', 'lastLoginAt', 'inviteLink'],
    },
    { title: 'Profile', keys: ['selfIdentification', 'targetOccupations', 'serviceNeeds', 'transportation'] },
    { title: 'Referral', keys: ['referral.source', 'referral.referenceNumber', 'referral.reasons'] },
    {
      title: 'Communication preferences',
      keys: ['communication.channel', 'communication.jobPostUpdates', 'communication.frequency'],
    },
    { title: 'Safety flags', keys: ['safetyFlags'] },
    { title: 'Consent', keys: ['consent.shareWithEmployers', 'consent.recordedAt', 'consent.recordedBy'] },
    { title: 'Record', keys: ['createdAt', 'updatedAt'] },
  ],
});
