// A complete client as the API answers it (ClientSchema), for unit tests that need one without a
// portal: every field present, nothing filled in beyond names and email; tests override the rest.
import type { Client } from '../../src/contract/schemas.js';

export function clientFixture(overrides: Partial<Client> = {}): Client {
  return {
    id: 'cl_0123456789',
    status: 'referral',
    archived: false,
    providerId: 'sp_0123456789',
    caseworkerIds: [],
    firstName: 'Ada',
    lastName: 'Lovelace',
    preferredName: null,
    pronouns: null,
    email: 'ada@example.org',
    pendingEmail: null,
    phone: null,
    address: null,
    dateOfBirth: null,
    selfIdentification: [],
    targetOccupations: [],
    referral: { source: null, referenceNumber: null, reasons: null },
    serviceNeeds: [],
    transportation: null,
    communication: { channel: null, jobPostUpdates: null, frequency: null },
    link: { type: 'none' },
    invite: { status: 'none', link: null, sentAt: null, sentTo: null, declinedAt: null, lastLoginAt: null },
    safetyFlags: [],
    consent: { shareWithEmployers: null, recordedAt: null, recordedBy: null },
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}
