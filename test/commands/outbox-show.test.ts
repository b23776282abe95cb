// `portalctl outbox show ID`, in-process against a seeded portal, and the links in messages
// pointing at the address the server listens on, whatever Host a request names.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { json } from '../helpers/e2e.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const USAGE = 2;
const NOT_FOUND = 5;

async function invited(lastName: string, email: string): Promise<{ id: string; link: string }> {
  const added = await run([
    'clients',
    'add',
    '--first-name',
    'Ada',
    '--last-name',
    lastName,
    '--email',
    email,
    '--no-link',
    '--provider',
    'sp_northstar',
    '--yes',
    '--json',
  ]);
  expect(added.exitCode, added.stderr).toBe(0);
  const client = json<{ id: string; invite: { link: string } }>(added);
  return { id: client.id, link: client.invite.link };
}

describe('outbox show', () => {
  it('prints the message in full, as an email reads, and --json the API object', async () => {
    const { id, link } = await invited('Show', 'ada.show@example.org');
    const listed = await run(['outbox', 'list', '--client', id, '-q']);
    const messageId = listed.stdout.trim();
    expect(messageId).toMatch(/^ob_/);

    const shown = await run(['outbox', 'show', messageId, '-o', 'table']);
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Message:     ${messageId}\n`);
    expect(shown.stdout).toContain('To:          ada.show@example.org\n');
    expect(shown.stdout).toContain('Subject:     You are invited to the Jobs Portal\n');
    expect(shown.stdout).toContain(`Link:        ${link}\n`);
    expect(shown.stdout).toContain('\n\nHello Ada,\n\n');
    expect(shown.stdout).toContain(`To accept, open this link and choose a password:\n${link}\n`);

    const asJson = json<Record<string, unknown>>(await run(['outbox', 'show', messageId, '--json']));
    expect(asJson).toMatchObject({ id: messageId, to: 'ada.show@example.org', kind: 'invitation', link, clientId: id });
    expect(asJson.text).toEqual(expect.stringContaining(link));
  });

  it('an unknown id is not found (exit 5); a malformed one is a usage error (exit 2)', async () => {
    const missing = await run(['outbox', 'show', 'ob_0000000000000']);
    expect(missing.exitCode).toBe(NOT_FOUND);
    expect(missing.stderr).toContain('error: no message ob_0000000000000 in the outbox');
    const bad = await run(['outbox', 'show', 'cl_000001']);
    expect(bad.exitCode).toBe(USAGE);
    expect(bad.stderr).toContain('a message id starts with ob_');
  });

  it('a message of another provider is not found for its staff', async () => {
    const { id } = await invited('Elsewhere', 'ada.elsewhere@example.org');
    const messageId = (await run(['outbox', 'list', '--client', id, '-q'])).stdout.trim();
    const other = await run(['outbox', 'show', messageId], 'demo-provider-b-token');
    expect(other.exitCode).toBe(NOT_FOUND);
  });
});

describe('links in messages', () => {
  it('point at the address the server listens on, not the Host a request names', async () => {
    const url = new URL(portal().url);
    const body = JSON.stringify({ firstName: 'Hal', lastName: 'Host', email: 'hal.host@example.org' });
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/v1/clients',
          method: 'POST',
          headers: {
            host: 'portal.attacker.example',
            authorization: `Bearer ${portal().adminToken}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status, answer.text).toBe(201);
    const link = (JSON.parse(answer.text) as { invite: { link: string } }).invite.link;
    expect(link.startsWith(`${portal().url}/invite/`)).toBe(true);
  });
});
