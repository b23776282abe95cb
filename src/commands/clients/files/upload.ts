// `portalctl clients files upload`: PDF and Word documents onto a client's Files tab. Every file
// is checked first (by content, as the portal checks it); a file whose content the client
// already has is skipped, so a run that stopped part-way is resumed by running it again.
import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import * as z from 'zod';
import { arg, defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag } from '../../../command/shared-options.js';
import { ACCEPTED_DOCUMENTS, MAX_FILE_BYTES } from '../../../contract/schemas.js';
import { CliError, usageError } from '../../../errors.js';
import type { LocalFile } from '../../../io/local-files.js';
import { resolveClient } from '../../../io/resolve.js';
import { clientName } from '../../../io/views/client.js';
import { formatBytes, type UploadResult, uploadResultView } from '../../../io/views/file.js';
import { visible } from '../../../io/visible.js';

const options = {
  client: arg('<client>', 'client id (cl_…) or email address', z.string().trim().min(1)),
  files: arg(
    '<files...>',
    `the files to upload: ${ACCEPTED_DOCUMENTS}, ${MAX_FILE_BYTES / 1024 / 1024} MiB at most each`,
    z.array(z.string().min(1)).min(1),
  ),
  skipInvalid: flag(
    '--skip-invalid',
    'upload the files that are documents the portal takes and list the others (exit 8), instead of sending nothing',
    z.boolean().default(false),
  ),
  ...dryRunFlag('check the files and show which would be uploaded and which the client already has; send nothing'),
};
type UploadOptions = OptionsOf<typeof options>;

/** Refusals that concern one file: the others are still sent. Anything else stops the run. */
const FILE_REFUSALS = new Set(['unsupported-file-type', 'payload-too-large', 'validation']);

export default defineCommand({
  path: ['clients', 'files', 'upload'],
  summary: "Upload PDF and Word documents to a client's files",
  description: `Upload documents (resumes, receipts, pay stubs) to a client's Files tab. The portal takes ${ACCEPTED_DOCUMENTS} documents of ${MAX_FILE_BYTES / 1024 / 1024} MiB at most, checked by their content, not their name: every file is checked before anything is sent, and nothing is sent while one is not such a document (--skip-invalid sends the others). A file whose content the client already has (same SHA-256) is skipped, so running the same command again after an interruption uploads only what is missing. Progress goes to stderr; the result of each file to stdout (exit 8 when some were not uploaded).`,
  options,
  examples: [
    'portalctl clients files upload ada@example.org resume.pdf cover-letter.docx',
    'portalctl clients files upload cl_01jq3v4w5x6y7z scans/*.pdf --skip-invalid',
    'portalctl clients files upload ada@example.org ~/Documents/ada/* --dry-run --json',
  ],
  run: runUpload,
});

