// A refusal the person running the server or administering its tokens can fix (a --db, --port or
// --seed that cannot be used, an unknown token). The CLI shows it as its own error of the same kind.
export type OperatorErrorKind = 'usage' | 'not-found';

export class OperatorError extends Error {
  readonly kind: OperatorErrorKind;
  readonly hint: string | undefined;

  constructor(kind: OperatorErrorKind, message: string, hint?: string) {
    super(message);
    this.name = 'OperatorError';
    this.kind = kind;
    this.hint = hint;
  }
}

/** A --flag (or the file it names) that cannot be used. */
export function operatorUsage(message: string, hint?: string): OperatorError {
  return new OperatorError('usage', message, hint);
}
