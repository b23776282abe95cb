// What a client's file is, by its bytes (never its name): the portal and portalctl take PDF and
// Word documents only. `file-type` reads the magic bytes (and, for .docx, the ZIP's content
// types); a Word 97-2003 file is an OLE compound file, which file-type names only "cfb", so its
// directory is read for the WordDocument stream that every .doc has (an .xls or .msg has none).
import { Readable } from 'node:stream';
import { fileTypeFromStream } from 'file-type';
import { ACCEPTED_DOCUMENTS, FILE_MEDIA_TYPES, type FileKind } from './schemas.js';

export interface DocumentSource {
  /** The bytes from the start (read as far as detection needs). */
  open(): Readable;
  /** `length` bytes at `offset` (fewer at the end). */
  readAt(offset: number, length: number): Promise<Buffer>;
}

export type Detected = { kind: FileKind; mediaType: string } | { kind: null; found: string };

const CFB_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');

/** The first bytes of every kind the portal takes: anything else can be refused at once. */
export function mayBeDocument(head: Buffer): boolean {
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return true;
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return true;
  return head.length >= 8 && head.subarray(0, 8).equals(CFB_MAGIC);
}

/**
 * Whether an OLE compound file holds a WordDocument stream: its name is looked for in the first
 * sector of the directory, where Word writes it (the root entry and its first streams).
 */
async function isWordCompoundFile(source: DocumentSource): Promise<boolean> {
  const header = await source.readAt(0, 512);
  if (header.length < 512 || !header.subarray(0, 8).equals(CFB_MAGIC)) return false;
  const shift = header.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return false;
  const sectorSize = 1 << shift;
  const first = header.readUInt32LE(0x30);
  if (first >= 0xfffffffa) return false;
  const directory = await source.readAt((first + 1) * sectorSize, sectorSize);
  for (let entry = 0; entry + 128 <= directory.length; entry += 128) {
    const nameBytes = directory.readUInt16LE(entry + 0x40);
    if (
      nameBytes === WORD_STREAM.length + 2 &&
      directory.subarray(entry, entry + WORD_STREAM.length).equals(WORD_STREAM)
    )
      return true;
  }
  return false;
}

/** The kind of document, or what was found instead ("a PNG image", "an Excel or other Office file"). */
export async function detectDocument(source: DocumentSource): Promise<Detected> {
  const stream = source.open();
  let found: Awaited<ReturnType<typeof fileTypeFromStream>>;
  try {
    found = await fileTypeFromStream(Readable.toWeb(stream) as ReadableStream<Uint8Array>);
  } finally {
    stream.destroy();
  }
  if (found?.ext === 'pdf' || found?.ext === 'docx') return { kind: found.ext, mediaType: FILE_MEDIA_TYPES[found.ext] };
  if (found?.ext === 'cfb') {
    if (await isWordCompoundFile(source)) return { kind: 'doc', mediaType: FILE_MEDIA_TYPES.doc };
    return { kind: null, found: 'an Office file that is not a Word document' };
  }
  return {
    kind: null,
    found: found ? `a ${found.ext.toUpperCase()} file (${found.mime})` : 'neither a PDF nor a Word document',
  };
}

/** The refusal of a file that is not a document the portal takes. */
export function notADocumentMessage(found: string): string {
  return `is ${found}; the portal takes ${ACCEPTED_DOCUMENTS} documents only`;
}
