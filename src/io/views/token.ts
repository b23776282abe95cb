// `server tokens list`: the local portal's API tokens, never a token or its hash.
import type { TokenRecord } from '../../server/token-admin.js';
import { defineView } from '../view.js';

export const tokenView = defineView<TokenRecord>({
  name: 'token',
  id: (t) => t.id,
  columns: [
    { key: 'id', header: 'ID', value: (t) => t.id, color: (s, _t, k) => k.cyan(s) },
    {
      key: 'status',
      header: 'STATUS',
      value: (t) => t.status,
      color: (s, t, k) => (t.status === 'active' ? k.green(s) : k.dim(s)),
    },
    { key: 'label', header: 'LABEL', value: (t) => t.label },
    { key: 'kind', header: 'KIND', value: (t) => t.kind },
    { key: 'staffId', header: 'STAFF ID', value: (t) => t.staffId },
    { key: 'staffName', header: 'STAFF', value: (t) => t.staffName },
    { key: 'permissions', header: 'PERMISSIONS', value: (t) => t.permissions, wrap: true },
    { key: 'createdAt', header: 'CREATED', value: (t) => t.createdAt, time: true },
    { key: 'expiresAt', header: 'EXPIRES', value: (t) => t.expiresAt ?? 'never', time: true },
    { key: 'revokedAt', header: 'REVOKED', value: (t) => t.revokedAt, time: true },
  ],
  defaults: ['id', 'status', 'label', 'kind', 'staffName', 'permissions', 'createdAt', 'expiresAt'],
});
