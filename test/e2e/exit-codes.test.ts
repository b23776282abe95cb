// The README's exit-code table, walked row by row through the built binary against a real portal:
// each code is reached by representative commands, and each outcome of a kind ends with the code
// of that kind (every "no such record" 5, every permission failure 4). 1 is a bug, so it has no
// command that reaches it on purpose.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import { argv, json, type Result, runner, usePortal } from '../helpers/e2e.js';
import {
  CANCELLED,
  CONFLICT,
  FORBIDDEN,
  NOT_AUTHENTICATED,
  NOT_FOUND,
  PARTIAL,
  UNAVAILABLE,
  USAGE,
} from '../helpers/exit-codes.js';
import { ROOT } from '../helpers/portal.js';
import { CLIENTS, NO_CLIENTS, PORTAL_USERS } from '../helpers/tokens.js';
import { workDir, writeCsv } from './import-support.js';
import { runPty } from './pty.js';

const portal = usePortal();
const run = runner(portal);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Case {
  /** What the command line shows. */
  what: string;
  run: () => Promise<Result>;
  /** A line of stderr that says why. */
  says: string;
}

const invite = (...rest: string[]) => [
  ...argv`portal users invite --email sam.exit@example.org --first-name Sam --last-name Exit`,
  ...rest,
];

const CASES: Record<number, Case[]> = {
  0: [
    { what: 'clients get cl_000001', run: () => run(['clients', 'get', 'cl_000001', '--json']), says: '' },
    {
      what: 'portal users expire-link LINK --yes, on a link that has already expired',
      run: () => run(['portal', 'users', 'expire-link', 'ln_000004', '--yes'], PORTAL_USERS),
      says: 'has already expired (2026-09-01 12:00); nothing changed',
    },
  ],
  [USAGE]: [
    { what: 'an unknown flag', run: () => run(['clients', 'list', '--nope']), says: "unknown option '--nope'" },
    {
      what: 'an invalid value: a date of birth in the future',
      run: () =>
        run(
          argv`clients add --first-name Ada --last-name Exit --email ada.exit@example.org --date-of-birth 2999-01-01 --provider sp_northstar --no-link`,
        ),
      says: 'error: --date-of-birth must not be in the future',
    },
    {
      what: '--yes needed without a terminal',
      run: () => run(['clients', 'archive', 'cl_000021']),
      says: 'pass --yes to confirm when not running interactively',
    },
    {
      what: 'an invalid import file',
      run: () => {
        const file = writeCsv(workDir(), 'bad.csv', 'First Name,Last Name,Email\n"-",Exit,dash.exit@example.org\n');
        return run(['clients', 'import', file, '--yes']);
      },
      says: 'row 1 (line 2): First Name: must contain a letter (not only punctuation)',
    },
  ],
  [NOT_AUTHENTICATED]: [
    {
      what: 'a wrong token',
      run: () => run(['whoami'], 'not-a-real-token-0123456789'),
      says: 'error: not authenticated',
    },
  ],
  [FORBIDDEN]: [
    {
      what: 'clients list without the clients permission',
      run: () => run(['clients', 'list'], NO_CLIENTS),
      says: 'your token lacks the `clients` permission',
    },
    {
      what: 'unassign-staff without sp-admin, of someone not assigned (a no-op)',
      run: () => run(['clients', 'unassign-staff', 'cl_000008', '--staff', 'st_cwa001'], CLIENTS),
      says: 'your token lacks the `sp-admin` permission',
    },
    {
      what: 'refer --dry-run without sp-group-admin',
      run: () => run(['clients', 'refer', 'cl_000022', '--provider', 'sp_lakeshore', '--dry-run'], CLIENTS),
      says: 'your token lacks the `sp-group-admin` permission',
    },
  ],
  [NOT_FOUND]: [
    { what: 'an unknown client', run: () => run(['clients', 'get', 'cl_999999']), says: 'no client cl_999999' },
    {
      what: 'an in-progress Common Assessment ("no match")',
      run: () => run(['ca', 'lookup', 'CA-3009013']),
      says: 'error: no match: only submitted assessments can be imported',
    },
    {
      what: 'a CaMS Case Reference Number ("no match")',
      run: () => run(['cams', 'lookup', 'C-24100037']),
      says: 'that is a CaMS Case Reference Number',
    },
    {
      what: 'an unknown --portal',
      run: () => run(invite('--portal', 'po_nowhere01', '--all-jobs'), PORTAL_USERS),
      says: '--portal: no client portal "po_nowhere01" that you manage',
    },
    {
      what: 'a job of another portal in --jobs',
      run: () => run(invite('--portal', 'po_northstar01', '--jobs', 'jb_harbour001'), PORTAL_USERS),
      says: '--jobs: jb_harbour001 is not a job of portal Maple Logistics hiring portal (po_northstar01)',
    },
    {
      what: 'an unknown shared link',
      run: () => run(['portal', 'users', 'expire-link', 'ln_999999', '--yes'], PORTAL_USERS),
      says: 'no shared link ln_999999',
    },
  ],
  [CONFLICT]: [
    {
      what: 'an email that belongs to another client',
      run: () =>
        run(
          argv`clients add --first-name Someone --last-name Else --email maryann.obrien1@example.org --provider sp_northstar --no-link`,
        ),
      says: 'already belongs to client cl_000001',
    },
    {
      what: 'archiving an archived client',
      run: () => run(['clients', 'archive', 'cl_000003', '--yes']),
      says: 'is already archived',
    },
  ],
  [UNAVAILABLE]: [
    {
      what: 'a portal that does not answer',
      run: async () => run(['whoami'], undefined, { env: { PORTALCTL_URL: `http://127.0.0.1:${await closedPort()}` } }),
      says: 'cannot reach the portal',
    },
  ],
  [PARTIAL]: [
    {
      what: 'an import where the portal refuses a row',
      run: () => {
        const file = writeCsv(
          workDir(),
          'partial.csv',
          'First Name,Last Name,Email,CA Number\nPat,Exit,pat.exit@example.org,\nQuinn,Exit,quinn.exit@example.org,CA-3009015\n',
        );
        return run(['clients', 'import', file, '--yes', '--no-invite']);
      },
      says: '1 of 2 rows failed',
    },
  ],
};

