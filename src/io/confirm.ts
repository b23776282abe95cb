// Confirmation for actions that notify someone or remove access (invite send/resend, password
// reset, archive, unlink, expire-link, deactivate): --yes confirms; otherwise a terminal asks,
// and without one the command fails naming --yes.
import type { Deps } from '../command/deps.js';
import { cancelled, usageError } from '../errors.js';

export interface ConfirmOptions {
  /** The question, e.g. "Send an invitation email to ada@example.org?" */
  message: string;
  /** What happens, for the non-interactive error, e.g. "this emails ada@example.org". */
  consequence: string;
}

/** Resolves when confirmed; throws `cancelled` (exit 130) on "no", a usage error without a terminal. */
export async function confirmAction(deps: Pick<Deps, 'flags' | 'prompter'>, options: ConfirmOptions): Promise<void> {
  if (deps.flags.yes) return;
  if (!deps.prompter.interactive) {
    throw usageError(
      `${options.consequence}: pass --yes to confirm when not running interactively`,
      'add --dry-run to see what would happen without doing it',
    );
  }
  const ok = await deps.prompter.confirm({ message: options.message, default: false });
  if (!ok) throw cancelled('cancelled: nothing was changed');
}
