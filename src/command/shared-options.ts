// Options many commands declare the same way: spread them into a command's `options`.
import * as z from 'zod';
import { LIST_SEPARATOR } from '../bulk/columns.js';
import { IDEMPOTENCY_KEY_LENGTH, Reason } from '../contract/schemas.js';
import { arg, flag } from './define.js';

/** `[client]`: an id or email; left out on a terminal, the command asks (a search by name). */
export const clientArg = (description = 'client id (cl_…) or email address; on a terminal, leave it out to search') =>
  arg('[client]', description, z.string().min(1).optional());

/** `[user]`: an external portal user by id or email; left out on a terminal, the command asks. */
export const portalUserArg = (
  description = 'portal user id (pu_…) or email address; on a terminal, leave it out to search',
) => arg('[user]', description, z.string().min(1).optional());

/** `[portal]`: a client portal by id or name; left out on a terminal, the command asks. */
export const portalArg = () =>
  arg('[portal]', 'client portal id (po_…) or name; on a terminal, leave it out to pick', z.string().min(1).optional());

const keyLength = `must be ${IDEMPOTENCY_KEY_LENGTH.min} to ${IDEMPOTENCY_KEY_LENGTH.max} characters`;
/** An --idempotency-key value: the contract's rule, in the words of a flag error. */
export const IdempotencyKeySchema = z
  .string()
  .min(IDEMPOTENCY_KEY_LENGTH.min, keyLength)
  .max(IDEMPOTENCY_KEY_LENGTH.max, keyLength);

/** `--idempotency-key`, for every command that creates or sends (deps.idempotencyKey makes one when left out). */
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

/** `--provider <provider>`: a service provider by id (sp_…) or name. */
export const providerFlag = (description: string) => ({
  provider: flag('--provider <provider>', description, z.string().trim().min(1, 'must not be empty').optional()),
});

/** `--staff <staff>`: a staff member of the client's provider; left out on a terminal, the command asks. */
export const staffFlag = (
  description = 'the caseworker: staff id (st_…), email or full name; on a terminal, leave it out to pick',
) => ({
  staff: flag('--staff <staff>', description, z.string().trim().min(1, 'must not be empty').optional()),
});

export const REASON_DESCRIPTION =
  'why (one line, at most 200 characters): kept in the audit log; required when the portal says so';

/**
 * `--reason <text>`: why an action that emails someone or removes access is taken (the portal's
 * rule by default), or what a reason is for, checked with that schema (its length differs).
 */
export const reasonFlag = (description = REASON_DESCRIPTION, schema: z.ZodType<string, string> = Reason()) => ({
  reason: flag('--reason <text>', description, schema.optional()),
});

/** `--print-link`: print only the invite link (for a script, or to pass it on by hand). */
export const printLinkFlag = (description = 'print only the invite link') => ({
  printLink: flag('--print-link', description, z.boolean().default(false)),
});

/** `--list-separator <char>`: between the values of a list cell of a client CSV. */
export const listSeparatorFlag = (description: string) => ({
  listSeparator: flag(
    '--list-separator <char>',
    description,
    z.string().length(1, 'must be one character').default(LIST_SEPARATOR),
    { defaultText: JSON.stringify(LIST_SEPARATOR) },
  ),
});
