// Properties of the CSV reader and the column mapping: whatever csv-stringify writes (any of the
// delimiters, line ends, quoting choices, BOM and encodings spreadsheets use, any cell contents),
// readCsv reads back cell for cell at the right line, and the loosely spelled headers map to
// their fields. fast-check prints the seed and the smallest failing file when one fails.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMNS, type FieldKey, mapColumns } from '../../../src/bulk/columns.js';
import { DELIMITERS, type Encoding, readCsv } from '../../../src/bulk/csv-read.js';

/** Characters that make CSV hard, mixed into any Unicode text. */
const TRICKY = ['"', ',', ';', '\t', '|', '\n', '\r', '\r\n', ' ', "'", '=', 'é', 'ß', '€', '😀', '\u00a0', '\ufeff'];
const cell = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
    { weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 12,
});

/** What windows-1252 can hold and latin1 encodes to the same bytes (0x80-0x9f differ). */
const to1252 = (text: string) => text.replace(/[^\u0000-\u007f\u00a0-\u00ff]/gu, 'é');
/** A header in windows-1252: accented letters precomposed where it has them, else without the accent. */
const header1252 = (text: string) =>
  [...text.normalize('NFC')]
    .map((ch) => (to1252(ch) === ch ? ch : ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')))
    .join('');

const dialect = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
  quoted: fc.boolean(),
  quotedEmpty: fc.boolean(),
  eof: fc.boolean(),
  encoding: fc.constantFrom<'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252'>(
    'utf-8',
    'utf-8-bom',
    'utf-16le',
    'utf-16be',
    'windows-1252',
  ),
});
type Dialect = typeof dialect extends fc.Arbitrary<infer D> ? D : never;

function encode(text: string, encoding: Dialect['encoding']): { bytes: Buffer; forced?: Encoding } {
  switch (encoding) {
    case 'utf-8':
      return { bytes: Buffer.from(text, 'utf8') };
    case 'utf-8-bom':
      return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) };
    case 'utf-16le':
      return { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) };
    case 'utf-16be':
      return { bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]) };
    case 'windows-1252':
      return { bytes: Buffer.from(text, 'latin1'), forced: 'windows-1252' };
  }
}

/** The file csv-stringify writes, record by record, with the physical line each record starts on. */
function write(records: string[][], d: Dialect, blankLines: number[] = []): { text: string; lines: number[] } {
  let text = '';
  const lines: number[] = [];
  records.forEach((record, i) => {
    // Empty lines between records (after the first): not rows, but they count as lines.
    if (i > 0 && text.length > 0) text += d.lineEnd.repeat(blankLines[i] ?? 0);
    // Lines as an editor counts them: in a file whose lines end with CRLF or LF, a lone CR (in a
    // quoted cell) is no line; in one whose lines end with CR alone, every CR is one.
    lines.push((text.match(d.lineEnd === '\r' ? /\r\n|\r|\n/g : /\r\n|\n/g) ?? []).length + 1);
    text += stringify([record], {
      delimiter: d.delimiter,
      record_delimiter: d.lineEnd,
      quoted: d.quoted,
      quoted_empty: d.quotedEmpty,
      // As spreadsheets do: a cell with a CR or LF is quoted whatever the line end (a bare CR
      // outside quotes is a line end to every reader).
      quote_record_delimiter: true,
      eof: i < records.length - 1 || d.eof,
    });
  });
  return { text, lines };
}

async function readAll(bytes: Buffer, forced: Encoding | undefined) {
  const reader = await readCsv({ bytes, name: 'property.csv' }, forced ? { encoding: forced } : {});
  const records = [];
  for await (const record of reader.records) records.push(record);
  return { header: reader.header, records };
}

// The reader turns every line end into \n, in cells too, and skips rows whose cells are all blank.
const asRead = (value: string) => value.replace(/\r\n?/g, '\n');
const isBlank = (row: string[]) => row.every((value) => value.trim() === '');

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) };

describe('readCsv reads back what csv-stringify writes', () => {
  it('every cell, every row, its line and the dialect, in any encoding', async () => {
    await fc.assert(
      fc.asyncProperty(
        dialect,
        fc
          .integer({ min: 2, max: 5 })
          .chain((width) =>
            fc.tuple(
              fc.constant(width),
              fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
            ),
          ),
        fc.array(fc.nat({ max: 2 }), { maxLength: 9 }),
        async (d, [width, generated], blankLines) => {
          const fix = d.encoding === 'windows-1252' ? to1252 : (s: string) => s;
          const header = Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
          const rows = generated.map((row) => row.map(fix));
          const { text, lines } = write([header, ...rows], d, blankLines);
          const { bytes, forced } = encode(text, d.encoding);

          const { header: read, records } = await readAll(bytes, forced);
          expect(read.fields).toEqual(header);
          expect(read.delimiter).toBe(d.delimiter);
          expect(read.line).toBe(1);
          const expected = rows
            .map((fields, i) => ({ fields: fields.map(asRead), line: lines[i + 1]! }))
            .filter((row) => !isBlank(row.fields))
            .map((row, i) => ({ row: i + 1, ...row }));
          expect(records).toEqual(expected);
        },
      ),
      RUNS,
    );
  });
});

