// The fetch orval's functions call (orval.config.mjs): the portal's base URL and the bearer token,
// and the answer as orval types it: { data, status, headers }, data typed per status.
let portal = { baseUrl: '', token: '' };

export function usePortal(baseUrl: string, token: string): void {
  portal = { baseUrl, token };
}

export async function portalFetch<T>(url: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${portal.token}`);
  const response = await fetch(`${portal.baseUrl}${url}`, { ...init, headers });
  const text = await response.text();
  return { data: text ? JSON.parse(text) : undefined, status: response.status, headers: response.headers } as T;
}
