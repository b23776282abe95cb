// A portal may hold a name with terminal control sequences in it (another client wrote it, or an
// older portal let it in). On a real terminal portalctl shows them as visible symbols and never
// sends them: not in the list, not in one client's view, not in an error, not in a prompt's choices.
// The name is written into the portal's database directly, as the API refuses such values.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.js';
import { runPty } from './pty.js';

// Clears the screen, sets the window title, rings the bell, returns to the line start, NUL.
const HOSTILE = 'Imp\u001b[2J\u001b]0;T\u0007\r\u0000';
const SHOWN = 'Imp␛[2J␛]0;T␇␍␀';
const ID = 'cl_999900000001';
const EMAIL = 'imp.esc@example.org';

let portal: Portal;
beforeAll(async () => {
  const db = path.join(mkdtempSync(path.join(tmpdir(), 'portalctl-control-')), 'portal.db');
  portal = await startPortal(['--db', db]);
  // The server is running on the file; a second connection writes the row (WAL).
  const direct = new DatabaseSync(db);
  direct.exec('PRAGMA busy_timeout = 5000');
  const now = new Date().toISOString();
  direct
    .prepare(
      `INSERT INTO clients (id, provider_id, first_name, last_name, first_norm, last_norm, first_words, last_words,
                            email, email_lower, created_at, updated_at)
       VALUES (?, 'sp_northstar', ?, 'Esc', 'imp', 'esc', 'imp', 'esc', ?, ?, ?, ?)`,
    )
    .run(ID, HOSTILE, EMAIL, EMAIL, now, now);
  direct.close();
});
afterAll(async () => {
  await portal?.stop();
});

const env = () => ({ PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: portal.adminToken });

/** The terminal output as written, less the CR a terminal adds before each line feed. */
const written = (raw: string) => raw.replace(/\r\n/g, '\n');

describe('control characters in data, on a terminal', () => {
  it('clients list: the name is shown with visible symbols; no control character reaches the terminal', async () => {
    const term = runPty(['clients', 'list', '--search', 'imp'], { env: { ...env(), NO_COLOR: '1' } });
    const { exitCode, raw } = await term.exited;
    expect(exitCode, raw).toBe(0);
    expect(raw).toContain(`${SHOWN} Esc`);
    // Without colour, portalctl itself writes no escape sequence: any control character would be the data's.
    expect(written(raw)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('clients get and an error that names the client: shown, not sent', async () => {
    const get = await runPty(['clients', 'get', ID], { env: { ...env(), NO_COLOR: '1' } }).exited;
    expect(get.exitCode, get.raw).toBe(0);
    expect(get.raw).toContain(SHOWN);
    expect(written(get.raw)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);

    const taken = await runPty(
      [
        'clients',
        'add',
        '--first-name',
        'Ada',
        '--last-name',
        'Okafor',
        '--email',
        EMAIL,
        '--no-link',
        '--provider',
        'sp_northstar',
      ],
      { env: { ...env(), NO_COLOR: '1' } },
    ).exited;
    expect(taken.exitCode, taken.raw).toBe(6);
    expect(taken.raw).toContain(`already belongs to client ${ID} (${SHOWN} Esc)`);
    expect(written(taken.raw)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it("a search prompt's choices show the name with visible symbols", async () => {
    const term = runPty(['clients', 'get'], { env: env() });
    await term.waitFor('client');
    term.write('imp');
    await term.waitFor(SHOWN);
    term.write('\u0003');
    const { raw } = await term.exited;
    // The prompt draws with escape sequences of its own; the data's never appear.
    expect(raw).not.toContain('\u001b[2J');
    expect(raw).not.toContain('\u001b]0;T');
    expect(raw).not.toMatch(/[\u0000\u0007]/);
  });
});
