// Types for the two undici modules the API client imports directly (see client.ts: importing
// only the pool and its request method, not undici's index with fetch, WebSocket, caches and
// mocks, saves about a third of portalctl's start-up on API commands).
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';

  const PoolClass: typeof Pool;
  export default PoolClass;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';

  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export default request;
}
