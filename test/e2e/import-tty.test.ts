// `portalctl clients import` as a person runs it, in a real pseudo-terminal: the plan is shown and
// the import asks before it notifies anyone ("no" sends nothing, "yes" imports with a progress bar
// and ends with the summary table), Ctrl-C typed once stops cleanly with a readable screen, and
// typed twice while rows are in flight quits at once with the journal consistent, so the same
// command run again finishes the import exactly once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePortal } from '../helpers/e2e.js';
import { type Portal, startPortal } from '../helpers/portal.js';
import {
  cli,
  clientsCsv,
  clientsMatching,
  counts,
  invitations,
  outboxSize,
  parseReport,
  workDir,
  writeCsv,
} from './import-support.js';
import { runPty } from './pty.js';

// Every request waits 200 ms on the server, so the progress bar has time to count.
const portal = usePortal(['--latency', '200']);

const ENTER = '\r';
const CTRL_C = '\u0003';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const WRAP_OFF = '\u001b[?7l';
const WRAP_ON = '\u001b[?7h';
const env = () => ({ PORTALCTL_URL: portal().url, PORTALCTL_TOKEN: portal().adminToken });

/** Each of `count` clients tagged `tag` is in the portal exactly once, with exactly one invitation. */
async function expectExactlyOnce(
  portal: Pick<Portal, 'url' | 'adminToken'>,
  tag: string,
  count: number,
): Promise<void> {
  const prefix = `${tag.toLowerCase()}.`;
  const emails = (await clientsMatching(portal, prefix)).map((c) => c.email);
  expect(emails).toHaveLength(count);
  expect(new Set(emails).size).toBe(count);
  const invited = counts((await invitations(portal)).filter((m) => m.to.startsWith(prefix)).map((m) => m.to));
  expect(invited.size).toBe(count);
  expect([...invited.values()].every((n) => n === 1)).toBe(true);
}

/**
 * The lines a terminal ends up showing for `raw` output: what the user sees once the bar has
 * redrawn itself, lines have been erased and the cursor has moved (ESC 7 / ESC 8 save and restore
 * it; CSI n G moves within the line; CSI K erases). Enough of a terminal for these screens: no
 * colours, no wrapping, no scrolling limit.
 */
function finalScreen(raw: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  let saved = { row: 0, col: 0 };
  const seq =
    /\u001b\[([?0-9;]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b([78])|\u001b[@-Z\\-_]|[\s\S]/gu;
  for (const [text, params = '', final, cursor] of raw.matchAll(seq)) {
    const line = lines[row] ?? [];
    lines[row] = line;
    if (cursor === '7') saved = { row, col };
    else if (cursor === '8') ({ row, col } = saved);
    else if (final === 'G') col = Math.max(0, Number(params || '1') - 1);
    else if (final === 'K') {
      if (params === '2') line.length = 0;
      else if (params === '1') line.fill(' ', 0, col);
      else line.length = Math.min(line.length, col);
    } else if (text === '\r') col = 0;
    else if (text === '\n') row++;
    else if (text.startsWith('\u001b')) continue;
    else {
      while (line.length < col) line.push(' ');
      line[col++] = text;
    }
  }
  return lines.map((line) => (line ?? []).join('').trimEnd());
}

interface JournalLine {
  t: string;
  rows?: number[];
  r?: number;
}

/** Every line of the journal, each of which must be whole JSON. */
function journalLines(file: string): JournalLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalLine);
}

