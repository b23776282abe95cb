// A client's files (the Files tab): PDF and Word documents, uploaded and downloaded as streams.
// An upload is written to the database in chunks as it arrives (never whole in memory), its
// content checked by its bytes once stored, and only then made visible; anything refused or
// broken off is deleted. Uploads and downloads are recorded in the audit log (ids, type, size,
// digest: never the file's name, which may name the person).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { detectDocument, mayBeDocument, notADocumentMessage } from '../../contract/document-type.js';
import type { routes } from '../../contract/routes.js';
import { type ClientFile, MAX_FILE_BYTES } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { ProblemError, type StreamHandler } from '../context.js';
import { loadClient } from './client-store.js';
import { allRows, type Ctx, getRow, newId, notFound, nowIso, prep } from './common.js';

/** Bytes per stored chunk: large enough that a 10 MiB file is 40 rows, small enough to hold one. */
export const CHUNK_BYTES = 256 * 1024;
/** An upload still 'uploading' after this long was broken off by a server that stopped. */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

interface FileRow {
  id: string;
  client_id: string;
  name: string;
  kind: ClientFile['kind'];
  media_type: string;
  size: number;
  sha256: string;
  status: 'uploading' | 'ready';
  uploaded_by: string;
  uploaded_at: string;
}

const MIB = MAX_FILE_BYTES / 1024 / 1024;

function toApi(row: FileRow): ClientFile {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    kind: row.kind,
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
  };
}

export function listClientFiles(ctx: Ctx, clientId: string): { data: ClientFile[] } {
  const client = loadClient(ctx, clientId);
  const rows = allRows<FileRow>(
    prep(ctx.db, "SELECT * FROM client_files WHERE client_id = ? AND status = 'ready' ORDER BY id DESC"),
    client.id,
  );
  return { data: rows.map(toApi) };
}

function loadFile(ctx: Ctx, clientId: string, fileId: string): FileRow {
  const client = loadClient(ctx, clientId);
  const row = getRow<FileRow>(
    prep(ctx.db, "SELECT * FROM client_files WHERE id = ? AND client_id = ? AND status = 'ready'"),
    fileId,
    client.id,
  );
  if (!row) throw notFound(`client ${client.id} has no file ${fileId}`);
  return row;
}

export function getClientFile(ctx: Ctx, clientId: string, fileId: string): ClientFile {
  return toApi(loadFile(ctx, clientId, fileId));
}

function tooLarge(): ProblemError {
  return new ProblemError(
    413,
    'payload-too-large',
    'File too large',
    `the file is larger than ${MIB} MiB, the most the portal keeps`,
    { hint: `save it smaller (a PDF of ${MIB} MiB or less) and upload it again` },
  );
}

function notADocument(found: string): ProblemError {
  return new ProblemError(
    415,
    'unsupported-file-type',
    'Not a PDF or Word document',
    `the file ${notADocumentMessage(found)}`,
    {
      hint: 'save it as PDF or Word and upload that',
    },
  );
}

/** The stored bytes of a file, chunk by chunk, from `offset`. */
function storedBytes(ctx: Pick<Ctx, 'db'>, fileId: string, offset = 0): Readable {
  const chunk = prep(ctx.db, 'SELECT data FROM client_file_chunks WHERE file_id = ? AND seq = ?');
  let seq = Math.floor(offset / CHUNK_BYTES);
  let skip = offset % CHUNK_BYTES;
  return new Readable({
    read() {
      const row = getRow<{ data: Uint8Array }>(chunk, fileId, seq++);
      if (!row) {
        this.push(null);
        return;
      }
      const data = Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
      this.push(skip > 0 ? data.subarray(skip) : data);
      skip = 0;
    },
  });
}

/** `length` stored bytes at `offset`, read from the chunks that hold them. */
async function readStoredAt(ctx: Pick<Ctx, 'db'>, fileId: string, offset: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  for await (const piece of storedBytes(ctx, fileId, offset)) {
    const buffer = piece as Buffer;
    parts.push(buffer.subarray(0, length - got));
    got += Math.min(buffer.length, length - got);
    if (got >= length) break;
  }
  return Buffer.concat(parts);
}

/**
 * Uploads a file: the body is stored chunk by chunk as it arrives (each chunk one write of the
 * group commit), counted against the size limit and hashed on the way; then its content is
 * checked, and it becomes visible with its audit entry in one write. Whatever is refused or
 * broken off is deleted.
 */
