// How a client's file shows (clients files list|upload|download).
import type { ClientFile } from '../../contract/schemas.js';
import { defineView } from '../view.js';

const KIND_NAMES: Record<ClientFile['kind'], string> = { pdf: 'PDF', docx: 'Word', doc: 'Word 97-2003' };

/** "820 B", "14.2 KiB", "3.1 MiB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const fileView = defineView<ClientFile>({
  name: 'file',
  id: (f) => f.id,
  columns: [
    { key: 'id', header: 'ID', value: (f) => f.id, color: (t, _f, k) => k.cyan(t) },
    { key: 'name', header: 'NAME', value: (f) => f.name, wrap: true },
    { key: 'kind', header: 'TYPE', value: (f) => KIND_NAMES[f.kind] ?? f.kind },
    { key: 'mediaType', header: 'MEDIA TYPE', value: (f) => f.mediaType },
    { key: 'size', header: 'SIZE', value: (f) => formatBytes(f.size) },
    { key: 'uploadedAt', header: 'UPLOADED', value: (f) => f.uploadedAt, time: true },
    { key: 'uploadedBy', header: 'BY', value: (f) => f.uploadedBy, ref: 'staff' },
    { key: 'sha256', header: 'SHA-256', value: (f) => f.sha256 },
    { key: 'clientId', header: 'CLIENT', value: (f) => f.clientId },
  ],
  defaults: ['id', 'name', 'kind', 'size', 'uploadedAt', 'uploadedBy'],
});

/** One file of an upload: sent, found already there, or not sent (and why). */
export interface UploadResult {
  path: string;
  result: 'uploaded' | 'would-upload' | 'already-uploaded' | 'refused' | 'failed';
  fileId: string | null;
  size: number;
  sha256: string | null;
  reason: string | null;
}

export const uploadResultView = defineView<UploadResult>({
  name: 'upload result',
  id: (r) => r.fileId ?? r.path,
  columns: [
    { key: 'path', header: 'FILE', value: (r) => r.path },
    {
      key: 'result',
      header: 'RESULT',
      value: (r) => r.result,
      color: (t, r, k) =>
        r.result === 'uploaded' || r.result === 'would-upload'
          ? k.green(t)
          : r.result === 'already-uploaded'
            ? k.gray(t)
            : k.red(t),
    },
    { key: 'fileId', header: 'FILE ID', value: (r) => r.fileId },
    { key: 'size', header: 'SIZE', value: (r) => formatBytes(r.size) },
    { key: 'sha256', header: 'SHA-256', value: (r) => r.sha256 },
    { key: 'reason', header: 'REASON', value: (r) => r.reason, wrap: true },
  ],
  defaults: ['path', 'result', 'fileId', 'size', 'reason'],
});
