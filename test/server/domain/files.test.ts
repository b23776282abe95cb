import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ClientFileSchema, MAX_FILE_BYTES } from '../../../src/contract/schemas.js';
import { CHUNK_BYTES } from '../../../src/server/domain/files.js';
import { doc, docx, pdf, png, xls } from '../../helpers/documents.js';
import { answerProblems, injected } from '../../helpers/openapi-answers.js';
import {
  type Answer,
  expectOk,
  expectProblem,
  type Json,
  type Portal,
  portal,
  TOKENS,
  type TokenName,
} from './support.js';

// cl_000001 is a client of sp_northside (the clients token's provider); cl_000102 is provider B's.
const CLIENT = 'cl_000001';

async function upload(
  p: Portal,
  clientId: string,
  name: string,
  body: Buffer | Readable,
  as: TokenName = 'clients',
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = `/v1/clients/${clientId}/files?name=${encodeURIComponent(name)}`;
  const response = await p.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${TOKENS[as]}`, 'content-type': 'application/octet-stream', ...headers },
    payload: body,
  });
  const problems = answerProblems('POST', url, injected(response));
  if (problems.length > 0) throw new Error(`POST ${url}: not as openapi.json says: ${problems.join('; ')}`);
  return {
    status: response.statusCode,
    body: response.body ? JSON.parse(response.body) : undefined,
    headers: response.headers,
  };
}

async function download(p: Portal, clientId: string, fileId: string, as: TokenName = 'clients') {
  const url = `/v1/clients/${clientId}/files/${fileId}/content`;
  const response = await p.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKENS[as]}` } });
  const problems = answerProblems('GET', url, injected(response));
  if (problems.length > 0) throw new Error(`GET ${url}: not as openapi.json says: ${problems.join('; ')}`);
  return response;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const chunkCount = (p: Portal, fileId: string) =>
  (p.db.prepare('SELECT COUNT(*) AS n FROM client_file_chunks WHERE file_id = ?').get(fileId) as { n: number }).n;
const fileRows = (p: Portal) => (p.db.prepare('SELECT COUNT(*) AS n FROM client_files').get() as { n: number }).n;
const chunkRows = (p: Portal) =>
  (p.db.prepare('SELECT COUNT(*) AS n FROM client_file_chunks').get() as { n: number }).n;

