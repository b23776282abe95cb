// Case notes edited and deleted through the API: author or administrator only, never reasons for
// referral; the previous text in the audit log; a deleted note hidden and kept.
import { describe, expect, it } from 'vitest';
import { NoteSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, portal } from './support.js';

describe('case notes: edit and delete', () => {
  it('the author edits (previous text audited) and deletes (hidden from the list, kept)', async () => {
    const p = portal();
    const note = NoteSchema().parse(
      expectOk(await p.post('/v1/clients/cl_000004/notes', { text: 'Frist call.' }, 'clients'), 201),
    );
    expect(note).toMatchObject({ updatedAt: null, updatedBy: null, deletedAt: null, deletedBy: null });
    const edited = expectOk(
      await p.patch(`/v1/clients/cl_000004/notes/${note.id}`, { text: 'First call.' }, 'clients'),
    );
    expect(edited).toMatchObject({ text: 'First call.', updatedBy: 'st_clients01', createdAt: note.createdAt });
    const audit = expectOk(await p.get('/v1/audit?entityId=cl_000004&action=client.note.edit')).data;
    expect(audit.map((e: Json) => e.detail)).toEqual([{ noteId: note.id, previousText: 'Frist call.' }]);

    const deleted = expectOk(await p.del(`/v1/clients/cl_000004/notes/${note.id}`, 'clients'));
    expect(deleted).toMatchObject({ id: note.id, text: 'First call.', deletedBy: 'st_clients01' });
    const listed = expectOk(await p.get('/v1/clients/cl_000004/notes', 'clients')).data.map((n: Json) => n.id);
    expect(listed).not.toContain(note.id);
    expect(listed).toContain('nt_000005');
    expectProblem(await p.patch(`/v1/clients/cl_000004/notes/${note.id}`, { text: 'x' }, 'clients'), 404, 'not-found');
    expectProblem(await p.del(`/v1/clients/cl_000004/notes/${note.id}`, 'clients'), 404, 'not-found');
    expect(expectOk(await p.get('/v1/audit?entityId=cl_000004&action=client.note.delete')).data).toHaveLength(1);
  });

  it("refuses others' notes (403 naming administrator), reasons for referral (409), other providers (404)", async () => {
    const p = portal();
    const forbidden = expectProblem(
      await p.patch('/v1/clients/cl_000004/notes/nt_000005', { text: 'x' }, 'spAdmin'),
      403,
      'not-note-author',
    );
    expect(forbidden.missingPermission).toBe('administrator');
    expectProblem(await p.del('/v1/clients/cl_000004/notes/nt_000005', 'clients'), 403, 'not-note-author');
    expectProblem(
      await p.patch('/v1/clients/cl_000004/notes/nt_000004', { text: 'x' }, 'admin'),
      409,
      'note-referral-reasons',
    );
    expectProblem(await p.del('/v1/clients/cl_000004/notes/nt_000004', 'admin'), 409, 'note-referral-reasons');
    expectProblem(await p.del('/v1/clients/cl_000004/notes/nt_000005', 'providerB'), 404, 'not-found');
    expectProblem(await p.patch('/v1/clients/cl_000004/notes/nt_000005', { text: '' }, 'admin'), 422, 'validation');
    // An administrator may edit and delete any general note.
    expect(
      expectOk(await p.patch('/v1/clients/cl_000004/notes/nt_000005', { text: 'Edited.' }, 'admin')),
    ).toMatchObject({
      createdBy: 'st_cwa004',
      updatedBy: 'st_admin01',
    });
    expectOk(await p.del('/v1/clients/cl_000004/notes/nt_000005', 'admin'));
  });
});