describe('readCsv across the 64 KiB chunks it reads', () => {
  it('reads cells that straddle a chunk boundary (split characters, CRLF, quotes) exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        dialect,
        // A long first cell puts what follows at a chunk boundary: 64 KiB is 32 Ki UTF-16 units.
        fc.oneof(fc.integer({ min: 32_740, max: 32_780 }), fc.integer({ min: 65_500, max: 65_540 })),
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        async (d, padding, generated) => {
          const fix = d.encoding === 'windows-1252' ? to1252 : (s: string) => s;
          const header = ['Notes', 'Email', 'Phone'];
          const rows = [['x'.repeat(padding), 'a@example.org', '1'], ...generated.map((row) => row.map(fix))];
          const { text, lines } = write([header, ...rows], d);
          const { bytes, forced } = encode(text, d.encoding);
          const { records } = await readAll(bytes, forced);
          const expected = rows
            .map((fields, i) => ({ fields: fields.map(asRead), line: lines[i + 1]! }))
            .filter((row) => !isBlank(row.fields))
            .map((row, i) => ({ row: i + 1, ...row }));
          expect(records).toEqual(expected);
        },
      ),
      { numRuns: Math.ceil(RUNS.numRuns / 4) },
    );
  });
});

describe('column mapping of loosely spelled headers', () => {
  /** One way a spreadsheet might spell a column: its header, key or an alias, in any case, with spacing and punctuation. */
  const spelling = (spec: (typeof COLUMNS)[number]) =>
    fc
      .tuple(
        fc.constantFrom(spec.header, spec.key, ...spec.aliases),
        fc.array(
          fc.tuple(fc.boolean(), fc.constantFrom('', ' ', '_', '-', '.', '  ', '/', '#', '*', '(', ')'), fc.boolean()),
          {
            minLength: 40,
            maxLength: 40,
          },
        ),
      )
      .map(([name, decorations]) =>
        [...name]
          .map((ch, i) => {
            const [upper, between, accent] = decorations[i % decorations.length]!;
            const letter = upper ? ch.toUpperCase() : ch.toLowerCase();
            // A combining accent is dropped by the matching, as é in "Prénom" would be.
            return `${accent && /[a-z]/i.test(ch) ? `${letter}\u0301` : letter}${between}`;
          })
          .join(''),
      );

  it('maps each column to its field whatever the order and spelling, and reads its cells', async () => {
    await fc.assert(
      fc.asyncProperty(
        dialect,
        fc.shuffledSubarray([...COLUMNS], { minLength: 2, maxLength: 8 }).chain((specs) =>
          fc.tuple(
            fc.constant(specs.map((s) => s.key)),
            fc.tuple(...specs.map(spelling)),
            fc.array(fc.array(cell, { minLength: specs.length, maxLength: specs.length }), {
              minLength: 1,
              maxLength: 4,
            }),
          ),
        ),
        async (d, [keys, headers, generated]) => {
          const fix = d.encoding === 'windows-1252' ? to1252 : (s: string) => s;
          const rows = generated.map((row) => row.map(fix));
          const { text } = write([d.encoding === 'windows-1252' ? headers.map(header1252) : headers, ...rows], d);
          const { bytes, forced } = encode(text, d.encoding);

          const { header, records } = await readAll(bytes, forced);
          const mapping = mapColumns(header.fields, new Map());
          expect(mapping.fields).toEqual(keys);
          expect(mapping.unknown).toEqual([]);
          expect(mapping.conflicts).toEqual([]);
          const has = (key: FieldKey) => keys.includes(key);
          const linked = has('camsClientReferenceNumber') || has('caNumber');
          const required = ['firstName', 'lastName', 'email'] as const;
          expect(mapping.missing).toEqual(
            linked ? [] : required.filter((k) => !has(k)).map((k) => COLUMNS.find((c) => c.key === k)!.header),
          );
          expect(records.map((r) => r.fields)).toEqual(
            rows.map((row) => row.map(asRead)).filter((row) => !isBlank(row)),
          );
        },
      ),
      RUNS,
    );
  });
});
