// Options many commands declare the same way: spread them into a command's `options`.
import { z } from 'zod';
import { IdempotencyKeySchema } from '../io/client-profile.js';
import { arg, flag } from './define.js';

/** `[client]`: an id or email; left out on a terminal, the command asks (a search by name). */
export const clientArg = (description = 'client id (cl_…) or email address; on a terminal, leave it out to search') =>
  arg('[client]', description, z.string().min(1).optional());

/** `[user]`: an external portal user by id or email; left out on a terminal, the command asks. */
export const portalUserArg = (
  description = 'portal user id (pu_…) or email address; on a terminal, leave it out to search',
) => arg('[user]', description, z.string().min(1).optional());

/** `--idempotency-key`, for every command that creates or sends. */
export const idempotencyKeyFlag = () => ({
  idempotencyKey: flag(
    '--idempotency-key <key>',
    'reuse a key to retry safely: the portal replays the first answer',
    IdempotencyKeySchema.optional(),
  ),
});

/** `--dry-run`: say what would happen, change and send nothing. */
export const dryRunFlag = (description = 'show what would happen; change and send nothing') => ({
  dryRun: flag('--dry-run', description, z.boolean().default(false)),
});
