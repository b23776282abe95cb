// A token typed where portalctl does not take one (an argument, an unknown flag's value, an
// unknown command) is refused without being repeated: not on stderr, not in the --json error, not
// with --debug.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/world.js';

const SECRET = 'pct_S3cr3tT0kenValue_0123456789';

const refused: { args: string[]; names: string }[] = [
  { args: ['login', '--with-token', SECRET], names: "too many arguments for 'login'" },
  { args: ['login', SECRET], names: "too many arguments for 'login'" },
  { args: ['login', `--token=${SECRET}`], names: "unknown option '--token'" },
  { args: ['login', '--token', SECRET], names: "unknown option '--token'" },
  { args: ['clients', 'list', `--api-key=${SECRET}`], names: "unknown option '--api-key'" },
  { args: ['clients', 'list', `-k${SECRET}`], names: "unknown option '-k'" },
  { args: ['clients', 'get', 'cl_000001', SECRET], names: 'too many arguments' },
  { args: ['server', '--port', SECRET], names: '--port must be a port number' },
  { args: [SECRET], names: 'unknown command' },
];

describe('a value that may be a token is never repeated in an error', () => {
  for (const { args, names } of refused) {
    it(args.join(' ').replace(SECRET, 'SECRET'), async () => {
      for (const extra of [[], ['--json'], ['--debug']]) {
        const r = await run([...args, ...extra]);
        expect(r.exitCode).toBe(2);
        expect(r.stderr).toContain(names);
        expect(r.stderr).not.toContain(SECRET);
        expect(r.stderr).not.toContain('S3cr3t');
        expect(r.stdout).not.toContain(SECRET);
      }
    });
  }

  it('the --json error names the option, not its value', async () => {
    const r = await run(['login', `--token=${SECRET}`, '--json']);
    const error = JSON.parse(r.stderr.trim().split('\n').at(-1)!).error;
    expect(error).toMatchObject({ kind: 'usage', message: "unknown option '--token'", exitCode: 2 });
    expect(error.hint).toContain('--with-token');
  });

  it('a token given to login as an argument is pointed to the prompt and --with-token', async () => {
    const r = await run(['login', SECRET]);
    expect(r.stderr).toMatch(/^hint: .*--with-token/m);
  });

  it('a mistyped command word is still repeated, with its suggestion', async () => {
    const r = await run(['clinets', 'list']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown command 'clinets'");
    expect(r.stderr).toContain('did you mean clients?');
  });
});
