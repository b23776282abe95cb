import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { CliError } from '../../src/errors.js';
import { neutraliseCell } from '../../src/io/csv-safe.js';
import { createOutput, pickFormat } from '../../src/io/output.js';
import { clientView } from '../../src/io/views/client.js';
import { clientFixture } from '../helpers/client-fixture.js';

function stream(isTTY = false) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (c: string) => chunks.push(c), text: () => chunks.join('') };
}

function client(overrides: Partial<Client> = {}): Client {
  return clientFixture({
    targetOccupations: ['Analyst', 'Engineer'],
    invite: {
      status: 'pending',
      link: 'http://x/i/abc',
      sentAt: null,
      sentTo: null,
      declinedAt: null,
      lastLoginAt: null,
    },
    ...overrides,
  });
}

function output(settings: { json?: boolean; output?: string; fields?: string; quiet?: boolean; tty?: boolean } = {}) {
  const stdout = stream(settings.tty ?? false);
  const stderr = stream(settings.tty ?? false);
  const out = createOutput({ stdout, stderr, env: {}, ...settings });
  return { out, stdout, stderr };
}

describe('format choice', () => {
  it('is a table on a terminal and tsv when piped', () => {
    expect(pickFormat({ stdout: { isTTY: true, write: () => true } })).toBe('table');
    expect(pickFormat({ stdout: { isTTY: false, write: () => true } })).toBe('tsv');
    expect(pickFormat({ stdout: { isTTY: true, write: () => true }, json: true })).toBe('json');
    expect(pickFormat({ stdout: { isTTY: true, write: () => true }, output: 'CSV' })).toBe('csv');
  });
  it('refuses unknown formats and --json with another -o', () => {
    expect(() => pickFormat({ stdout: { write: () => true }, output: 'xml' })).toThrow(/unknown output format "xml"/);
    expect(() => pickFormat({ stdout: { write: () => true }, output: 'csv', json: true })).toThrow(CliError);
  });
});

describe('lists', () => {
  const items = [client(), client({ id: 'cl_abcdefghij', firstName: '=HYPERLINK("x")', email: '+1@example.org' })];

  it('json is the API objects, pretty', async () => {
    const { out, stdout } = output({ json: true });
    await out.list(clientView, items);
    expect(JSON.parse(stdout.text())).toEqual(items);
  });

  it('ndjson is one API object per line', async () => {
    const { out, stdout } = output({ output: 'ndjson' });
    await out.list(clientView, items);
    const lines = stdout.text().trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(items);
  });

  it('csv has a header of field keys and neutralises formula cells', async () => {
    const { out, stdout } = output({ output: 'csv', fields: 'id,firstName,email,targetOccupations' });
    await out.list(clientView, items);
    expect(stdout.text()).toBe(
      [
        'id,firstName,email,targetOccupations',
        'cl_0123456789,Ada,ada@example.org,Analyst; Engineer',
        `cl_abcdefghij,"'=HYPERLINK(""x"")",'+1@example.org,Analyst; Engineer`,
        '',
      ].join('\n'),
    );
  });

  it('tsv neutralises too and keeps one line per record', async () => {
    const { out, stdout } = output({ output: 'tsv', fields: 'id,firstName' });
    await out.list(clientView, [client({ firstName: '@a\tb\nc' })]);
    expect(stdout.text()).toBe("id\tfirstName\ncl_0123456789\t'@a b c\n");
  });

  it('--fields picks JSON keys, API values kept as they are', async () => {
    const { out, stdout } = output({ json: true, fields: 'id,invite,name' });
    await out.list(clientView, [client()]);
    expect(JSON.parse(stdout.text())).toEqual([{ id: 'cl_0123456789', invite: client().invite, name: 'Ada Lovelace' }]);
  });

  it('an unknown --fields name is a usage error listing the valid ones', async () => {
    const { out, stdout } = output({ fields: 'id,nope' });
    const error = (await out.list(clientView, items).catch((e: unknown) => e)) as CliError;
    expect(error.kind).toBe('usage');
    expect(error.message).toContain('"nope"');
    expect(error.hint).toContain('id, name, firstName');
    expect(stdout.text()).toBe('');
  });

  it('-q prints ids only', async () => {
    const { out, stdout } = output({ quiet: true, json: true });
    await out.list(clientView, items);
    expect(stdout.text()).toBe('cl_0123456789\ncl_abcdefghij\n');
  });

  it('a table has headers and the default columns; an empty one says so on stderr', async () => {
    const { out, stdout } = output({ output: 'table' });
    await out.list(clientView, items);
    const [header, first] = stdout.text().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+EMAIL\s+STATUS\s+INVITE\s+LINK$/);
    expect(first).toMatch(/^cl_0123456789\s+Ada Lovelace\s+ada@example.org\s+referral\s+pending\s+none$/);
    const empty = output({ output: 'table' });
    await empty.out.list(clientView, []);
    expect(empty.stdout.text()).toBe('');
    expect(empty.stderr.text()).toContain('No clients found.');
  });

  it('writes no colour when the stream is not a terminal', async () => {
    const { out, stdout } = output({ output: 'table' });
    await out.list(clientView, items);
    expect(stdout.text()).not.toMatch(/\u001b\[/);
  });
});

describe('one record', () => {
  it('json is the API object', async () => {
    const { out, stdout } = output({ json: true });
    await out.one(clientView, client());
    expect(JSON.parse(stdout.text())).toEqual(client());
  });
  it('table is a key/value list', async () => {
    const { out, stdout } = output({ output: 'table', fields: 'id,inviteLink' });
    await out.one(clientView, client());
    expect(stdout.text()).toBe('ID:          cl_0123456789\nINVITE LINK: http://x/i/abc\n');
  });
  it('messages go to stderr, data to stdout', () => {
    const { out, stdout, stderr } = output();
    out.success('done');
    out.warn('careful');
    expect(stdout.text()).toBe('');
    expect(stderr.text()).toBe('✓ done\n! careful\n');
  });
});

describe('neutraliseCell', () => {
  it('prefixes cells a spreadsheet would run', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    for (const cell of ['plain', '1=1', '', "'already"]) expect(neutraliseCell(cell)).toBe(cell);
  });
});
