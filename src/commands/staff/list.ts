// `portalctl staff list`: who works where, with which permissions: the ids, emails and names other
// commands accept for a staff member (--staff, --caseworker, --actor).
import * as z from 'zod';
import { defineCommand, flag } from '../../command/define.js';
import { providerFlag } from '../../command/shared-options.js';
import { PERMISSIONS } from '../../contract/schemas.js';
import { findProvider } from '../../io/resolve-provider.js';
import { staffView } from '../../io/views/staff.js';

export default defineCommand({
  path: ['staff', 'list'],
  summary: 'List staff: name, email, provider, permissions',
  description:
    "List the staff of your service provider (every provider's for administrators), by name: their id, email, provider and permissions. Any of id, email or full name names a staff member in other commands (--staff, --caseworker, --actor).",
  options: {
    ...providerFlag('only staff of this service provider: id (sp_…) or name'),
    permission: flag(
      '--permission <permission>',
      `only staff holding this permission (administrators hold every one): ${PERMISSIONS.join(', ')}`,
      z.enum(PERMISSIONS, { message: `must be one of ${PERMISSIONS.join(', ')}` }).optional(),
    ),
  },
  examples: [
    'portalctl staff list',
    'portalctl staff list --permission clients',
    'portalctl staff list --provider "Lakeshore Career Centre" --json',
    'portalctl staff list --permission sp-admin -q',
  ],
  async run(options, deps) {
    const names = new Map<string, string>();
    const view = staffView(names);
    deps.out.check(view);
    const api = await deps.api();
    const { data: providers } = await api.call('listProviders', {});
    for (const p of providers) names.set(p.id, p.name);
    const provider = options.provider ? findProvider(providers, options.provider, '--provider') : undefined;
    const { data } = await api.call('listStaff', { query: provider ? { providerId: provider.id } : {} });
    const wanted = options.permission;
    const staff = wanted
      ? data.filter((s) => s.permissions.includes(wanted) || s.permissions.includes('administrator'))
      : data;
    if (provider && data.length === 0) {
      // The portal lists other providers' staff to administrators only; say so rather than "none".
      const me = await api.call('getMe');
      if (!me.permissions.includes('administrator') && me.providerId !== provider.id) {
        deps.out.warn(
          `you see only the staff of your own service provider (${me.provider.name}); administrators see every provider's`,
        );
      }
    }
    await deps.out.list(view, staff);
  },
});
