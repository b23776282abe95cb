// The interaction rules every command inherits: no prompt without a terminal, --yes for actions
// that notify or remove access, "no" cancels. The person at the terminal is the only fake here.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Deps, GlobalFlags } from '../../src/command/deps.js';
import type { CliError } from '../../src/errors.js';
import { confirmAction } from '../../src/io/confirm.js';
import { createPrompter, isInteractive, type Prompter } from '../../src/io/prompter.js';
import { resolveClient } from '../../src/io/resolve.js';

const streams = { input: new PassThrough(), output: new PassThrough() };
const tty = { isTTY: true };

describe('who can be prompted', () => {
  it('needs a terminal on stdin and stderr, no --no-input, not CI', () => {
    expect(isInteractive({ stdin: tty, stderr: tty, env: {} })).toBe(true);
    expect(isInteractive({ stdin: tty, stderr: tty, env: {}, input: false })).toBe(false);
    expect(isInteractive({ stdin: {}, stderr: tty, env: {} })).toBe(false);
    expect(isInteractive({ stdin: tty, stderr: {}, env: {} })).toBe(false);
    expect(isInteractive({ stdin: tty, stderr: tty, env: { CI: 'true' } })).toBe(false);
    expect(isInteractive({ stdin: tty, stderr: tty, env: { CI: 'false' } })).toBe(true);
  });

  it('without one, every prompt fails naming the flag', async () => {
    const prompter = createPrompter(false, streams);
    await expect(prompter.input({ message: 'Email', flag: '--email' })).rejects.toThrow(
      '--email is required when not running interactively',
    );
    await expect(prompter.select({ message: 'Link', flag: '--cams-ref', choices: [] })).rejects.toMatchObject({
      kind: 'usage',
      message: '--cams-ref is required when not running interactively',
    });
  });
});

function person(answer: boolean): Prompter {
  const refuse = () => Promise.reject(new Error('not asked in this test'));
  return {
    interactive: true,
    input: refuse,
    password: refuse,
    select: refuse,
    search: refuse,
    confirm: async () => answer,
  };
}

const deps = (flags: GlobalFlags, prompter: Prompter) => ({ flags, prompter }) as Pick<Deps, 'flags' | 'prompter'>;
const action = { message: 'Send the invitation to ada@example.org?', consequence: 'this emails ada@example.org' };

describe('confirming an action that notifies someone', () => {
  it('--yes confirms without asking', async () => {
    await expect(confirmAction(deps({ yes: true }, createPrompter(false, streams)), action)).resolves.toBeUndefined();
  });
  it('without a terminal it needs --yes', async () => {
    const error = (await confirmAction(deps({}, createPrompter(false, streams)), action).catch((e) => e)) as CliError;
    expect(error.kind).toBe('usage');
    expect(error.message).toBe('this emails ada@example.org: pass --yes to confirm when not running interactively');
  });
  it('on a terminal, yes goes ahead and no cancels (exit 130)', async () => {
    await expect(confirmAction(deps({}, person(true)), action)).resolves.toBeUndefined();
    const error = (await confirmAction(deps({}, person(false)), action).catch((e) => e)) as CliError;
    expect(error.kind).toBe('cancelled');
    expect(error.exitCode).toBe(130);
  });
});

describe('naming a client', () => {
  const noApi = { api: () => Promise.reject(new Error('no request expected')) } as Pick<Deps, 'api'>;
  it('without a client and without a terminal fails naming the argument, before any request', async () => {
    const error = (await resolveClient({ ...noApi, prompter: createPrompter(false, streams) }, undefined).catch(
      (e) => e,
    )) as CliError;
    expect(error.kind).toBe('usage');
    expect(error.message).toBe('<client> is required when not running interactively');
  });
});
