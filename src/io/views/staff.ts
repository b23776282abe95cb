// How staff show (staff list). The PROVIDER column names the provider from `providerNames` (one
// lookup for the whole list); --json keeps the API object, with providerId.
import type { Staff } from '../../contract/schemas.js';
import { defineView, type View } from '../view.js';

export function staffView(providerNames: ReadonlyMap<string, string> = new Map()): View<Staff> {
  return defineView<Staff>({
    name: 'staff member',
    plural: 'staff',
    id: (s) => s.id,
    columns: [
      { key: 'id', header: 'ID', value: (s) => s.id, color: (t, _s, k) => k.cyan(t) },
      { key: 'name', header: 'NAME', value: (s) => s.name, wrap: true },
      { key: 'email', header: 'EMAIL', value: (s) => s.email },
      { key: 'providerId', header: 'PROVIDER ID', value: (s) => s.providerId },
      {
        key: 'provider',
        header: 'PROVIDER',
        value: (s) => providerNames.get(s.providerId) ?? s.providerId,
        wrap: true,
      },
      {
        key: 'permissions',
        header: 'PERMISSIONS',
        value: (s) => (s.permissions.length === 0 ? 'none' : s.permissions),
        color: (t, s, k) => (s.permissions.length === 0 ? k.gray(t) : t),
        wrap: true,
      },
    ],
    defaults: ['id', 'name', 'email', 'provider', 'permissions'],
  });
}
