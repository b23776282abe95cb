// `portalctl portal users list`: the external users of the client portals you manage.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { pagingFlags, printPages } from '../../../io/listing.js';
import { resolvePortal } from '../../../io/resolve-portal-user.js';
import { portalUserView } from '../../../io/views/portal-user.js';

export default defineCommand({
  path: ['portal', 'users', 'list'],
  summary: 'List external portal users',
  description:
    'List the external users (employer contacts, representatives) of the client portals you manage (every portal for administrators).',
  options: {
    portal: flag('--portal <portal>', 'of this client portal (id po_… or name)', z.string().trim().min(1).optional()),
    status: flag('--status <status>', 'active or deactivated', z.enum(['active', 'deactivated']).optional()),
    email: flag('--email <email>', 'with this email address', z.string().trim().min(1).optional()),
    ...pagingFlags('user', 'users'),
  },
  examples: [
    'portalctl portal users list',
    'portalctl portal users list --portal po_northstar01 --status active',
    'portalctl portal users list --all --json',
    'portalctl portal users list --status deactivated -q',
  ],
  async run(options, deps) {
    await printPages(deps, portalUserView, 'listPortalUsers', options, async (api) => ({
      portalId: options.portal ? (await resolvePortal(api, options.portal, '--portal')).id : undefined,
      status: options.status,
      email: options.email,
    }));
  },
});