async function runUpload(options: UploadOptions, deps: Deps): Promise<void> {
  deps.out.check(uploadResultView);
  // Loaded here: the content check's library is needed by this command alone.
  const { checkLocalFile, sha256OfFile } = await import('../../../io/local-files.js');
  const checked: LocalFile[] = [];
  for (const path of options.files) checked.push(await checkLocalFile(path));
  const invalid = checked.filter((file) => !file.ok);
  if (invalid.length > 0 && !options.skipInvalid) {
    throw usageError(
      `${invalid.length === 1 ? 'a file is' : `${invalid.length} files are`} not ${ACCEPTED_DOCUMENTS} documents the portal takes; nothing was uploaded:\n${invalid
        .map((file) => `  ${file.path} ${file.reason}`)
        .join('\n')}`,
      '--skip-invalid uploads the others and lists these',
    );
  }

  const client = await resolveClient(deps, options.client);
  const api = await deps.api();
  const { data: existing } = await api.call('listClientFiles', { params: { id: client.id } });
  const held = new Map(existing.map((file) => [file.sha256, file.id]));

  const results: UploadResult[] = checked
    .filter((file) => !file.ok)
    .map((file) => ({
      path: file.path,
      result: 'refused',
      fileId: null,
      size: file.size,
      sha256: null,
      reason: file.reason,
    }));
  const toSend: { path: string; size: number; sha256: string }[] = [];
  for (const file of checked) {
    if (!file.ok) continue;
    const sha256 = await sha256OfFile(file.path);
    const already = held.get(sha256);
    if (already) {
      results.push({
        path: file.path,
        result: 'already-uploaded',
        fileId: already,
        size: file.size,
        sha256,
        reason: null,
      });
    } else {
      // The same content named twice on the command line is sent once.
      held.set(sha256, '');
      toSend.push({ path: file.path, size: file.size, sha256 });
    }
  }
  const name = `${clientName(client)} (${client.id})`;
  if (options.dryRun) {
    for (const file of toSend) {
      results.push({
        path: file.path,
        result: 'would-upload',
        fileId: null,
        size: file.size,
        sha256: file.sha256,
        reason: null,
      });
    }
    deps.out.info(`Would upload ${toSend.length} of ${checked.length} files to ${name}; nothing was sent.`);
    await deps.out.list(uploadResultView, results);
    return;
  }

  const total = toSend.reduce((sum, file) => sum + file.size, 0);
  const progress = uploadProgress(deps, toSend.length, total);
  let stopped: CliError | undefined;
  for (const [index, file] of toSend.entries()) {
    progress.start(index, file.path, file.size);
    try {
      const counted = new PassThrough();
      counted.on('data', (chunk: Buffer) => progress.sent(chunk.length));
      const uploaded = await api.upload(
        'uploadClientFile',
        { params: { id: client.id }, query: { name: baseName(file.path) } },
        { stream: createReadStream(file.path).pipe(counted), length: file.size },
      );
      progress.done(`${file.path} uploaded (${formatBytes(file.size)})`);
      results.push({
        path: file.path,
        result: 'uploaded',
        fileId: uploaded.id,
        size: file.size,
        sha256: file.sha256,
        reason: null,
      });
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      if (error.code === 'file-exists') {
        // Sent by an earlier run whose answer was lost, or by someone else meanwhile.
        progress.done(`${file.path} was already uploaded`);
        const fileId = error.problem?.existingFileId ?? null;
        results.push({
          path: file.path,
          result: 'already-uploaded',
          fileId,
          size: file.size,
          sha256: file.sha256,
          reason: null,
        });
        continue;
      }
      progress.failed(`${file.path}: ${error.message}`);
      results.push({
        path: file.path,
        result: 'failed',
        fileId: null,
        size: file.size,
        sha256: file.sha256,
        reason: error.message,
      });
      if (!FILE_REFUSALS.has(error.code ?? '')) {
        stopped = error;
        break;
      }
    }
  }
  progress.stop();
  await deps.out.list(uploadResultView, results);
  if (stopped) {
    throw new CliError(stopped.kind, stopped.message, {
      hint: 'run the same command again: the files already uploaded are skipped',
      ...(stopped.problem ? { problem: stopped.problem } : {}),
    });
  }
  const notUploaded = results.filter((r) => r.result === 'refused' || r.result === 'failed').length;
  const uploaded = results.filter((r) => r.result === 'uploaded').length;
  const skipped = results.filter((r) => r.result === 'already-uploaded').length;
  if (notUploaded > 0) {
    throw new CliError(
      'partial',
      `${notUploaded} of ${checked.length} files were not uploaded to ${name} (see REASON)`,
      {
        hint: `fix or convert them to ${ACCEPTED_DOCUMENTS}, then run the same command again: the ${uploaded + skipped} already there are skipped`,
      },
    );
  }
  deps.out.success(
    `${uploaded} file${uploaded === 1 ? '' : 's'} uploaded to ${name}${skipped ? `, ${skipped} already there` : ''}`,
  );
}

/** The name the portal keeps: the file's own name, without its directories. */
function baseName(path: string): string {
  return path.split(/[/\\]/).filter(Boolean).at(-1) ?? path;
}

/**
 * Progress on stderr: on a terminal, one line redrawn as the bytes go (file n of m, percent of
 * all bytes); otherwise a line as each file starts and ends.
 */
function uploadProgress(deps: Deps, files: number, totalBytes: number) {
  const tty = deps.stderr.isTTY === true;
  let sentBytes = 0;
  let label = '';
  let lastDrawn = -1;
  const draw = () => {
    const percent = totalBytes > 0 ? Math.floor((sentBytes * 100) / totalBytes) : 100;
    if (percent === lastDrawn) return;
    lastDrawn = percent;
    deps.stderr.write(`\r\x1b[2K${label} ${percent}% of ${formatBytes(totalBytes)}`);
  };
  const clear = () => {
    if (tty) deps.stderr.write('\r\x1b[2K');
  };
  return {
    start(index: number, path: string, size: number) {
      label = `Uploading ${index + 1} of ${files}: ${visible(path)}`;
      if (tty) {
        lastDrawn = -1;
        draw();
      } else deps.out.info(`${label} (${formatBytes(size)})`);
    },
    sent(bytes: number) {
      sentBytes += bytes;
      if (tty) draw();
    },
    done(message: string) {
      clear();
      deps.out.success(message);
    },
    failed(message: string) {
      clear();
      deps.out.warn(message);
    },
    stop() {
      clear();
    },
  };
}