describe('exit codes, as the README table lists them', () => {
  for (const [code, cases] of Object.entries(CASES)) {
    for (const c of cases) {
      it(`${code}: ${c.what}`, async () => {
        const r = await c.run();
        expect(r.exitCode, `${c.what}\n${r.stderr}`).toBe(Number(code));
        expect(r.stderr).toContain(c.says);
        if (Number(code) !== 0) {
          expect(r.stderr).toMatch(/^error: /m);
          expect(r.stderr).not.toMatch(/^\s+at /m);
        }
      });
    }
  }

  it(`${CANCELLED}: a confirmation answered no on a terminal`, async () => {
    const env = { PORTALCTL_URL: portal().url, PORTALCTL_TOKEN: portal().adminToken };
    const term = runPty(['clients', 'archive', 'cl_000021'], { env });
    await term.waitFor('(y/N)');
    term.write('n');
    term.write('\r');
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(CANCELLED);
  });

  it('--json errors carry the same exit code', async () => {
    const r = await run(['ca', 'lookup', 'CA-3009013', '--json']);
    expect(r.exitCode).toBe(NOT_FOUND);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(JSON.parse(last).error).toMatchObject({ kind: 'not-found', exitCode: NOT_FOUND, code: 'ca-in-progress' });
  });

  it('covers every code of the table but 1; README and help exit-codes print that table', async () => {
    const walked = new Set([...Object.keys(CASES).map(Number), CANCELLED]);
    expect(EXIT_CODES.map((row) => row.code).filter((code) => !walked.has(code))).toEqual([1]);

    const help = await run(['help', 'exit-codes', '--json']);
    expect(help.exitCode).toBe(0);
    expect(json(help)).toEqual(JSON.parse(JSON.stringify(EXIT_CODES)));

    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('`portalctl help exit-codes` prints'));
    const codes = [...table.matchAll(/^\| *(\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(EXIT_CODES.map((row) => row.code));
  });
});
