// A linked client's Employment Action Plan, read from the CaMS directory (the local portal's
// stand-in for CaMS): case details, employment goals, outcomes, sub-goals and plan items. The
// portal shows it and never changes it.
import { type CamsEap, CamsEapRecordSchema } from '../../contract/schemas.js';
import { ProblemError } from '../context.js';
import { loadClient } from './client-store.js';
import { type Ctx, getRow, notFound, prep } from './common.js';

export function getCamsEap(ctx: Ctx, clientId: string): CamsEap {
  const client = loadClient(ctx, clientId);
  if (client.link_type !== 'cams' || !client.cams_ref) {
    throw new ProblemError(
      409,
      'not-linked',
      'Not linked to CaMS',
      `client ${client.id} is not linked to CaMS: the Employment Action Plan comes from CaMS`,
      { hint: `link the client to their CaMS record first: portalctl cams link ${client.id} CLIENT_REFERENCE_NUMBER` },
    );
  }
  const row = getRow<{ plan: string }>(
    prep(ctx.db, 'SELECT plan FROM cams_eaps WHERE client_reference_number = ?'),
    client.cams_ref,
  );
  if (!row) {
    throw notFound(`CaMS has no Employment Action Plan for client ${client.id} (CaMS client ${client.cams_ref}) yet`);
  }
  return { ...CamsEapRecordSchema().parse(JSON.parse(row.plan)), clientId: client.id };
}
