// Control characters in data reach a terminal only as visible stand-ins: in tables, TSV, lines,
// ✓/!/info messages and errors. JSON and CSV carry the data as it is.
import { describe, expect, it } from 'vitest';
import { CliError, formatError } from '../../src/errors.js';
import { createOutput } from '../../src/io/output.js';
import { clientView } from '../../src/io/views/client.js';
import { visible } from '../../src/io/visible.js';
import { clientFixture } from '../helpers/client-fixture.js';

// Clears the screen, retitles the window, rings, returns to the line start, ends a C string.
const HOSTILE = 'Imp\u001b[2J\u001b]0;T\u0007\r\u0000';
const SHOWN = 'Imp␛[2J␛]0;T␇␍␀';
/** Any control character but tab and line feed. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function stream(isTTY = false) {
  const chunks: string[] = [];
  return { isTTY, write: (c: string) => chunks.push(c), text: () => chunks.join('') };
}

function output(settings: { output?: string; json?: boolean; tty?: boolean } = {}) {
  const stdout = stream(settings.tty ?? false);
  const stderr = stream(settings.tty ?? false);
  const out = createOutput({ stdout, stderr, env: { NO_COLOR: '1' }, ...settings });
  return { out, stdout, stderr };
}

const client = clientFixture({
  firstName: HOSTILE,
  lastName: 'Esc',
  email: 'e@x.org',
  address: '1 Main St\nFAKE FIELD:  forged',
});

describe('visible()', () => {
  it('shows C0 controls and DEL as control pictures, C1 controls by code point; keeps tab and line feed', () => {
    expect(visible(HOSTILE)).toBe(SHOWN);
    expect(visible('a\u007fb')).toBe('a␡b');
    expect(visible('csi\u009b2J')).toBe('csi<U+009B>2J');
    expect(visible('one\ttwo\nthree')).toBe('one\ttwo\nthree');
    expect(visible('Zoë Ōkafor-Ng 🙂')).toBe('Zoë Ōkafor-Ng 🙂');
  });
});

describe('human views escape, machine formats do not', () => {
  it('a table on a terminal', async () => {
    const { out, stdout } = output({ tty: true });
    await out.list(clientView, [client]);
    expect(stdout.text()).toContain(SHOWN);
    expect(stdout.text()).not.toMatch(RAW_CONTROL);
  });

  it('one record on a terminal: a value cannot start a line of its own that reads as another field', async () => {
    const { out, stdout } = output({ tty: true });
    await out.one(clientView, client);
    const text = stdout.text();
    expect(text).toContain(SHOWN);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toMatch(/^FAKE FIELD:/m);
    expect(text).toMatch(/^ +FAKE FIELD: {2}forged$/m);
  });

  it('TSV (read on terminals too)', async () => {
    const { out, stdout } = output({ output: 'tsv' });
    await out.list(clientView, [client]);
    expect(stdout.text()).toContain('Imp␛[2J␛]0;T␇ ␀');
    expect(stdout.text()).not.toMatch(RAW_CONTROL);
  });

  it('JSON and CSV keep the data as it is', async () => {
    const json = output({ json: true });
    await json.out.list(clientView, [client]);
    expect(JSON.parse(json.stdout.text())[0].firstName).toBe(HOSTILE);
    const csv = output({ output: 'csv' });
    await csv.out.list(clientView, [client]);
    expect(csv.stdout.text()).toContain(HOSTILE);
  });

  it('✓, ! and info lines, headings, lines and values on stderr and stdout', () => {
    const { out, stdout, stderr } = output({ tty: true });
    out.success(`Invitation sent to ${HOSTILE}`);
    out.warn(`${HOSTILE} has no email`);
    out.info(`Using ${HOSTILE}`);
    out.heading(`Step 1 · ${HOSTILE}`);
    out.line(`http://portal/i/${HOSTILE}`);
    out.value({ name: HOSTILE }, `Name: ${HOSTILE}`);
    for (const text of [stderr.text(), stdout.text()]) {
      expect(text).toContain(SHOWN);
      expect(text).not.toMatch(RAW_CONTROL);
    }
  });

  it('errors, their field errors and hints; the --json error object stays JSON', () => {
    const error = new CliError('conflict', `e@x.org already belongs to client cl_1 (${HOSTILE})`, {
      hint: `see ${HOSTILE}`,
      problem: {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        code: 'email-taken',
        errors: [{ path: `first${HOSTILE}`, message: `is ${HOSTILE}` }],
      },
    });
    const text = formatError(error, { json: true, debug: true, color: false });
    expect(text).toContain(SHOWN);
    expect(text).not.toMatch(RAW_CONTROL);
    const last = JSON.parse(text.trim().split('\n').at(-1)!);
    expect(last.error.message).toContain(HOSTILE);
  });
});
