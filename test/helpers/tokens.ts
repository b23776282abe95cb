// The staff API tokens of fixtures/seed.json: demo values the seeded portal accepts (the staff
// member's id in brackets). fixtures/seed.json says what each one may do.

/** Administrator: every permission, every provider (st_admin01). */
export const ADMIN = 'demo-admin-token';
/** Northstar caseworker with `clients` only (st_clients01). */
export const CLIENTS = 'demo-clients-token';
/** Northstar staff with no permission at all (st_noclients01). */
export const NO_CLIENTS = 'demo-no-clients-token';
/** Northstar: `clients` + `sp-admin` (st_spadmin01). */
export const SP_ADMIN = 'demo-sp-admin-token';
/** Northstar: `clients` + `sp-group-admin` (st_grpadmin01). */
export const GROUP_ADMIN = 'demo-group-admin-token';
/** Northstar: `portal-users` only, no client access (st_portal01). */
export const PORTAL_USERS = 'demo-portal-users-token';
/** Northstar: every permission but administrator (st_allperm01). */
export const FULL_STAFF = 'demo-full-staff-token';
/** Lakeshore (same group as Northstar): `clients` + `sp-admin` (st_provb01). */
export const PROVIDER_B = 'demo-provider-b-token';
/** Rideau Valley (another group): `clients` + `sp-admin` + `sp-group-admin` (st_provc01). */
export const PROVIDER_C = 'demo-provider-c-token';
