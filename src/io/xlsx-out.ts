// Writes records as an .xlsx workbook, streamed: the sheet's XML is deflated into the archive as
// rows arrive, so nothing is held but the row being written. Each column keeps its type: dates
// are date cells, yes/no booleans, the rest text (identifiers such as a CaMS number stay text, so
// no spreadsheet shows them in scientific notation). Text cells are neutralised as in every CSV.
// The parts are the few a workbook needs (ECMA-376); yazl writes the ZIP around them. (exceljs's
// writer goes through archiver 5, which prints a Node deprecation warning on every run.)
import { PassThrough } from 'node:stream';
import yazl from 'yazl';
import { neutraliseCell } from './csv-safe.js';
import type { OutStream } from './output.js';

export type XlsxKind = 'text' | 'date' | 'timestamp' | 'boolean';

export interface XlsxColumn<T> {
  header: string;
  kind: XlsxKind;
  value(item: T): string | boolean | null;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES = `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `${HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `${HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
// Styles: 0 plain, 1 bold (the header), 2 a date, 3 a date and time.
const STYLES = `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

function workbookXml(sheetName: string): string {
  return `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

/**
 * Text as XML character data. Characters XML 1.0 cannot hold (control characters other than
 * tab and line ends) are written as OOXML's _xHHHH_ escapes, and a literal _xHHHH_ is escaped so.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

/** "A", "B", … "AA": the column letters of a 0-based index. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A time as a serial day number of the 1900 date system. */
function serial(time: number): number {
  return (time - EXCEL_EPOCH) / 86_400_000;
}

function textCell(ref: string, text: string, style = 0): string {
  const s = style ? ` s="${style}"` : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

function cellXml(ref: string, kind: XlsxKind, value: string | boolean | null): string {
  if (value === null || value === '') return '';
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  if (kind === 'date' || kind === 'timestamp') {
    const time = Date.parse(kind === 'date' ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(time)) return `<c r="${ref}" s="${kind === 'date' ? 2 : 3}"><v>${serial(time)}</v></c>`;
  }
  return textCell(ref, neutraliseCell(value));
}

/** Writes the sheet to `out` as the items arrive; returns how many were written. */
export async function writeXlsx<T>(
  out: OutStream,
  sheetName: string,
  columns: readonly XlsxColumn<T>[],
  items: Iterable<T> | AsyncIterable<T>,
): Promise<number> {
  const zip = new yazl.ZipFile();
  const sheet = new PassThrough();
  const parts: [string, string][] = [
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', ROOT_RELS],
    ['xl/workbook.xml', workbookXml(sheetName)],
    ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS],
    ['xl/styles.xml', STYLES],
  ];
  for (const [name, xml] of parts) zip.addBuffer(Buffer.from(xml), name);
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml');
  zip.end();
  const written = new Promise<void>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => out.write(chunk as unknown as string));
    zip.outputStream.on('end', resolve);
    zip.outputStream.on('error', reject);
  });
  // Waits for the deflater to take the chunk in, so that a big export never piles up in memory.
  const put = async (xml: string) => {
    if (!sheet.write(xml)) await new Promise((resolve) => sheet.once('drain', resolve));
  };
  const widths = columns.map((c) => Math.max(12, Math.min(40, c.header.length + 2)));
  await put(
    `${HEAD}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols><sheetData>`,
  );
  await put(`<row r="1">${columns.map((c, i) => textCell(`${columnName(i)}1`, c.header, 1)).join('')}</row>`);
  let count = 0;
  for await (const item of items) {
    const r = count + 2;
    await put(
      `<row r="${r}">${columns.map((c, i) => cellXml(`${columnName(i)}${r}`, c.kind, c.value(item))).join('')}</row>`,
    );
    count++;
  }
  sheet.end('</sheetData></worksheet>');
  await written;
  return count;
}
