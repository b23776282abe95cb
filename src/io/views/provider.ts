// How service providers show (providers list).
import type { ServiceProvider } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export const providerView = defineView<ServiceProvider>({
  name: 'service provider',
  id: (p) => p.id,
  columns: [
    { key: 'id', header: 'ID', value: (p) => p.id, color: (t, _p, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: (p) => p.name, wrap: true },
    { key: 'groupId', header: 'GROUP ID', value: (p) => p.groupId },
    { key: 'groupName', header: 'GROUP', value: (p) => p.groupName, wrap: true },
  ],
  defaults: ['id', 'name', 'groupName'],
});