export const uploadClientFile: StreamHandler<typeof routes.uploadClientFile> = async (ctx) => {
  const client = loadClient(ctx, ctx.input.params.id);
  if (ctx.contentLength !== undefined && ctx.contentLength > MAX_FILE_BYTES) throw tooLarge();
  if (!ctx.body) throw notADocument('empty');
  const fileId = newId(ctx, 'fl');
  const now = nowIso(ctx);
  await ctx.write(() => {
    // Uploads broken off by a server that stopped are gone for good: purge them as others begin.
    const stale = new Date(ctx.clock().getTime() - STALE_UPLOAD_MS).toISOString();
    prep(
      ctx.db,
      "DELETE FROM client_file_chunks WHERE file_id IN (SELECT id FROM client_files WHERE status = 'uploading' AND uploaded_at < ?)",
    ).run(stale);
    prep(ctx.db, "DELETE FROM client_files WHERE status = 'uploading' AND uploaded_at < ?").run(stale);
    prep(
      ctx.db,
      "INSERT INTO client_files (id, client_id, name, status, uploaded_by, uploaded_at) VALUES (?, ?, ?, 'uploading', ?, ?)",
    ).run(fileId, client.id, ctx.input.query.name, ctx.principal.staffId, now);
  });
  const discard = () =>
    ctx.write(() => {
      prep(ctx.db, 'DELETE FROM client_file_chunks WHERE file_id = ?').run(fileId);
      prep(ctx.db, 'DELETE FROM client_files WHERE id = ?').run(fileId);
    });

  try {
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const insertChunk = prep(ctx.db, 'INSERT INTO client_file_chunks (file_id, seq, data) VALUES (?, ?, ?)');
    const flush = async () => {
      if (pendingBytes === 0) return;
      const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      const at = seq++;
      await ctx.write(() => insertChunk.run(fileId, at, data));
    };
    // Not destroyed when refused half-way: the answer still has to go out on its connection.
    for await (const piece of ctx.body.iterator({ destroyOnReturn: false })) {
      const buffer = piece as Buffer;
      if (size === 0 && buffer.length >= 8 && !mayBeDocument(buffer))
        throw notADocument('neither a PDF nor a Word document');
      size += buffer.length;
      if (size > MAX_FILE_BYTES) throw tooLarge();
      hash.update(buffer);
      let rest = buffer;
      while (rest.length > 0) {
        const take = Math.min(rest.length, CHUNK_BYTES - pendingBytes);
        pending.push(rest.subarray(0, take));
        pendingBytes += take;
        rest = rest.subarray(take);
        if (pendingBytes === CHUNK_BYTES) await flush();
      }
    }
    await flush();
    if (size === 0) throw notADocument('empty');

    const detected = await detectDocument({
      open: () => storedBytes(ctx, fileId),
      readAt: (offset, length) => readStoredAt(ctx, fileId, offset, length),
    });
    if (detected.kind === null) throw notADocument(detected.found);
    const sha256 = hash.digest('hex');

    return {
      json: await ctx.write(() => {
        const existing = getRow<{ id: string }>(
          prep(ctx.db, "SELECT id FROM client_files WHERE client_id = ? AND sha256 = ? AND status = 'ready'"),
          client.id,
          sha256,
        );
        if (existing) {
          throw new ProblemError(
            409,
            'file-exists',
            'File already uploaded',
            `client ${client.id} already has this file (${existing.id}, the same content)`,
            { existingFileId: existing.id },
          );
        }
        prep(
          ctx.db,
          "UPDATE client_files SET status = 'ready', kind = ?, media_type = ?, size = ?, sha256 = ? WHERE id = ?",
        ).run(detected.kind, detected.mediaType, size, sha256, fileId);
        recordAudit(ctx, {
          action: 'client.file.upload',
          entityType: 'client',
          entityId: client.id,
          detail: { fileId, kind: detected.kind, size, sha256 },
        });
        return toApi(getRow<FileRow>(prep(ctx.db, 'SELECT * FROM client_files WHERE id = ?'), fileId)!);
      }),
    };
  } catch (error) {
    await discard();
    throw error;
  }
};

/** Serves a file's bytes, once its download is recorded in the audit log. */
export const downloadClientFile: StreamHandler<typeof routes.downloadClientFile> = async (ctx) => {
  const row = loadFile(ctx, ctx.input.params.id, ctx.input.params.fileId);
  await ctx.write(() =>
    recordAudit(ctx, {
      action: 'client.file.download',
      entityType: 'client',
      entityId: row.client_id,
      detail: { fileId: row.id, kind: row.kind, size: row.size },
    }),
  );
  return {
    file: {
      stream: storedBytes(ctx, row.id),
      headers: {
        'content-type': row.media_type,
        'content-length': String(row.size),
        'content-disposition': contentDisposition(row.name),
        'repr-digest': `sha-256=:${Buffer.from(row.sha256, 'hex').toString('base64')}:`,
        'cache-control': 'no-store',
      },
    },
  };
};

/** RFC 6266: an ASCII fallback name and the UTF-8 name (RFC 8187). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
