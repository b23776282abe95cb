// Whether a stream gets colour: the one decision for command output and for error messages.
// Its own module so that printing an error loads no output layer (chalk).

/** --no-color (`flag` false), NO_COLOR or TERM=dumb: no; FORCE_COLOR other than 0: yes; else only on a terminal. */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
  flag?: boolean,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
