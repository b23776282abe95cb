// `profiles list`: saved profiles, never their tokens.
import { defineView } from '../view.js';

export interface ProfileRow {
  name: string;
  url: string;
  current: boolean;
  hasToken: boolean;
}

export const profileView = defineView<ProfileRow>({
  name: 'profile',
  id: (p) => p.name,
  columns: [
    { key: 'name', header: 'NAME', value: (p) => p.name, color: (t, p, k) => (p.current ? k.green(t) : t), wrap: true },
    { key: 'current', header: 'CURRENT', value: (p) => (p.current ? '*' : '') },
    { key: 'url', header: 'URL', value: (p) => p.url },
    { key: 'hasToken', header: 'TOKEN', value: (p) => (p.hasToken ? 'saved' : 'none') },
  ],
  defaults: ['name', 'current', 'url', 'hasToken'],
});