describe('confirmation on a terminal', () => {
  it('shows the plan and asks; "no" (or Ctrl-C) sends nothing and exits 130, leaving no journal', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'no.csv', clientsCsv(3, 'TtyNo'));
    const before = await outboxSize(portal());

    const term = runPty(['clients', 'import', file], { env: env() });
    await term.waitFor(`${file}: 3 rows`);
    await term.waitFor(/3 to send/);
    await term.waitFor('Each client created gets a portal invitation email (up to 3)');
    await term.waitFor('Create up to 3 clients and email each an invitation?');
    term.write(`n${ENTER}`);
    const { exitCode, screen } = await term.exited;

    expect(exitCode, screen).toBe(130);
    expect(screen).toContain('cancelled: nothing was sent');
    expect(screen).not.toContain('Import of');

    // Ctrl-C at the question is a no as well.
    const interrupted = runPty(['clients', 'import', file], { env: env() });
    await interrupted.waitFor('Create up to 3 clients and email each an invitation?');
    interrupted.write(CTRL_C);
    const second = await interrupted.exited;
    expect(second.exitCode, second.screen).toBe(130);
    expect(second.screen).toContain('error: cancelled: nothing was sent');

    expect(await outboxSize(portal())).toBe(before);
    expect(await clientsMatching(portal(), 'ttyno.')).toEqual([]);
    expect(existsSync(`${file}.portalctl-journal`)).toBe(false);
  });

  it('"yes" imports: a progress bar counts done/total rows and the summary table follows', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'yes.csv', clientsCsv(12, 'TtyYes'));
    const report = path.join(dir, 'report.csv');

    const term = runPty(['clients', 'import', file, '--no-batch', '--concurrency', '2', '--report', report], {
      env: env(),
    });
    await term.waitFor('12 to send');
    await term.waitFor('Create up to 12 clients and email each an invitation?');
    term.write(`y${ENTER}`);
    // The bar shows rows done out of the total while the import runs, then the summary table.
    await term.waitFor(/import .*\b([1-9]|1[01])\/12 rows \| \d+ rows\/s \| ETA .* \| 0 failed/);
    await term.waitFor(/import .*\b12\/12 rows/);
    await term.waitFor(`Import of ${file}`);
    const { exitCode, screen, raw } = await term.exited;
    expect(exitCode, screen).toBe(0);
    expect(raw.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(raw.lastIndexOf(HIDE_CURSOR));
    // As the terminal shows it at the end: the bar at 12/12 on one line, the table right below.
    const shown = finalScreen(raw);
    const at = shown.indexOf(`Import of ${file}`);
    expect(shown[at - 1], shown.join('\n')).toMatch(/^import [█░]+ 12\/12 rows \| \d+ rows\/s \| ETA 0s \| 0 failed$/);
    expect(shown[at + 1]).toMatch(/^ {2}created +12 {2}12 invitations sent$/);
    expect(shown[at + 2]).toMatch(/^ {2}failed +0$/);
    expect(shown[at + 3]).toMatch(/^ {2}12 rows in \d+\.\d s$/);
    expect(parseReport(readFileSync(report, 'utf8')).map((l) => l.status)).toEqual(Array(12).fill('created'));
    await expectExactlyOnce(portal(), 'TtyYes', 12);
  });
});

