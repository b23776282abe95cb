// `whoami`: the staff member behind the token, and where the connection came from.
import type { Me } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export interface Identity extends Me {
  portal: {
    url: string;
    profile: string | null;
    urlSource: string;
    tokenSource: string | null;
  };
}

const SOURCES: Record<string, string> = {
  flag: 'flag',
  env: 'environment',
  profile: 'profile',
  local: 'local portal',
};

export const identityView = defineView<Identity>({
  name: 'identity',
  plural: 'identities',
  id: (m) => m.id,
  columns: [
    { key: 'name', header: 'NAME', value: (m) => m.name, wrap: true },
    { key: 'email', header: 'EMAIL', value: (m) => m.email },
    { key: 'id', header: 'STAFF ID', value: (m) => m.id },
    {
      key: 'permissions',
      header: 'PERMISSIONS',
      value: (m) => (m.permissions.length ? m.permissions : '(none)'),
      wrap: true,
    },
    { key: 'provider', header: 'PROVIDER', value: (m) => `${m.provider.name} (${m.provider.id})`, wrap: true },
    { key: 'group', header: 'GROUP', value: (m) => m.provider.groupName, wrap: true },
    { key: 'portal', header: 'PORTAL', value: (m) => m.portal.url, wrap: true },
    { key: 'profile', header: 'PROFILE', value: (m) => m.portal.profile ?? '(none)' },
    { key: 'urlSource', header: 'URL FROM', value: (m) => SOURCES[m.portal.urlSource] ?? m.portal.urlSource },
    {
      key: 'tokenSource',
      header: 'TOKEN FROM',
      value: (m) => (m.portal.tokenSource ? (SOURCES[m.portal.tokenSource] ?? m.portal.tokenSource) : '(none)'),
    },
  ],
  defaults: ['name', 'email', 'permissions', 'provider', 'portal', 'profile', 'tokenSource'],
});
