// A Common Assessment (`ca lookup`), and whether it was already imported (it is copied once).
import type { Assessment } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export const assessmentView = defineView<Assessment>({
  name: 'assessment',
  id: (a) => a.caNumber,
  columns: [
    { key: 'caNumber', header: 'CA NUMBER', value: (a) => a.caNumber },
    {
      key: 'status',
      header: 'STATUS',
      value: (a) => a.status,
      color: (t, a, k) => (a.status === 'submitted' ? k.green(t) : k.yellow(t)),
    },
    { key: 'firstName', header: 'FIRST NAME', value: (a) => a.firstName, wrap: true },
    { key: 'lastName', header: 'LAST NAME', value: (a) => a.lastName, wrap: true },
    { key: 'email', header: 'EMAIL', value: (a) => a.email },
    { key: 'phone', header: 'PHONE', value: (a) => a.phone },
    { key: 'address', header: 'ADDRESS', value: (a) => a.address, wrap: true },
    { key: 'submittedAt', header: 'SUBMITTED AT', value: (a) => a.submittedAt, time: true },
    {
      key: 'importedClientId',
      header: 'IMPORTED FOR',
      // A client of another provider is not named.
      value: (a) => a.importedClientId ?? (a.imported ? 'in use at another provider' : 'none'),
      color: (t, a, k) => (a.imported ? k.yellow(t) : k.gray(t)),
    },
  ],
  defaults: ['caNumber', 'status', 'firstName', 'lastName', 'email', 'submittedAt', 'importedClientId'],
});