describe('client files', () => {
  it('keeps a PDF in chunks and gives the same bytes back, with type, size and digest', async () => {
    const p = portal();
    const content = pdf('resume', CHUNK_BYTES * 2 + 1000);
    const file = ClientFileSchema().parse(expectOk(await upload(p, CLIENT, 'Résumé 2026.pdf', content), 201));
    expect(file).toMatchObject({
      clientId: CLIENT,
      name: 'Résumé 2026.pdf',
      kind: 'pdf',
      mediaType: 'application/pdf',
      size: content.length,
      sha256: sha256(content),
      uploadedBy: 'st_clients01',
    });
    // Written as it arrived: three chunks, none larger than CHUNK_BYTES.
    expect(chunkCount(p, file.id)).toBe(3);
    const largest = p.db.prepare('SELECT MAX(length(data)) AS n FROM client_file_chunks').get() as { n: number };
    expect(largest.n).toBe(CHUNK_BYTES);

    const listed = expectOk(await p.get(`/v1/clients/${CLIENT}/files`, 'clients'));
    expect(listed.data.map((f: Json) => f.id)).toEqual([file.id]);
    expect(expectOk(await p.get(`/v1/clients/${CLIENT}/files/${file.id}`, 'clients'))).toEqual(file);

    const got = await download(p, CLIENT, file.id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(content)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-length']).toBe(String(content.length));
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="R_sum_ 2026.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf`,
    );
    expect(got.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(content).digest('base64')}:`);
  });

  it('takes Word documents, .docx and .doc, by their content whatever their name', async () => {
    const p = portal();
    const a = expectOk(await upload(p, CLIENT, 'cover-letter', docx()), 201);
    expect(a).toMatchObject({ kind: 'docx', mediaType: expect.stringContaining('wordprocessingml') });
    const b = expectOk(await upload(p, CLIENT, 'paystub.pdf', doc()), 201);
    expect(b).toMatchObject({ kind: 'doc', mediaType: 'application/msword' });
  });

  it('refuses anything else by its bytes, and keeps nothing of it', async () => {
    const p = portal();
    for (const [name, content, found] of [
      ['photo.pdf', png(), 'neither a PDF nor a Word document'],
      ['budget.doc', xls(), 'an Office file that is not a Word document'],
      ['notes.docx', Buffer.from('plain text, typed in a hurry\n'), 'neither a PDF nor a Word document'],
    ] as const) {
      const problem = expectProblem(await upload(p, CLIENT, name, content), 415, 'unsupported-file-type');
      expect(problem.detail).toBe(`the file is ${found}; the portal takes PDF or Word (.docx, .doc) documents only`);
    }
    expectProblem(await upload(p, CLIENT, 'empty.pdf', Buffer.alloc(0)), 415, 'unsupported-file-type');
    expect([fileRows(p), chunkRows(p)]).toEqual([0, 0]);
  });

  it('refuses a file over the limit, announced or streamed, and keeps nothing of it', async () => {
    const p = portal();
    const big = pdf('big', MAX_FILE_BYTES + 1);
    const announced = expectProblem(await upload(p, CLIENT, 'big.pdf', big), 413, 'payload-too-large');
    expect(announced.detail).toBe('the file is larger than 10 MiB, the most the portal keeps');
    // Without a Content-Length the bytes are counted as they come.
    const pieces = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) =>
      big.subarray(i * 65536, (i + 1) * 65536),
    );
    const streamed = await upload(p, CLIENT, 'big.pdf', Readable.from(pieces));
    expectProblem(streamed, 413, 'payload-too-large');
    expect([fileRows(p), chunkRows(p)]).toEqual([0, 0]);
    // Exactly at the limit is taken.
    expectOk(await upload(p, CLIENT, 'limit.pdf', pdf('limit', MAX_FILE_BYTES).subarray(0, MAX_FILE_BYTES)), 201);
  });

  it('keeps one file of each content per client, naming the one it has', async () => {
    const p = portal();
    const first = expectOk(await upload(p, CLIENT, 'a.pdf', pdf('same')), 201);
    const again = expectProblem(await upload(p, CLIENT, 'b.pdf', pdf('same')), 409, 'file-exists');
    expect(again.existingFileId).toBe(first.id);
    expect(expectOk(await p.get(`/v1/clients/${CLIENT}/files`, 'clients')).data).toHaveLength(1);
    // Another client may have the same document.
    expectOk(await upload(p, 'cl_000004', 'a.pdf', pdf('same'), 'admin'), 201);
  });

  it("does not show another provider's client's files, nor take files for them", async () => {
    const p = portal();
    const file = expectOk(await upload(p, CLIENT, 'a.pdf', pdf('mine')), 201);
    expectProblem(await upload(p, CLIENT, 'b.pdf', pdf('theirs'), 'providerB'), 404, 'not-found');
    expectProblem(await p.get(`/v1/clients/${CLIENT}/files`, 'providerB'), 404, 'not-found');
    expect((await download(p, CLIENT, file.id, 'providerB')).statusCode).toBe(404);
    expect((await download(p, CLIENT, 'fl_nosuchfile00', 'clients')).statusCode).toBe(404);
    expectProblem(await upload(p, CLIENT, 'c.pdf', pdf('x'), 'noClients'), 403, 'forbidden');
  });

  it('refuses a name that is a path or has control characters', async () => {
    const p = portal();
    for (const name of ['../etc/passwd', 'a\u0007.pdf', '', '..']) {
      expectProblem(await upload(p, CLIENT, name, pdf('n')), 422, 'validation');
    }
    expect(fileRows(p)).toBe(0);
  });

  it('records uploads and downloads in the audit log, without the file name', async () => {
    const p = portal();
    const content = pdf('audited');
    const file = expectOk(await upload(p, CLIENT, 'Jane Doe resume.pdf', content), 201);
    await download(p, CLIENT, file.id);
    const audit = expectOk(await p.get(`/v1/audit?entityId=${CLIENT}&action=client.file.`));
    expect(audit.data.map((e: Json) => [e.action, e.actorId, e.detail])).toEqual([
      ['client.file.download', 'st_clients01', { fileId: file.id, kind: 'pdf', size: content.length }],
      [
        'client.file.upload',
        'st_clients01',
        { fileId: file.id, kind: 'pdf', size: content.length, sha256: sha256(content) },
      ],
    ]);
    expect(JSON.stringify(audit)).not.toContain('Jane');
  });

  it('answers 415 to a file sent as JSON', async () => {
    const p = portal();
    const answer = await upload(p, CLIENT, 'a.pdf', Buffer.from('{"a":1}'), 'clients', {
      'content-type': 'application/json',
    });
    expectProblem(answer, 415, 'validation');
  });
});
