// clients files list|upload|download, in-process against a portal in the same process.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/contract/schemas.js';
import { docx, pdf, png } from '../helpers/documents.js';
import { ADMIN } from '../helpers/tokens.js';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();

function folder(files: Record<string, Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'portalctl-files-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

async function listed(client: string): Promise<{ id: string; name: string; sha256: string }[]> {
  const r = await portal().run(['clients', 'files', 'list', client, '--json']);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

async function audit(client: string): Promise<{ action: string; detail: Record<string, unknown> }[]> {
  const answer = await fetch(`${portal().url}/v1/audit?entityId=${client}&action=client.file.`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  return ((await answer.json()) as { data: { action: string; detail: Record<string, unknown> }[] }).data;
}

describe('clients files upload', () => {
  it('uploads documents with progress, and a second run skips what is there by content', async () => {
    const dir = folder({ 'resume.pdf': pdf('ada-resume', 300_000), 'cover letter.docx': docx('Dear employer') });
    const files = [path.join(dir, 'resume.pdf'), path.join(dir, 'cover letter.docx')];
    const first = await portal().run(['clients', 'files', 'upload', 'cl_000002', ...files, '--json']);
    expect(first.exitCode).toBe(0);
    const results = JSON.parse(first.stdout);
    expect(results.map((r: { result: string }) => r.result)).toEqual(['uploaded', 'uploaded']);
    expect(first.stderr).toContain(`Uploading 1 of 2: ${files[0]}`);
    expect(first.stderr).toContain('✓ 2 files uploaded to');

    const held = await listed('cl_000002');
    expect(held.map((f) => f.name).sort()).toEqual(['cover letter.docx', 'resume.pdf']);
    expect(held.map((f) => f.id).sort()).toEqual(results.map((r: { fileId: string }) => r.fileId).sort());

    // Interrupted or not, the same command again (with one more file) sends only the new one.
    writeFileSync(path.join(dir, 'paystub.pdf'), pdf('ada-paystub'));
    const again = await portal().run([
      'clients',
      'files',
      'upload',
      'cl_000002',
      ...files,
      path.join(dir, 'paystub.pdf'),
      '--json',
    ]);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout).map((r: { result: string }) => r.result)).toEqual([
      'already-uploaded',
      'already-uploaded',
      'uploaded',
    ]);
    expect(again.stderr).toContain('1 file uploaded to');
    expect(again.stderr).toContain('2 already there');
    expect(await listed('cl_000002')).toHaveLength(3);
    expect((await audit('cl_000002')).filter((e) => e.action === 'client.file.upload')).toHaveLength(3);
  });

  it('sends nothing while a file is not a PDF or Word document, naming each and why', async () => {
    const dir = folder({ 'resume.pdf': pdf('b'), 'photo.pdf': png(), 'notes.docx': Buffer.from('just text') });
    const r = await portal().run([
      'clients',
      'files',
      'upload',
      'cl_000003',
      path.join(dir, 'resume.pdf'),
      path.join(dir, 'photo.pdf'),
      path.join(dir, 'notes.docx'),
      path.join(dir, 'missing.pdf'),
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      '3 files are not PDF or Word (.docx, .doc) documents the portal takes; nothing was uploaded',
    );
    expect(r.stderr).toContain(
      `${path.join(dir, 'photo.pdf')} is neither a PDF nor a Word document; the portal takes PDF or Word (.docx, .doc) documents only`,
    );
    expect(r.stderr).toContain(`${path.join(dir, 'missing.pdf')} does not exist`);
    expect(r.stderr).toContain('hint: --skip-invalid uploads the others');
    expect(await listed('cl_000003')).toEqual([]);
  });

  it('refuses a file over the size limit before sending it', async () => {
    const dir = folder({ 'scan.pdf': pdf('huge', MAX_FILE_BYTES + 1) });
    const r = await portal().run(['clients', 'files', 'upload', 'cl_000003', path.join(dir, 'scan.pdf')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('scan.pdf is larger than 10 MiB, the most the portal keeps');
    expect(await listed('cl_000003')).toEqual([]);
  });

  it('--skip-invalid uploads the documents and lists the others, exit 8', async () => {
    const dir = folder({ 'resume.pdf': pdf('c'), 'photo.pdf': png() });
    const r = await portal().run([
      'clients',
      'files',
      'upload',
      'cl_000005',
      path.join(dir, 'resume.pdf'),
      path.join(dir, 'photo.pdf'),
      '--skip-invalid',
      '--json',
    ]);
    expect(r.exitCode).toBe(8);
    const results = JSON.parse(r.stdout);
    expect(results.map((x: { path: string; result: string }) => [path.basename(x.path), x.result])).toEqual([
      ['photo.pdf', 'refused'],
      ['resume.pdf', 'uploaded'],
    ]);
    expect(r.stderr).toContain('1 of 2 files were not uploaded');
    expect((await listed('cl_000005')).map((f) => f.name)).toEqual(['resume.pdf']);
  });

  it('--dry-run checks and compares, and sends nothing', async () => {
    const dir = folder({ 'resume.pdf': pdf('d') });
    const r = await portal().run([
      'clients',
      'files',
      'upload',
      'cl_000006',
      path.join(dir, 'resume.pdf'),
      '--dry-run',
      '--json',
    ]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ result: 'would-upload', fileId: null });
    expect(await listed('cl_000006')).toEqual([]);
  });
});

describe('clients files download', () => {
  it('saves the file under its name, readable by its owner only, and records the download', async () => {
    const content = pdf('download-me', 400_000);
    const dir = folder({ 'Résumé.pdf': content });
    const up = await portal().run(['clients', 'files', 'upload', 'cl_000007', path.join(dir, 'Résumé.pdf'), '--json']);
    const { fileId } = JSON.parse(up.stdout)[0];
    const into = folder();

    const r = await portal().run(['clients', 'files', 'download', 'cl_000007', fileId, '-o', `${into}/`]);
    expect(r.exitCode).toBe(0);
    const saved = path.join(into, 'Résumé.pdf');
    expect(r.stdout).toBe(`${saved}\n`);
    expect(readFileSync(saved).equals(content)).toBe(true);
    expect(statSync(saved).mode & 0o777).toBe(0o600);

    const refused = await portal().run(['clients', 'files', 'download', 'cl_000007', fileId, '-o', saved]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`${saved} already exists; nothing was replaced`);
    const forced = await portal().run([
      'clients',
      'files',
      'download',
      'cl_000007',
      fileId,
      '-o',
      saved,
      '--force',
      '--json',
    ]);
    expect(forced.exitCode).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ id: fileId, savedTo: saved, size: content.length });

    const actions = (await audit('cl_000007')).map((e) => e.action);
    // The refused one was not downloaded.
    expect(actions).toEqual(['client.file.download', 'client.file.download', 'client.file.upload']);
  });

  it('writes the bytes to standard output with -o -', async () => {
    const content = pdf('to-stdout');
    const dir = folder({ 'a.pdf': content });
    const up = await portal().run(['clients', 'files', 'upload', 'cl_000008', path.join(dir, 'a.pdf'), '--json']);
    const { fileId } = JSON.parse(up.stdout)[0];
    const r = await portal().run(['clients', 'files', 'download', 'cl_000008', fileId, '-o', '-']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(content.toString('utf8'));
  });

  it('an unknown file is not found, exit 5', async () => {
    const r = await portal().run(['clients', 'files', 'download', 'cl_000008', 'fl_nosuchfile00']);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain('client cl_000008 has no file fl_nosuchfile00');
  });
});
