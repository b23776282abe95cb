// clients list and clients get, run in-process against a portal in the same process.
import { describe, expect, it } from 'vitest';
import { api } from '../helpers/e2e.js';
import { NO_CLIENTS } from '../helpers/tokens.js';
import { run, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();

describe('clients list', () => {
  it('lists clients as JSON, filtered, limited', async () => {
    const r = await portal().run(['clients', 'list', '--status', 'referral', '--limit', '3', '--json']);
    expect(r.exitCode).toBe(0);
    const clients = JSON.parse(r.stdout) as { status: string }[];
    expect(clients).toHaveLength(3);
    expect(clients.every((c) => c.status === 'referral')).toBe(true);
  });

  it('lists newest first, so a client just added comes first; --sort oldest for the other order', async () => {
    const added = await api<{ id: string }>(portal(), '/v1/clients', {
      method: 'POST',
      body: { firstName: 'Newest', lastName: 'Arrival', email: 'newest.arrival@example.org', sendInvite: false },
    });
    expect(added.status).toBe(201);
    const id = added.body.id;
    const newest = await portal().run(['clients', 'list', '--limit', '2', '--json']);
    expect((JSON.parse(newest.stdout) as { id: string }[])[0]?.id).toBe(id);
    const oldest = await portal().run(['clients', 'list', '--sort', 'oldest', '--limit', '2', '--json']);
    expect((JSON.parse(oldest.stdout) as { id: string }[]).map((c) => c.id)).not.toContain(id);
    const bad = await portal().run(['clients', 'list', '--sort', 'name']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--sort must be newest or oldest');
  });

  it('names the flag of a bad value, exit 2, and sends nothing', async () => {
    const r = await portal().run(['clients', 'list', '--limit', 'lots']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --limit/m);
  });

  it('a token without the clients permission is refused, exit 4', async () => {
    const r = await portal().run(['clients', 'list'], { token: NO_CLIENTS });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toContain('clients');
  });
});

describe('clients get', () => {
  it('finds a client by email and prints the API object', async () => {
    const list = await portal().run(['clients', 'list', '--limit', '1', '--json']);
    const [first] = JSON.parse(list.stdout) as { id: string; email: string }[];
    const r = await portal().run(['clients', 'get', first!.email, '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: first!.id, email: first!.email });
  });

  it('without a client and no terminal, names the argument to pass', async () => {
    const r = await portal().run(['clients', 'get']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('is required when not running interactively');
  });

  it('on a terminal, searches by name and shows the client picked', async () => {
    const r = await portal().run(['clients', 'get', '--json'], { answers: { '<client>': 'obrien' } });
    expect(r.asked).toEqual(['<client>']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).lastName).toMatch(/O.?Brien/i);
  });
});

describe('help', () => {
  it('prints the command help on stdout without a portal', async () => {
    const r = await run(['clients', 'list', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--status <status>');
    expect(r.stdout).toContain('Examples:');
  });
});
