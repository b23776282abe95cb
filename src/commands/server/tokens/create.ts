// `portalctl server tokens create`: a new API token for a staff member of the local portal,
// printed once on stdout (the only time it exists outside the caller's hands).
import * as z from 'zod';
import { databaseFlag } from '../../../command/database-flag.js';
import { defineCommand, flag } from '../../../command/define.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90d`, `12h`, `30m` -> milliseconds. */
const Duration = z
  .string()
  .regex(/^[1-9]\d{0,5}[dhm]$/, 'must be a duration like 90d, 12h or 30m')
  .transform((value) => Number(value.slice(0, -1)) * UNIT_MS[value.at(-1) as keyof typeof UNIT_MS]);

export default defineCommand({
  path: ['server', 'tokens', 'create'],
  summary: 'Create an API token for a staff member of the local portal',
  description:
    "Create an API token in a local portal's database, for a staff member (default: the portal's administrator, the first administrator of its staff), with a label and an optional expiry. The token is printed once, on stdout (with --json, as `token` in the record); only its hash is stored. Revoke it with portalctl server tokens revoke.",
  options: {
    staff: flag(
      '--staff <staff>',
      "staff id (st_…) or email whose permissions the token carries (default: the portal's administrator)",
      z.string().min(1).optional(),
    ),
    label: flag(
      '--label <text>',
      'what the token is for, shown by tokens list',
      z.string().trim().min(1).max(100).default('made with portalctl server tokens create'),
    ),
    expiresIn: flag(
      '--expires-in <duration>',
      'expire after this long: 90d, 12h, 30m (default: never)',
      Duration.optional(),
    ),
    ...databaseFlag(),
  },
  examples: [
    'portalctl server tokens create --label "CI seed job" --expires-in 30d',
    'portalctl server tokens create --staff st_clients01 --label "support desk" --json',
  ],
  async run(options, deps) {
    const [{ defaultDatabasePath }, { createToken, describeToken, openPortalDatabase }] = await Promise.all([
      import('../../../server/paths.js'),
      import('../../../server/token-admin.js'),
    ]);
    const now = deps.clock();
    const db = openPortalDatabase(options.db ?? defaultDatabasePath(deps.env));
    let created: ReturnType<typeof createToken>;
    try {
      created = createToken(
        db,
        {
          staff: options.staff,
          label: options.label,
          expiresAt: options.expiresIn === undefined ? null : new Date(now.getTime() + options.expiresIn),
        },
        now,
      );
    } finally {
      db.close();
    }
    if (deps.out.format === 'json' || deps.out.format === 'ndjson') {
      deps.out.value({ ...created.record, token: created.token });
    } else {
      deps.out.line(created.token);
    }
    deps.out.success(`Created token ${describeToken(created.record)}; it is shown only this once`);
  },
});
