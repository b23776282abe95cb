// A permission checked before a command does anything else, for commands that would otherwise
// answer (a dry run, a refusal of their own) without asking the portal for that permission.
import type { ApiClient } from '../api/client.js';
import type { Permission } from '../contract/define.js';
import { CliError } from '../errors.js';

/** Fails as the portal's 403 would (exit 4) unless the token holds `permission` (or administrator). */
export async function requirePermission(api: ApiClient, permission: Permission, needed: string): Promise<void> {
  const me = await api.call('getMe');
  if (me.permissions.includes('administrator') || me.permissions.includes(permission)) return;
  throw new CliError('forbidden', `your token lacks the \`${permission}\` permission, needed ${needed}`, {
    hint: 'ask a portal administrator for that permission, or use another profile (--profile NAME)',
    details: { missingPermission: permission },
  });
}
