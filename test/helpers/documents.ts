// Small documents of each kind the Files tab takes or refuses, built byte by byte: a PDF, a Word
// .docx (a ZIP with Word's content types), a Word 97-2003 .doc (an OLE compound file with a
// WordDocument stream), an Excel-like compound file, and a PNG.
import { crc32 } from 'node:zlib';

/** A PDF of at least `size` bytes (padded with comment lines), different for each `label`. */
export function pdf(label = 'a', size = 0): Buffer {
  const head = `%PDF-1.4\n%${label}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n`;
  const tail = 'trailer\n<< /Root 1 0 R >>\n%%EOF\n';
  const padding = Math.max(0, size - head.length - tail.length);
  const line = '% padding padding padding padding padding padding padding padding padding\n';
  return Buffer.concat([
    Buffer.from(head),
    Buffer.from(line.repeat(Math.ceil(padding / line.length))),
    Buffer.from(tail),
  ]);
}

/** A ZIP of stored (uncompressed) entries. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    locals.push(local, fileName, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A Word .docx holding `text`. */
export function docx(text = 'Resume'): Buffer {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  });
}

/** An OLE compound file (version 3, 512-byte sectors) whose directory holds these streams. */
function compoundFile(streams: string[]): Buffer {
  const file = Buffer.alloc(512 * 3);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c); // one FAT sector: sector 1
  file.writeUInt32LE(0, 0x30); // the directory starts at sector 0
  file.writeUInt32LE(0x1000, 0x38);
  file.writeUInt32LE(0xfffffffe, 0x3c);
  file.writeUInt32LE(0xfffffffe, 0x44);
  file.writeUInt32LE(1, 0x4c);
  for (let i = 1; i < 109; i++) file.writeUInt32LE(0xffffffff, 0x4c + i * 4);
  const entry = (index: number, name: string, type: number) => {
    const at = 512 + index * 128;
    const bytes = Buffer.from(name, 'utf16le');
    bytes.copy(file, at);
    file.writeUInt16LE(bytes.length + 2, at + 0x40);
    file.writeUInt8(type, at + 0x42);
  };
  entry(0, 'Root Entry', 5);
  for (const [i, name] of streams.entries()) entry(i + 1, name, 2);
  const fat = 512 * 2;
  file.writeUInt32LE(0xfffffffe, fat); // sector 0: the directory, one sector
  file.writeUInt32LE(0xfffffffd, fat + 4); // sector 1: the FAT itself
  for (let i = 2; i < 128; i++) file.writeUInt32LE(0xffffffff, fat + i * 4);
  return file;
}

/** A Word 97-2003 .doc (as far as its container goes). */
export function doc(): Buffer {
  return compoundFile(['1Table', 'WordDocument']);
}

/** An Excel 97-2003 workbook's container: an Office file, but not a Word document. */
export function xls(): Buffer {
  return compoundFile(['Workbook']);
}

/** A PNG image's first bytes. */
export function png(): Buffer {
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
  ]);
}
