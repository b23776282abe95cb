// `portalctl clients files download`: one of a client's files, streamed to disk (or stdout). The
// file is written beside its destination and renamed into place once its size and SHA-256 are
// checked: nothing half-written is ever left under the name asked for.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod';
import { arg, defineCommand, flag } from '../../../command/define.js';
import { CliError, usageError } from '../../../errors.js';
import { resolveClient } from '../../../io/resolve.js';
import { formatBytes } from '../../../io/views/file.js';

/** Downloads hold personal data: readable by their owner only, like the import's reports. */
const FILE_MODE = 0o600;

export default defineCommand({
  path: ['clients', 'files', 'download'],
  summary: "Download one of a client's files",
  description:
    "Download one of a client's files (see clients files list for the ids). It is saved under its own name in the current directory, or where -o says (a directory keeps the name; - writes to standard output), readable by you only; an existing file is not replaced without --force. Its size and SHA-256 are checked against the portal's before it is put in place. The download is recorded in the portal's audit log.",
  options: {
    client: arg('<client>', 'client id (cl_…) or email address', z.string().trim().min(1)),
    fileId: arg('<file-id>', 'the file id (fl_…)', z.string().trim().min(1)),
    out: flag(
      '-o, --out <path>',
      "where to save it: a file, a directory, or - for standard output (default: the file's name here)",
      z.string().min(1).optional(),
    ),
    force: flag('--force', 'replace a file that is already there', z.boolean().default(false)),
  },
  refine(options, ctx) {
    if (options.out === '-' && options.force)
      ctx.addIssue({ code: 'custom', path: ['force'], message: 'has no use with -o -' });
  },
  examples: [
    'portalctl clients files download ada@example.org fl_01jq3v4w5x6y7z',
    'portalctl clients files download cl_01jq3v4w5x6y7z fl_01jq3v4w5x6y7z -o ~/Downloads/',
    'portalctl clients files download ada@example.org fl_01jq3v4w5x6y7z -o - > resume.pdf',
  ],
  async run(options, deps) {
    if (options.out === '-' && (deps.flags.json || deps.flags.output !== undefined)) {
      throw usageError(
        '-o - writes the file to standard output: it cannot also take --json or --output',
        'leave out --json, or save to a file with -o PATH',
      );
    }
    const client = await resolveClient(deps, options.client);
    const api = await deps.api();
    const file = await api.call('getClientFile', { params: { id: client.id, fileId: options.fileId } });
    const target = options.out === '-' ? null : await destination(options.out, file.name, options.force);
    const { headers, body } = await api.download('downloadClientFile', { params: { id: client.id, fileId: file.id } });
    const expected = String(headers['repr-digest'] ?? '');

    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256');
    let size = 0;
    const check = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const verify = () => {
      const digest = hash.digest();
      const wanted = `sha-256=:${digest.toString('base64')}:`;
      if (size !== file.size || digest.toString('hex') !== file.sha256 || (expected && expected !== wanted)) {
        throw new CliError(
          'server',
          `the download of ${file.id} was not complete or not intact (${size} of ${file.size} bytes)`,
          {
            hint: 'run the same command again',
          },
        );
      }
    };

    if (target === null) {
      await pipeline(body, check, deps.stdout as NodeJS.WritableStream, { end: false });
      verify();
      return;
    }
    const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.part`);
    try {
      await pipeline(body, check, createWriteStream(partial, { flags: 'wx', mode: FILE_MODE }));
      verify();
      // link() fails if the name was taken meanwhile; without --force nothing is replaced.
      if (options.force) {
        const { rename } = await import('node:fs/promises');
        await rename(partial, target);
      } else {
        await link(partial, target).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') throw exists(target);
          throw error;
        });
      }
    } finally {
      await rm(partial, { force: true });
    }
    deps.out.success(`Saved ${file.name} (${formatBytes(file.size)}) to ${target}`);
    // The path for a script; with --json, the file's record and where it was saved.
    if (deps.out.format === 'json') deps.out.value({ ...file, savedTo: target });
    else deps.out.line(target);
  },
});

function exists(target: string): CliError {
  return usageError(`${target} already exists; nothing was replaced`, 'pass --force to replace it, or -o another path');
}

/** Where the file goes: -o as a file, or a directory (existing, or written with a trailing /) holding its name. */
async function destination(out: string | undefined, name: string, force: boolean): Promise<string> {
  // The portal's name is one path segment (it refuses others); made safe all the same.
  const safeName = name.replace(/[/\\\u0000-\u001f\u007f]/g, '_').replace(/^\.+$/, '_');
  let target = out ?? safeName;
  const isDirectory =
    out !== undefined && (/[/\\]$/.test(out) || (await stat(out).catch(() => undefined))?.isDirectory());
  if (isDirectory) target = path.join(out, safeName);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !force) throw exists(target);
  if (existing?.isDirectory()) throw usageError(`${target} is a directory`, 'pass -o with a file name');
  const parent = await stat(path.dirname(path.resolve(target))).catch(() => undefined);
  if (!parent?.isDirectory())
    throw usageError(`-o: the directory of ${target} does not exist`, 'create it first, or pass another path');
  return target;
}
