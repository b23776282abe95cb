// Files on this machine that are about to be uploaded: what they are (by content, as the portal
// checks them), their size and their SHA-256, each read as a stream.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { detectDocument, notADocumentMessage } from '../contract/document-type.js';
import { type FileKind, MAX_FILE_BYTES } from '../contract/schemas.js';

export type LocalFile =
  | { path: string; ok: true; size: number; kind: FileKind }
  | { path: string; ok: false; size: number; reason: string };

const MIB = MAX_FILE_BYTES / 1024 / 1024;

/** Checks one file as the portal will: a PDF or Word document of 10 MiB at most. */
export async function checkLocalFile(path: string): Promise<LocalFile> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { path, ok: false, size: 0, reason: 'is not a file' };
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { path, ok: false, size: 0, reason: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})` };
  }
  if (size === 0) return { path, ok: false, size, reason: 'is empty' };
  if (size > MAX_FILE_BYTES)
    return { path, ok: false, size, reason: `is larger than ${MIB} MiB, the most the portal keeps` };
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return { path, ok: false, size, reason: 'cannot be read' };
  try {
    const detected = await detectDocument({
      open: () => createReadStream(path),
      readAt: async (offset, length) => {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      },
    });
    return detected.kind === null
      ? { path, ok: false, size, reason: notADocumentMessage(detected.found) }
      : { path, ok: true, size, kind: detected.kind };
  } finally {
    await handle.close();
  }
}

/** The SHA-256 of a file's content, hex, read as a stream. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
