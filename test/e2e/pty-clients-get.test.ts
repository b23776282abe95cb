// `clients get` on a real terminal 80 columns wide (its own width, no COLUMNS): the record in
// labelled sections, names and words rather than ids, and no line wider than the terminal.
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.js';
import { ADMIN } from '../helpers/tokens.js';
import { runPty } from './pty.js';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.stop();
});

describe('clients get (pseudo-terminal)', () => {
  it('shows labelled sections that fit an 80-column terminal', async () => {
    const term = runPty(['clients', 'get', 'cl_000139'], {
      columns: 80,
      env: { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: ADMIN, TZ: 'UTC' },
    });
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(0);
    const lines = screen.split('\n');
    const sections = lines.filter((line) => /^[A-Z][a-z]/.test(line));
    expect(sections).toEqual([
      'Identity',
      'Contact',
      'Service provider',
      'Link',
      'Invitation',
      'Profile',
      'Referral',
      'Communication preferences',
      'Safety flags',
      'Consent',
      'Record',
    ]);
    expect(screen).toMatch(/^PROVIDER: +Rideau Valley Job Connections$/m);
    expect(screen).toMatch(/^TRANSPORTATION: +Limited$/m);
    // The reasons for referral are longer than the terminal: they wrap under themselves.
    expect(screen).toMatch(
      /^REASONS: +Laid off from a manufacturing job; looking for warehouse\n {22}or logistics work close to transit\.$/m,
    );
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });
});
