// A CaMS client record (`cams lookup`, and what `cams link` shows before linking).
import type { CamsClient } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export const camsClientView = defineView<CamsClient>({
  name: 'CaMS client',
  id: (c) => c.clientReferenceNumber,
  columns: [
    { key: 'clientReferenceNumber', header: 'CLIENT REFERENCE NUMBER', value: (c) => c.clientReferenceNumber },
    { key: 'firstName', header: 'FIRST NAME', value: (c) => c.firstName, wrap: true },
    { key: 'lastName', header: 'LAST NAME', value: (c) => c.lastName, wrap: true },
    { key: 'email', header: 'EMAIL', value: (c) => c.email },
    { key: 'phone', header: 'PHONE', value: (c) => c.phone },
    { key: 'address', header: 'ADDRESS', value: (c) => c.address, wrap: true },
    { key: 'dateOfBirth', header: 'DATE OF BIRTH', value: (c) => c.dateOfBirth },
    { key: 'selfIdentification', header: 'SELF-IDENTIFICATION', value: (c) => c.selfIdentification, wrap: true },
    {
      key: 'linkedClientId',
      header: 'LINKED CLIENT',
      value: (c) => c.linkedClientId ?? (c.linkedElsewhere ? 'at another service provider' : 'none'),
      color: (t, c, k) => (c.linkedClientId || c.linkedElsewhere ? k.cyan(t) : k.gray(t)),
    },
  ],
  defaults: ['clientReferenceNumber', 'firstName', 'lastName', 'dateOfBirth', 'linkedClientId'],
});
