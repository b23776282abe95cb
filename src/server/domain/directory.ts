// Who is calling, the service providers and their staff.
import type { Me, ServiceProvider, Staff } from '../../contract/schemas.js';
import { allRows, type Ctx, getRow, isAdmin, notFound, parseJsonArray, prep } from './common.js';

interface ProviderRow {
  id: string;
  name: string;
  group_id: string;
  group_name: string;
}

interface StaffRow {
  id: string;
  provider_id: string;
  name: string;
  email: string;
  permissions: string;
}

const PROVIDER_SQL = `SELECT p.id, p.name, p.group_id, g.name AS group_name
  FROM providers p JOIN provider_groups g ON g.id = p.group_id`;

function providerToApi(row: ProviderRow): ServiceProvider {
  return { id: row.id, name: row.name, groupId: row.group_id, groupName: row.group_name };
}

function staffToApi(row: StaffRow): Staff {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    providerId: row.provider_id,
    permissions: parseJsonArray<Staff['permissions'][number]>(row.permissions),
  };
}

export function getMe(ctx: Ctx): Me {
  const { principal } = ctx;
  const staff = getRow<StaffRow>(prep(ctx.db, 'SELECT * FROM staff WHERE id = ?'), principal.staffId);
  const provider = getRow<ProviderRow>(prep(ctx.db, `${PROVIDER_SQL} WHERE p.id = ?`), principal.providerId);
  if (!provider) throw notFound(`no service provider ${principal.providerId}`);
  // The platform may name the token on the principal; otherwise the staff member's first token.
  const named = (principal as { tokenName?: unknown }).tokenName;
  const tokenName =
    typeof named === 'string'
      ? named
      : (getRow<{ name: string }>(
          prep(ctx.db, 'SELECT name FROM api_tokens WHERE staff_id = ? ORDER BY created_at, name LIMIT 1'),
          principal.staffId,
        )?.name ?? 'token');
  return {
    ...(staff
      ? staffToApi(staff)
      : {
          id: principal.staffId,
          name: 'Administrator',
          email: '',
          providerId: principal.providerId,
          permissions: principal.permissions,
        }),
    provider: providerToApi(provider),
    tokenName,
  };
}

export function listProviders(ctx: Ctx): { data: ServiceProvider[] } {
  return { data: allRows<ProviderRow>(prep(ctx.db, `${PROVIDER_SQL} ORDER BY p.name, p.id`)).map(providerToApi) };
}

/** Staff of the caller's provider; administrators see every provider's (or the one asked for). */
export function listStaff(ctx: Ctx, providerId: string | undefined): { data: Staff[] } {
  const scope = isAdmin(ctx.principal) ? providerId : ctx.principal.providerId;
  if (providerId && scope !== providerId) return { data: [] };
  const rows = scope
    ? allRows<StaffRow>(prep(ctx.db, 'SELECT * FROM staff WHERE provider_id = ? ORDER BY name, id'), scope)
    : allRows<StaffRow>(prep(ctx.db, 'SELECT * FROM staff ORDER BY name, id'));
  return { data: rows.map(staffToApi) };
}
