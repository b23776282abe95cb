// gh-style: command lines of server and login become the options run() gets, without running
// anything (no server started, no token read).
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/command/commander.js';
import login from '../../../src/commands/login.js';
import server from '../../../src/commands/server.js';
import { MAX_FAULT_SEED } from '../../../src/server/platform/faults.js';

/** The usage error a command line gives, as the user reads it. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { kind?: string; message: string } | undefined;
  expect(error?.kind, 'the command line should be refused').toBe('usage');
  return error!.message;
}

describe('server', () => {
  it('listens on 127.0.0.1:4010 by default, test endpoints off, reasons not required', async () => {
    expect(await parseCommandLine(server, [])).toEqual({
      host: '127.0.0.1',
      port: 4010,
      testEndpoints: false,
      requireReason: false,
    });
  });

  it('reads numbers and shares as numbers', async () => {
    const options = await parseCommandLine(server, [
      ...['--port', '0', '--db', ':memory:', '--test-endpoints', '--rate-limit', '20'],
      ...['--fail-rate', '0.1', '--reset-rate', '0', '--drop-after-commit-rate', '1', '--latency', ' 200 '],
      ...['--fault-seed', String(MAX_FAULT_SEED)],
    ]);
    expect(options).toEqual({
      host: '127.0.0.1',
      port: 0,
      db: ':memory:',
      testEndpoints: true,
      rateLimit: 20,
      failRate: 0.1,
      resetRate: 0,
      dropAfterCommitRate: 1,
      latency: 200,
      faultSeed: MAX_FAULT_SEED,
      requireReason: false,
    });
  });

  it('names the flag of a number out of range or not a number', async () => {
    expect(await refusal(parseCommandLine(server, ['--port', 'eighty']))).toBe(
      '--port must be a port number (0 to 65535)',
    );
    expect(await refusal(parseCommandLine(server, ['--port', '65536']))).toBe(
      '--port must be a port number (0 to 65535)',
    );
    expect(await refusal(parseCommandLine(server, ['--port', '-1']))).toBe('--port must be a port number (0 to 65535)');
    expect(await refusal(parseCommandLine(server, ['--rate-limit', '0']))).toBe(
      '--rate-limit must be a whole number (1 to 1000000)',
    );
    expect(await refusal(parseCommandLine(server, ['--latency', '1.5']))).toBe(
      '--latency must be milliseconds (0 to 600000)',
    );
    expect(await refusal(parseCommandLine(server, ['--fault-seed', String(MAX_FAULT_SEED + 1)]))).toMatch(
      /^--fault-seed must be a whole number \(0 to /,
    );
    for (const share of ['2', '-0.1', 'ten', '']) {
      expect(await refusal(parseCommandLine(server, ['--fail-rate', share]))).toBe(
        '--fail-rate must be a share between 0 and 1, e.g. 0.1 for 10%',
      );
    }
  });
});

describe('login', () => {
  it('takes only --with-token: the token is never a flag value', async () => {
    expect(await parseCommandLine(login, [])).toEqual({ withToken: false });
    expect(await parseCommandLine(login, ['--with-token'])).toEqual({ withToken: true });
    await expect(parseCommandLine(login, ['--token', 'x'])).rejects.toMatchObject({ code: 'commander.unknownOption' });
  });
});
