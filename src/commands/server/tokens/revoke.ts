// `portalctl server tokens revoke`: ends a token's access to the local portal at once, also on a
// server running on the same database.
import * as z from 'zod';
import { databaseFlag } from '../../../command/database-flag.js';
import { arg, defineCommand } from '../../../command/define.js';
import { dryRunFlag } from '../../../command/shared-options.js';
import { confirmAction } from '../../../io/confirm.js';

export default defineCommand({
  path: ['server', 'tokens', 'revoke'],
  summary: 'Revoke API tokens of the local portal',
  description:
    'Revoke API tokens of a local portal by id (see portalctl server tokens list): every request with one is refused from then on (401 token-revoked), including by a server running on the same database. A revoked administrator token is also refused if a server start is given it again.',
  options: {
    tokenId: arg(
      '<token-id...>',
      'token id (tk_…), as tokens list shows it',
      z.array(z.string().regex(/^tk_[0-9a-z]+$/, 'must be a token id such as tk_0123456789abcdef')).min(1),
    ),
    ...dryRunFlag('show which tokens would be revoked; change nothing'),
    ...databaseFlag(),
  },
  examples: [
    'portalctl server tokens revoke tk_0123456789abcdef --yes',
    'portalctl server tokens revoke tk_1 tk_2 --db ./portal.db --yes',
  ],
  async run(options, deps) {
    const [{ defaultDatabasePath }, { openPortalDatabase, revokeTokens }] = await Promise.all([
      import('../../../server/paths.js'),
      import('../../../server/token-admin.js'),
    ]);
    const ids = [...new Set(options.tokenId)];
    const file = options.db ?? defaultDatabasePath(deps.env);
    if (!options.dryRun) {
      await confirmAction(deps, {
        message: `Revoke ${ids.join(', ')}? Whatever uses ${ids.length === 1 ? 'it' : 'them'} is refused from then on.`,
        consequence: `this revokes ${ids.length === 1 ? 'a token' : `${ids.length} tokens`}`,
      });
    }
    const db = openPortalDatabase(file);
    try {
      for (const { record, changed } of revokeTokens(db, ids, deps.clock(), { dryRun: options.dryRun })) {
        const what = `${record.id} "${record.label}" of ${record.staffName}`;
        if (!changed)
          deps.out.info(
            `${record.id} was already revoked on ${record.revokedAt ? deps.out.time(record.revokedAt) : 'an earlier date'}`,
          );
        else if (options.dryRun) deps.out.info(`Would revoke ${what}; nothing was changed.`);
        else deps.out.success(`Revoked ${what}`);
      }
    } finally {
      db.close();
    }
  },
});
