// Standard input as a value: `login --with-token`, and the free-text flags that take `-` to read
// their text from it (`clients notes add --text -`, `--reasons -`, `clients refer --reason -`).
import type { z } from 'zod';
import type { Deps } from '../command/deps.js';
import { usageError } from '../errors.js';
import { issueText } from './issue-text.js';

/** All of a stream, as UTF-8 text. */
export async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export interface TextFlag<S extends z.ZodType<string | undefined>> {
  /** The flag, as the user typed it: `--text`. */
  flag: string;
  /** What the text is, for the line shown on a terminal: `the note`. */
  what: string;
  /** The field's own schema: the text read is held to the same rule as one typed on the line. */
  schema: S;
}

/**
 * The flag's value, or, when it is `-`, the text read from standard input (checked with the
 * field's schema; a failure is a usage error naming the flag). Anything else passes through.
 */
export async function textFromFlag<S extends z.ZodType<string | undefined>>(
  deps: Pick<Deps, 'stdin' | 'out' | 'interactive'>,
  value: string | undefined,
  spec: TextFlag<S>,
): Promise<z.output<S> | undefined> {
  if (value !== '-') return value as z.output<S> | undefined;
  // Read to its end, a terminal could answer no prompt after it (a confirmation would wait for
  // ever): where prompts may follow, the terminal is theirs.
  if (deps.interactive) {
    throw usageError(
      `${spec.flag} - reads ${spec.what} from standard input, but standard input is this terminal`,
      `redirect or pipe the text in (${spec.flag} - < file.txt), or give it on the command line: ${spec.flag} "…"`,
    );
  }
  if (deps.stdin.isTTY) deps.out.info(`Type ${spec.what}, then press Ctrl-D on a line of its own:`);
  const text = await readStdin(deps.stdin);
  const parsed = spec.schema.safeParse(text);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = issue ? issueText(issue) : 'is not valid';
    throw usageError(
      `${spec.flag} -: the text read from standard input ${reason}`,
      `pipe the text in, e.g. portalctl … ${spec.flag} - < file.txt`,
    );
  }
  return parsed.data;
}