describe('Ctrl-C on a terminal', () => {
  let slow: Portal;
  beforeAll(async () => {
    // Each request takes 600 ms: far longer than the bar takes to show a row done (it redraws
    // every 200 ms) plus the two keystrokes, so the second Ctrl-C lands while rows are on the wire.
    slow = await startPortal(['--latency', '600']);
  });
  afterAll(async () => {
    await slow?.stop();
  });

  it('a first Ctrl-C: the bar, the stopping notice, the summary and the resume command each stay readable', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'once.csv', clientsCsv(12, 'TtyOnce'));
    const term = runPty(['clients', 'import', file, '--yes', '--no-batch', '--concurrency', '4'], {
      env: { PORTALCTL_URL: slow.url, PORTALCTL_TOKEN: slow.adminToken },
    });
    await term.waitFor(/import .*\b([1-9]|1[01])\/12 rows/);
    term.write(CTRL_C);
    const { exitCode, screen, raw } = await term.exited;
    expect(exitCode, screen).toBe(130);

    // Nothing written while the bar ran is written over by what follows it.
    const shown = finalScreen(raw);
    const stopping = shown.indexOf(
      'Stopping: no new rows are sent; waiting for the requests in flight (Ctrl-C again to quit now)',
    );
    expect(stopping, shown.join('\n')).toBeGreaterThan(0);
    expect(shown[stopping - 1]).toMatch(/^import [█░]+ \d+\/12 rows \| /);
    const table = shown.indexOf(`Import of ${file}`);
    expect(table, shown.join('\n')).toBeGreaterThan(stopping);
    expect(shown[table - 1]).toMatch(/^import [█░]+ \d+\/12 rows \| \d+ rows\/s \| ETA \S+ \| 0 failed$/);
    expect(shown[table + 1]).toMatch(/^ {2}created +\d+ {2}\d+ invitations sent$/);
    expect(shown).toContain(`  portalctl clients import ${file} --yes --no-batch --concurrency 4`);
  });

  it('a second Ctrl-C quits at once (130) with rows in flight; the same command then finishes exactly once', async () => {
    const dir = workDir();
    const rows = 12;
    const file = writeCsv(dir, 'twice.csv', clientsCsv(rows, 'TtyTwice'));
    const journal = path.join(dir, 'twice.journal');
    const args = ['clients', 'import', file, '--yes', '--no-batch', '--concurrency', '4', '--state', journal];

    const term = runPty(args, { env: { PORTALCTL_URL: slow.url, PORTALCTL_TOKEN: slow.adminToken } });
    // Rows are done, so the next ones are on the wire.
    await term.waitFor(/import .*\b([1-9]|1[01])\/12 rows/);
    term.write(CTRL_C);
    await term.waitFor('Stopping: no new rows are sent; waiting for the requests in flight (Ctrl-C again to quit now)');
    term.write(CTRL_C);
    const { exitCode, screen, raw } = await term.exited;
    expect(exitCode, screen).toBe(130);
    // The terminal is handed back as the bar found it: cursor shown, lines wrapping again.
    expect(raw.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(raw.lastIndexOf(HIDE_CURSOR));
    expect(raw.lastIndexOf(WRAP_ON)).toBeGreaterThan(raw.lastIndexOf(WRAP_OFF));
    // It did not wait for the rows in flight (no summary, the journal has no end), and said how to resume.
    expect(screen).not.toContain('Import of');
    expect(screen).toMatch(
      /Quit at once; the journal is saved\. To resume, run:\n {2}portalctl clients import \S+twice\.csv --yes --no-batch --concurrency 4 --state \S+twice\.journal\n/,
    );

    const lines = journalLines(journal);
    expect(lines.some((l) => l.t === 'end')).toBe(false);
    const sent = new Set(lines.filter((l) => l.t === 'sent').flatMap((l) => l.rows ?? []));
    const finished = new Set(lines.filter((l) => l.t === 'done').map((l) => l.r));
    const inFlight = [...sent].filter((row) => !finished.has(row));
    expect(inFlight.length).toBeGreaterThan(0);
    // Nothing is recorded done that was not first recorded sent.
    expect([...finished].every((row) => sent.has(row as number))).toBe(true);

    // The same command (not on a terminal now, so --yes is what confirms) resumes and finishes.
    const report = path.join(dir, 'report.csv');
    const resumed = await cli([...args, '--json', '--report', report], { portal: slow });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${rows - finished.size} to send (${finished.size} finished in an earlier run)`);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ rows, created: rows, failed: 0, pending: 0, invitesSent: rows });
    const lines2 = parseReport(readFileSync(report, 'utf8'));
    expect(lines2.map((l) => Number(l.row))).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    expect(lines2.every((l) => l.status === 'created' && l.client_id?.startsWith('cl_'))).toBe(true);
    expect(new Set(lines2.map((l) => l.client_id)).size).toBe(rows);
    await expectExactlyOnce(slow, 'TtyTwice', rows);
  });
});
