// How client portals and their jobs show (portals list, portals jobs).
import type { Job, Portal } from '../resolve-portal.js';
import { defineView } from '../view.js';

export const portalView = defineView<Portal>({
  name: 'client portal',
  id: (p) => p.id,
  columns: [
    { key: 'id', header: 'ID', value: (p) => p.id, color: (t, _p, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: (p) => p.name, wrap: true },
    { key: 'providerId', header: 'PROVIDER', value: (p) => p.providerId, ref: 'provider' },
    { key: 'jobCount', header: 'JOBS', value: (p) => p.jobs.length },
    { key: 'jobs', header: 'JOB TITLES', value: (p) => p.jobs.map((j) => j.title), wrap: true },
  ],
  defaults: ['id', 'name', 'providerId', 'jobCount'],
});

export const jobView = defineView<Job>({
  name: 'job',
  id: (j) => j.id,
  columns: [
    { key: 'id', header: 'ID', value: (j) => j.id, color: (t, _j, k) => k.cyan(t) },
    { key: 'title', header: 'TITLE', value: (j) => j.title, wrap: true },
  ],
  defaults: ['id', 'title'],
});
