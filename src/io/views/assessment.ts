// A Common Assessment (`ca lookup`).
import type { Assessment } from '../../api/schemas.js';
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
    { key: 'firstName', header: 'FIRST NAME', value: (a) => a.firstName },
    { key: 'lastName', header: 'LAST NAME', value: (a) => a.lastName },
    { key: 'email', header: 'EMAIL', value: (a) => a.email },
    { key: 'phone', header: 'PHONE', value: (a) => a.phone },
    { key: 'address', header: 'ADDRESS', value: (a) => a.address },
    { key: 'submittedAt', header: 'SUBMITTED AT', value: (a) => a.submittedAt },
  ],
  defaults: ['caNumber', 'status', 'firstName', 'lastName', 'email', 'submittedAt'],
});
