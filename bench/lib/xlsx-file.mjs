// A client workbook for the import benchmark, laid out as Excel and LibreOffice write one: every
// text in the shared-strings table (the part a reader must hold), the sheet before it in the
// archive, dates as date cells. Written with yazl, streamed to disk.
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import yazl from 'yazl';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes `count` rows (the bench CSV's columns) to `file`; resolves when it is on disk. */
export async function writeClientWorkbook(file, count, tag) {
  const zip = new yazl.ZipFile();
  const done = new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject);
  });
  const parts = {
    '[Content_Types].xml': `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    '_rels/.rels': `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr date1904="false"/><sheets><sheet name="Clients" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/styles.xml': `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  };
  for (const [name, xml] of Object.entries(parts)) zip.addBuffer(Buffer.from(xml), name);

  const strings = new Map();
  const index = (text) => {
    let i = strings.get(text);
    if (i === undefined) {
      i = strings.size;
      strings.set(text, i);
    }
    return i;
  };
  const sheet = new PassThrough();
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml');
  const write = (xml) => (sheet.write(xml) ? undefined : new Promise((resolve) => sheet.once('drain', resolve)));
  const cols = 'ABCDEFGH';
  const text = (col, r, value) => `<c r="${cols[col]}${r}" t="s"><v>${index(value)}</v></c>`;
  await write(`${HEAD}<worksheet xmlns="${MAIN}"><sheetData>`);
  const header = [
    'First Name',
    'Last Name',
    'Email',
    'Phone',
    'Date of Birth',
    'Target Occupations',
    'Referral Source',
    'Reasons for Referral',
  ];
  await write(`<row r="1">${header.map((h, i) => text(i, 1, h)).join('')}</row>`);
  for (let i = 1; i <= count; i++) {
    const r = i + 1;
    // 1990-01-01 is day 32874 of the 1900 date system.
    const born = 32874 + (i % 28);
    await write(
      `<row r="${r}">${text(0, r, `Person${String(i).padStart(7, '0')}`)}${text(1, r, 'Bench')}${text(2, r, `${tag}.${i}@example.org`)}${text(3, r, `416-555-${String(1000 + (i % 9000))}`)}<c r="E${r}" s="1"><v>${born}</v></c>${text(5, r, 'Warehouse associate|Forklift operator')}${text(6, r, 'Benchmark')}${text(7, r, `Load test, row ${i}`)}</row>`,
    );
  }
  sheet.end('</sheetData></worksheet>');
  const shared = [...strings.keys()].map((s) => `<si><t>${escapeXml(s)}</t></si>`).join('');
  zip.addBuffer(
    Buffer.from(`${HEAD}<sst xmlns="${MAIN}" count="${strings.size}" uniqueCount="${strings.size}">${shared}</sst>`),
    'xl/sharedStrings.xml',
  );
  zip.end();
  await done;
}
