// `cams link` on a real pseudo-terminal: before anything changes, the table of what CaMS replaces
// (field, current value, CaMS value) is on the screen and the link is confirmed; names that
// clearly differ are refused there too, before any question, with the hint to check the number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, clientById } from '../helpers/e2e.js';
import { type Portal, startPortal } from '../helpers/portal.js';
import { CLIENTS } from '../helpers/tokens.js';
import { runPty } from './pty.js';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.stop();
});

const env = () => ({ PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: CLIENTS });

/** A client added by hand through the API; returns its id. */
async function addClient(body: Record<string, unknown>): Promise<string> {
  const { status, body: client } = await api<{ id: string }>(portal, '/v1/clients', {
    method: 'POST',
    token: CLIENTS,
    body: { ...body, sendInvite: false },
  });
  expect(status).toBe(201);
  return client.id;
}

describe('cams link (pseudo-terminal)', () => {
  it('shows what CaMS replaces, field by field, then links once confirmed', async () => {
    // CaMS 211047290 is Isabelle Yusuf: the same person, typed with an accent and another phone.
    const id = await addClient({
      firstName: 'Isabellé',
      lastName: 'Yusuf',
      email: 'isabelle.pty@example.org',
      phone: '416-555-0123',
    });
    const term = runPty(['cams', 'link', id, '211047290'], { env: env() });
    await term.waitFor('Linking replaces these fields with the CaMS values (then read-only in the portal):');
    const screen = await term.waitFor('to CaMS client 211047290, replacing 5 fields? (y/N)');
    expect(screen).toMatch(/^ {2}FIELD +CURRENT +CAMS$/m);
    expect(screen).toMatch(/^ {2}first name +Isabellé +Isabelle$/m);
    expect(screen).toMatch(/^ {2}phone +416-555-0123 +\S+/m);
    expect(screen).toMatch(/^ {2}date of birth +\(empty\) +\d{4}-\d{2}-\d{2}$/m);
    expect(screen).not.toContain('names differ');
    // Nothing has changed while the question waits.
    expect((await clientById(portal, id)).link.type).toBe('none');
    term.write('y\r');
    const { exitCode, screen: after } = await term.exited;
    expect(exitCode, after).toBe(0);
    expect(after).toContain(`✓ Linked ${id} to CaMS client 211047290; replaced 5 fields`);
    expect((await clientById(portal, id)).link).toMatchObject({ type: 'cams', clientReferenceNumber: '211047290' });
  });

  it('names that clearly differ: the table, then a refusal with the hint, and no question', async () => {
    const id = await addClient({ firstName: 'Emma', lastName: 'Wang', email: 'emma.pty@example.org' });
    const term = runPty(['cams', 'link', id, '211152019'], { env: env() });
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(6);
    expect(screen).toMatch(/^ {2}first name +Emma +Ethan$/m);
    expect(screen).toContain(
      `error: the names differ: ${id} is Emma Wang in the portal, CaMS client 211152019 is Ethan Roy`,
    );
    expect(screen).toContain('hint: the Client Reference Number may be wrong');
    expect(screen).not.toContain('(y/N)');
    expect((await clientById(portal, id)).link.type).toBe('none');
  });
});
