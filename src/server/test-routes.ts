// Routes that exist only when the server runs with `--test-endpoints`: they stand in for what a
// client or external user does in their browser. Not part of the published contract (nor its OpenAPI).
import * as z from 'zod';
import { lazyRoute } from '../contract/define.js';
import {
  CamsClientSchema,
  ClientSchema,
  ClientUpdateSchema,
  FeedbackCreateSchema,
  FeedbackSchema,
  SharedLinkSchema,
} from '../contract/schemas.js';

const idParams = () => z.strictObject({ id: z.string().min(1).max(100) });
const emptyBody = () => z.strictObject({}).optional();

/** A change to a CaMS record, with the client fields' rules; null (or '') clears an optional field. */
function camsChangeBody() {
  const field = ClientUpdateSchema().shape;
  return z
    .strictObject({
      firstName: field.firstName,
      lastName: field.lastName,
      email: field.email.unwrap().nullable().optional(),
      phone: field.phone.unwrap().or(z.literal('')).nullable().optional(),
      address: field.address,
      dateOfBirth: field.dateOfBirth.unwrap().nullable().optional(),
      selfIdentification: field.selfIdentification,
    })
    .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
}

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
    { params: idParams, body: emptyBody, response: ClientSchema },
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
    { params: idParams, body: emptyBody, response: ClientSchema },
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
      response: SharedLinkSchema,
    },
  ),
  changeCamsRecord: lazyRoute(
    {
      name: 'changeCamsRecord',
      method: 'PATCH',
      path: '/v1/_test/cams/clients/:ref',
      summary: 'Test only: CaMS changes one of its client records; the linked portal client takes the change',
      tag: 'test',
      permissions: ['administrator'],
    },
    {
      params: () => z.strictObject({ ref: z.string().min(1).max(50) }),
      body: camsChangeBody,
      response: CamsClientSchema,
    },
  ),
  leaveFeedback: lazyRoute(
    {
      name: 'leaveFeedback',
      method: 'POST',
      path: '/v1/_test/portal-users/:id/feedback',
      summary: 'Test only: an external user leaves feedback on a candidate they can see on their portal',
      tag: 'test',
      permissions: ['administrator'],
      status: 201,
    },
    { params: idParams, body: FeedbackCreateSchema, response: FeedbackSchema },
  ),
} as const;
