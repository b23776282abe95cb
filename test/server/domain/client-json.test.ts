// Reads answer clients as JSON text SQLite writes (CLIENT_JSON_SQL); writes answer them through
// rowToClient. The two must be the same bytes for every row, whatever it holds.
import { describe, expect, it } from 'vitest';
import {
  CLIENT_JSON_SQL,
  type ClientRow,
  findClientRow,
  insertClient,
  inviteLinkPrefix,
  rowToClient,
} from '../../../src/server/domain/client-store.js';
import { allRows } from '../../../src/server/domain/common.js';
import { BASE_URL, portal, TOKENS } from './support.js';

type Portal = ReturnType<typeof portal>;

/** Copies of a seeded client, each with other contents, stored as the write path stores them. */
function addVariants(p: Portal): void {
  const base = findClientRow(p.db, 'cl_000001');
  if (!base) throw new Error('the seed has no cl_000001');
  const flag = { reason: 'Office visits only.', createdAt: '2026-01-02T03:04:05.000Z', createdBy: 'st_cwa001' };
  const variants: Array<Partial<ClientRow>> = [
    // Flags written before flags had ids (named by position), removed ones, an empty removal.
    {
      safety_flags: JSON.stringify([
        flag,
        { ...flag, reason: 'Removed.', removedAt: '2026-02-01T00:00:00.000Z', removedBy: 'st_cwa001' },
        { ...flag, id: 'sf_kept', reason: 'Kept "quoted" \\ back\tslash' },
        { ...flag, id: '', removedAt: '' },
      ]),
    },
    {
      first_name: 'Zoë "Z" \\ O’Brien\u0001\u001f\u007f',
      last_name: '漢字 😀 \u2028\u2029 </script>',
      preferred_name: 'Line\nbreak\r\ttab',
      pronouns: '',
      address: '1 Rue de l’Église\nApt 2',
      target_occupations: JSON.stringify(['a "b"', 'c\\d', 'é😀']),
      self_identification: JSON.stringify(['Indigenous']),
      service_needs: JSON.stringify(['Childcare', 'Transit']),
      caseworker_ids: JSON.stringify(['st_cwa001', 'st_cwa002']),
    },
    {
      link_type: 'cams',
      cams_ref: '140009999',
      link_at: null,
      cams_refreshed_at: null,
      comm_job_post_updates: 0,
      comm_channel: 'email',
      comm_frequency: 'weekly',
    },
    { link_type: 'cams', cams_ref: '140009998', link_at: '2026-03-01T00:00:00.000Z', cams_refreshed_at: null },
    { link_type: 'cams', cams_ref: '', comm_job_post_updates: 1 },
    { link_type: 'ca', ca_number: 'CA-0001', link_at: null },
    { link_type: 'ca', ca_number: null },
    { invite_status: 'pending', invite_token: 'tok_abc-123', invite_sent_at: '2026-01-01T00:00:00.000Z' },
    { invite_status: 'pending', invite_token: null },
    { invite_status: 'accepted', invite_token: 'tok_old', last_login_at: '2026-01-05T00:00:00.000Z' },
    { invite_status: 'declined', invite_declined_at: '2026-01-06T00:00:00.000Z' },
    { share_consent: 1, share_consent_at: '2026-01-07T00:00:00.000Z', share_consent_by: 'st_cwa001' },
    { share_consent: 0, share_consent_at: '2026-01-08T00:00:00.000Z', share_consent_by: 'st_cwa001' },
    { archived: 1, pending_email: 'new.address@example.org', pending_email_lower: 'new.address@example.org' },
  ];
  variants.forEach((changes, i) => {
    const id = `cl_9variant${String(i).padStart(2, '0')}`;
    const email = `variant${i}@example.org`;
    insertClient(p.db, {
      ...base,
      link_type: 'none',
      cams_ref: null,
      ca_number: null,
      ...changes,
      id,
      email,
      email_lower: email,
    });
  });
}

describe('clients as JSON text written by SQLite', () => {
  it('is the same bytes as JSON.stringify of rowToClient for every stored client', () => {
    const p = portal();
    addVariants(p);
    for (const baseUrl of [BASE_URL, 'http://127.0.0.1:4010/', 'https://portal.example.org/jobs//']) {
      const rows = allRows<ClientRow & { json: string }>(
        p.db.prepare(`SELECT *, ${CLIENT_JSON_SQL} AS json FROM clients ORDER BY id`),
        inviteLinkPrefix(baseUrl),
      );
      expect(rows.length).toBeGreaterThan(100);
      for (const { json, ...row } of rows) {
        expect(json, `client ${row.id} at ${baseUrl}`).toBe(JSON.stringify(rowToClient(row, baseUrl)));
      }
    }
  });

  it('answers list pages and single clients with the bytes rowToClient gives, for each caller', async () => {
    const p = portal();
    addVariants(p);
    const rows = allRows<ClientRow>(p.db.prepare('SELECT * FROM clients ORDER BY id'));
    const expected = new Map(rows.map((row) => [row.id, JSON.stringify(rowToClient(row, BASE_URL))]));
    for (const as of ['admin', 'clients', 'providerB'] as const) {
      for (const archived of ['false', 'true']) {
        let cursor: string | null = null;
        let pages = 0;
        do {
          const answer = await p.app.inject({
            method: 'GET',
            url: `/v1/clients?limit=7&archived=${archived}${cursor ? `&cursor=${cursor}` : ''}`,
            headers: { authorization: `Bearer ${TOKENS[as]}` },
          });
          expect(answer.statusCode).toBe(200);
          const page = JSON.parse(answer.body) as { data: Array<{ id: string }>; nextCursor: string | null };
          const items = page.data.map((client) => expected.get(client.id));
          expect(answer.body).toBe(`{"data":[${items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`);
          for (const client of page.data) {
            const one = await p.app.inject({
              method: 'GET',
              url: `/v1/clients/${client.id}`,
              headers: { authorization: `Bearer ${TOKENS[as]}` },
            });
            expect(one.body).toBe(expected.get(client.id));
          }
          cursor = page.nextCursor;
          pages++;
        } while (cursor);
        expect(pages).toBeGreaterThan(archived === 'true' ? 0 : 1);
      }
    }
  });
});
