// Describes an unexpected error for the server's log without its message: messages can carry
// request data (names, emails). SQLite's messages name schema objects only, so they are kept.
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error value thrown (${typeof error})`;
  const code = (error as { code?: unknown }).code;
  const parts = [error.name];
  if (typeof code === 'string') parts.push(`[${code}]`);
  if (code === 'ERR_SQLITE_ERROR') parts.push(error.message);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 8)
    .map((line) => line.trim());
  return frames.length > 0 ? `${parts.join(' ')}\n    ${frames.join('\n    ')}` : parts.join(' ');
}
