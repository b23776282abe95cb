// `portalctl server tokens list`: the local portal's API tokens (never a token or its hash).
import * as z from 'zod';
import { databaseFlag } from '../../../command/database-flag.js';
import { defineCommand, flag } from '../../../command/define.js';
import { tokenView } from '../../../io/views/token.js';

export default defineCommand({
  path: ['server', 'tokens', 'list'],
  summary: "List the local portal's API tokens",
  description:
    "List the API tokens of a local portal's database: id, status, label, whose token it is and what it may do, when it was created and when it expires. Tokens are stored as hashes only: neither is shown. Without --all, only tokens that still give access.",
  options: {
    all: flag('--all', 'also revoked, replaced and expired tokens', z.boolean().default(false)),
    ...databaseFlag(),
  },
  examples: ['portalctl server tokens list', 'portalctl server tokens list --all --db ./portal.db --json'],
  async run(options, deps) {
    deps.out.check(tokenView);
    const [{ defaultDatabasePath }, { listTokens, openPortalDatabase }] = await Promise.all([
      import('../../../server/paths.js'),
      import('../../../server/token-admin.js'),
    ]);
    const db = openPortalDatabase(options.db ?? defaultDatabasePath(deps.env));
    try {
      await deps.out.list(tokenView, listTokens(db, deps.clock(), { all: options.all }));
    } finally {
      db.close();
    }
  },
});
