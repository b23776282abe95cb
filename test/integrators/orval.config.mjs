// orval, as an integrator sets it up: fetch functions typed from openapi.json, calling through
// their own fetch (portal-fetch.ts: base URL and token).
export default {
  portal: {
    input: { target: '../../openapi.json' },
    output: {
      target: './out/orval/portal.ts',
      client: 'fetch',
      mode: 'single',
      override: { mutator: { path: './portal-fetch.ts', name: 'portalFetch' } },
    },
  },
};
