import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/io/color.js';
import { createOutput } from '../../src/io/output.js';
import { runCli } from '../../src/run-cli.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colorEnabled', () => {
  it('a terminal gets colour, a pipe does not', () => {
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
  });

  it('--no-color, NO_COLOR (not empty) and TERM=dumb turn it off, even on a terminal', () => {
    expect(colorEnabled(tty, {}, false)).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('FORCE_COLOR turns it on without a terminal, except FORCE_COLOR=0; NO_COLOR and --no-color still win', () => {
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' }, false)).toBe(false);
  });
});

/** Runs a command line that fails (an unknown command), returning stderr. */
async function errorOf(args: string[], env: Record<string, string>, isTTY: boolean): Promise<string> {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const world = { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env, stdinIsTTY: false };
  expect(await runCli(args, world)).toBe(2);
  return text;
}

describe('errors and output decide colour alike', () => {
  const red = '\u001b[31m';
  const cases: Array<[string, string[], Record<string, string>, boolean, boolean]> = [
    ['a terminal', [], {}, true, true],
    ['a pipe', [], {}, false, false],
    ['FORCE_COLOR=1 on a pipe', [], { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR=0 on a pipe', [], { FORCE_COLOR: '0' }, false, false],
    ['NO_COLOR on a terminal', [], { NO_COLOR: '1' }, true, false],
    ['--no-color on a terminal', ['--no-color'], {}, true, false],
  ];
  for (const [name, flags, env, isTTY, expected] of cases) {
    it(name, async () => {
      const stderr = await errorOf(['no-such-command', ...flags], env, isTTY);
      expect(stderr.includes(red)).toBe(expected);
      const out = createOutput({
        stdout: { isTTY, write: () => true },
        stderr: { isTTY, write: () => true },
        env,
        ...(flags.includes('--no-color') ? { color: false } : {}),
      });
      expect(out.colors.level > 0).toBe(expected);
    });
  }
});
