// `clients notes add|edit|delete` (and list) run in-process against a portal in the same process:
// only the author or an administrator changes a note; an edit keeps the previous text in the audit
// log; a delete hides the note and keeps it; reasons for referral keep their history.
import { describe, expect, it } from 'vitest';
import { NoteSchema } from '../../src/contract/schemas.js';
import { apiGet, json } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, CLIENTS, SP_ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, CLIENTS);

async function addNote(client: string, text: string, token = CLIENTS) {
  const r = await run(['clients', 'notes', 'add', client, '--text', text, '--json'], token);
  expect(r.exitCode, r.stderr).toBe(0);
  return NoteSchema().parse(json(r));
}

async function audit(query: string) {
  return (
    await apiGet<{ data: { action: string; actorId: string; detail: Record<string, unknown> }[] }>(
      portal(),
      `/v1/audit?${query}`,
    )
  ).data;
}

describe('clients notes add', () => {
  it('adds a note, from --text or standard input', async () => {
    const note = await addNote('cl_000004', 'Called; no answer.');
    expect(note).toMatchObject({ kind: 'general', createdBy: 'st_clients01', updatedAt: null, deletedAt: null });
    const piped = await run(['clients', 'notes', 'add', 'cl_000004', '--text', '-', '--json'], CLIENTS, {
      stdin: 'Left a voicemail.\nWill try Monday.\n',
    });
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(json(piped)).toMatchObject({ text: 'Left a voicemail.\nWill try Monday.' });
    expect(piped.stderr).toContain('added to Jean-Luc St-Pierre (cl_000004)');
  });
});

describe('clients notes edit', () => {
  it('the author edits; the audit log keeps the previous text; the same text changes nothing', async () => {
    const note = await addNote('cl_000008', 'Resume reviewd.');
    const edited = await run([
      'clients',
      'notes',
      'edit',
      'cl_000008',
      note.id,
      '--text',
      'Resume reviewed.',
      '--json',
    ]);
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(NoteSchema().parse(json(edited))).toMatchObject({
      id: note.id,
      text: 'Resume reviewed.',
      updatedBy: 'st_clients01',
    });
    expect(edited.stderr).toContain('the audit log keeps the previous text');
    const entries = await audit(`entityId=cl_000008&action=client.note.edit`);
    expect(entries.map((e) => [e.actorId, e.detail])).toEqual([
      ['st_clients01', { noteId: note.id, previousText: 'Resume reviewd.' }],
    ]);
    const same = await run(['clients', 'notes', 'edit', 'cl_000008', note.id, '--text', 'Resume reviewed.']);
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stderr).toContain('already says that; nothing changed');
    expect(await audit(`entityId=cl_000008&action=client.note.edit`)).toHaveLength(1);
  });

  it("refuses another staff member's note (exit 4) and reasons for referral (exit 6); an administrator may edit any general note", async () => {
    // nt_000009 is Kevin Nguyen's (st_cwa002); nt_000008 holds reasons for referral.
    const other = await run(['clients', 'notes', 'edit', 'cl_000008', 'nt_000009', '--text', 'Changed.'], SP_ADMIN);
    expect(other.exitCode).toBe(FORBIDDEN);
    expect(other.stderr).toContain(
      "your token lacks the `administrator` permission (only the note's author (st_cwa002) may edit it)",
    );
    const reasons = await run(['clients', 'notes', 'edit', 'cl_000008', 'nt_000008', '--text', 'Changed.']);
    expect(reasons.exitCode).toBe(CONFLICT);
    expect(reasons.stderr).toContain('holds reasons for referral, whose history is kept');
    expect(reasons.stderr).toContain('portalctl clients edit cl_000008 --reasons TEXT');
    const admin = await run(
      ['clients', 'notes', 'edit', 'cl_000008', 'nt_000009', '--text', 'Met in person.', '--json'],
      ADMIN,
    );
    expect(admin.exitCode, admin.stderr).toBe(0);
    expect(json(admin)).toMatchObject({ createdBy: 'st_cwa002', updatedBy: 'st_admin01', text: 'Met in person.' });
  });

  it('on a terminal, offers only your own general notes and edits the current text', async () => {
    const mine = await addNote('cl_000011', 'First draft of the plan.');
    const r = await run(['clients', 'notes', 'edit', 'cl_000011', '--json'], CLIENTS, {
      answers: { '<note>': 'First draft of the plan.', '--text': 'Plan agreed.' },
    });
    expect(r.asked).toEqual(['<note>', '--text']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ id: mine.id, text: 'Plan agreed.' });
    // Only reasons for referral (which keep their history) and no note of theirs: nothing to pick.
    const none = await run(['clients', 'notes', 'edit', 'cl_000001'], CLIENTS, { answers: {} });
    expect(none.exitCode).toBe(NOT_FOUND);
    expect(none.stderr).toContain('has no case note you may edit');
  });

  it('without a terminal, a missing note or text names the argument or flag', async () => {
    const noNote = await run(['clients', 'notes', 'edit', 'cl_000004', '--text', 'x']);
    expect(noNote.exitCode).toBe(USAGE);
    expect(noNote.stderr).toContain('<note> is required when not running interactively');
    const note = await addNote('cl_000004', 'To be edited.');
    const noText = await run(['clients', 'notes', 'edit', 'cl_000004', note.id]);
    expect(noText.exitCode).toBe(USAGE);
    expect(noText.stderr).toContain('--text is required when not running interactively');
    const unknown = await run(['clients', 'notes', 'edit', 'cl_000004', 'nt_nope0000', '--text', 'x']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('<note>: Jean-Luc St-Pierre (cl_000004) has no case note nt_nope0000');
  });
});

