// A case note named on the command line by id (nt_…), for a change (edit, delete): on a terminal
// with none given, picked from the client's notes the caller may change (their own general notes;
// an administrator's: every general note). Reasons for referral keep their history: refused here,
// before the portal refuses them too.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { clientName } from './views/client.js';
import type { Note } from './views/note.js';

/** The note's first line, shortened, for a list to pick from. */
function preview(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
}

export async function pickNote(
  deps: Pick<Deps, 'prompter' | 'out'>,
  api: ApiClient,
  client: Client,
  value: string | undefined,
  options: { message: string; change: 'edit' | 'delete' },
): Promise<Note> {
  const who = `${clientName(client)} (${client.id})`;
  const given = value?.trim();
  if (!given && !deps.prompter.interactive) {
    throw usageError(
      '<note> is required when not running interactively',
      `pass a note id (nt_…); portalctl clients notes list ${client.id} lists them`,
    );
  }
  const { data } = await api.call('listNotes', { params: { id: client.id } });
  let note: Note | undefined;
  if (given) {
    note = data.find((n) => n.id.toLowerCase() === given.toLowerCase());
    if (!note) {
      throw new CliError('not-found', `<note>: ${who} has no case note ${given}`, {
        hint: `portalctl clients notes list ${client.id} lists them`,
      });
    }
  } else {
    const me = await api.call('getMe');
    const admin = me.permissions.includes('administrator');
    const mine = data.filter((n) => n.kind === 'general' && (admin || n.createdBy === me.id));
    if (mine.length === 0) {
      throw new CliError('not-found', `${who} has no case note you may ${options.change}`, {
        hint: "only a note's author or an administrator may change it; reasons for referral keep their history",
      });
    }
    note = await deps.prompter.select<Note>({
      message: options.message,
      flag: '<note>',
      choices: mine.map((n) => ({
        name: preview(n.text),
        value: n,
        description: `${n.id} · ${deps.out.time(n.createdAt)} · ${n.createdBy ?? ''}`,
      })),
    });
  }
  if (note.kind === 'referral-reasons') {
    throw new CliError(
      'conflict',
      `note ${note.id} holds reasons for referral, whose history is kept: it cannot be ${options.change === 'edit' ? 'edited' : 'deleted'}`,
      {
        hint: `give the new reasons with portalctl clients edit ${client.id} --reasons TEXT: they are added as a new note`,
      },
    );
  }
  return note;
}
