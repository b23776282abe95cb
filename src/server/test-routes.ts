// Routes that exist only when the server runs with `--test-endpoints`: they stand in for what a
// client or external user does in their browser. Not part of the published contract (nor its OpenAPI).
import * as z from 'zod';
import { lazyRoute } from '../contract/define.js';
import { ClientSchema, SharedLinkSchema } from '../contract/schemas.js';

const idParams = () => z.strictObject({ id: z.string().min(1).max(100) });
const emptyBody = () => z.strictObject({}).optional();

export const testRoutes = {
  simulateLogin: lazyRoute(
    {
      name: 'simulateLogin',
      method: 'POST',
      path: '/v1/_test/clients/:id/login',
      summary: 'Test only: the client accepts the invitation and logs in',
      tag: 'test',
      permissions: ['administrator'],
    },
    { params: idParams, body: emptyBody, response: () => ClientSchema },
  ),
  confirmEmail: lazyRoute(
    {
      name: 'confirmEmail',
      method: 'POST',
      path: '/v1/_test/clients/:id/confirm-email',
      summary: 'Test only: the client confirms their pending email change',
      tag: 'test',
      permissions: ['administrator'],
    },
    { params: idParams, body: emptyBody, response: () => ClientSchema },
  ),
  useSharedLink: lazyRoute(
    {
      name: 'useSharedLink',
      method: 'POST',
      path: '/v1/_test/shared-links/:id/use',
      summary: 'Test only: an external user opens a shared link from an IP (refused once expired)',
      tag: 'test',
      permissions: ['administrator'],
    },
    {
      params: idParams,
      body: () => z.strictObject({ ip: z.string().min(1).max(45) }),
      response: () => SharedLinkSchema,
    },
  ),
} as const;