describe('clients notes delete', () => {
  it('hides the note (kept for the audit); confirms, or needs --yes; --dry-run deletes nothing', async () => {
    const note = await addNote('cl_000010', 'Wrong client: meant for someone else.');
    const noYes = await run(['clients', 'notes', 'delete', 'cl_000010', note.id]);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('pass --yes to confirm when not running interactively');
    const dry = await run(['clients', 'notes', 'delete', 'cl_000010', note.id, '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`Would delete note ${note.id}`);

    const deleted = await run(['clients', 'notes', 'delete', 'cl_000010', note.id, '--yes', '--json']);
    expect(deleted.exitCode, deleted.stderr).toBe(0);
    expect(json(deleted)).toMatchObject({ id: note.id, deletedBy: 'st_clients01', text: note.text });
    expect(deleted.stderr).toContain('deleted; the portal keeps it for the audit');

    const listed = await run(['clients', 'notes', 'list', 'cl_000010', '-q']);
    expect(listed.stdout).not.toContain(note.id);
    expect(await audit(`entityId=cl_000010&action=client.note.delete`)).toEqual([
      expect.objectContaining({ actorId: 'st_clients01', detail: { noteId: note.id } }),
    ]);
    const again = await run(['clients', 'notes', 'delete', 'cl_000010', note.id, '--yes']);
    expect(again.exitCode).toBe(NOT_FOUND);
  });

  it("on a terminal, picks your note and asks to confirm; others' notes are refused", async () => {
    const note = await addNote('cl_000002', 'Duplicate of the call note.');
    const r = await run(['clients', 'notes', 'delete', 'cl_000002', '--json'], CLIENTS, {
      answers: { '<note>': 'Duplicate of the call note.', '--yes': true },
    });
    expect(r.asked).toEqual(['<note>', '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ id: note.id });
    const other = await run(['clients', 'notes', 'delete', 'cl_000004', 'nt_000005', '--yes'], SP_ADMIN);
    expect(other.exitCode).toBe(FORBIDDEN);
    const reasons = await run(['clients', 'notes', 'delete', 'cl_000004', 'nt_000004', '--yes'], ADMIN);
    expect(reasons.exitCode).toBe(CONFLICT);
  });
});
