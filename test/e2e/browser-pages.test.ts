// The person's side, in a real Chromium: the links portalctl prints open the portal's pages, and
// what a client or an external user does there shows in portalctl. One browser for the file, one
// `portalctl server --port 0` (seeded, in memory), the built CLI for everything staff do.
//
// Needs Debian's chromium-headless-shell (or chromium) package: without it the tests fail and say
// what to install (test/helpers/browser.ts).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { json, runner, usePortal } from '../helpers/e2e.js';

const portal = usePortal();
const run = runner(portal);
const PASSWORD = 'four words make a password';
const CONFLICT = 6;

// Launched once for the file. A missing browser fails each test with what to install (a failing
// beforeAll would only show the tests as skipped).
let launched: Promise<{ browser: Browser; context: BrowserContext }> | undefined;
function chromium() {
  launched ??= launchChromium().then(async (browser) => ({ browser, context: await browser.newContext() }));
  return launched;
}
afterAll(async () => {
  await launched?.then(({ browser }) => browser.close()).catch(() => undefined);
});

async function open(url: string): Promise<{ page: Page; status: number | undefined }> {
  const { context } = await chromium();
  const page = await context.newPage();
  const response = await page.goto(url);
  return { page, status: response?.status() };
}

async function main(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

interface Seeded {
  entries: Record<string, { kind: string; id: string; inviteLink: string | null }>;
}

let seeded: Seeded;
beforeAll(async () => {
  const r = await run(['seed', 'fixtures/ci-seed.json', '--json', '--yes']);
  expect(r.exitCode, r.stderr).toBe(0);
  seeded = json<Seeded>(r);
});

describe('a client seeded by CI', () => {
  it('opens the invitation link from `invite status`, sets a password, and resend is then refused', async () => {
    const ada = seeded.entries.ada!.id;
    const status = await run(['invite', 'status', ada, '--json']);
    const { link } = json<{ link: string; status: string }>(status);
    expect(link.startsWith(`${portal().url}/invite/`)).toBe(true);

    const { page, status: code } = await open(link);
    expect(code).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'You are invited to the Jobs Portal',
    );
    const intro = await main(page);
    expect(intro).toContain('Hello Ada.');
    expect(intro).toContain('at Northstar Employment Services invited you');
    expect(intro).toContain('ada.okafor.ci@example.org');

    // By label, and submitted from the keyboard.
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Type the password again').fill(PASSWORD);
    await page.getByLabel('Type the password again').press('Enter');
    await page.getByRole('heading', { name: 'Your account is ready' }).waitFor();

    const after = json<{ status: string; lastLoginAt: string | null; link: string | null }>(
      await run(['invite', 'status', ada, '--json']),
    );
    expect(after).toMatchObject({ status: 'accepted', link: null });
    expect(after.lastLoginAt).toEqual(expect.any(String));

    const resend = await run(['invite', 'resend', ada, '--yes']);
    expect(resend.exitCode).toBe(CONFLICT);
    expect(resend.stderr).toContain('has already logged in, so the invitation cannot be resent');
    expect(resend.stderr).toContain(
      `hint: to help them back in, send a password reset: portalctl clients password-reset ${ada}`,
    );

    // The used link now says so.
    const { page: again, status: used } = await open(link);
    expect(used).toBe(410);
    expect(await main(again)).toContain('This invitation has already been accepted');
  });

  it('the password rules show next to the field; nothing is accepted', async () => {
    const email = 'short.password.browser@example.org';
    const added = await run(
      argvOf(
        `clients add --first-name Kai --last-name Short --email ${email} --provider sp_northstar --no-link --yes --print-link`,
      ),
    );
    expect(added.exitCode, added.stderr).toBe(0);
    const { page } = await open(added.stdout.trim());
    // The browser's own check (minlength) is bypassed to see the portal's answer.
    await page
      .locator('form')
      .first()
      .evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByLabel('New password').fill('too short');
    await page.getByLabel('Type the password again').fill('too short');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await main(page)).toContain('Enter a password of at least 12 characters');
    await expect(page.getByLabel('New password').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(json<{ status: string }>(await run(['invite', 'status', email, '--json'])).status).toBe('pending');
  });
});

describe('a resent invitation', () => {
  it('the old link shows "replaced"; the new one works (here: the client declines)', async () => {
    const email = 'noor.haddad.browser@example.org';
    const added = await run(
      argvOf(
        `clients add --first-name Noor --last-name Haddad --email ${email} --provider sp_northstar --no-link --yes --print-link`,
      ),
    );
    expect(added.exitCode, added.stderr).toBe(0);
    const old = added.stdout.trim();
    // Straight after the first one: --force past the portal's resend cooldown.
    const resent = await run(['invite', 'resend', email, '--yes', '--force', '--print-link']);
    expect(resent.exitCode, resent.stderr).toBe(0);
    const fresh = resent.stdout.trim();
    expect(fresh).not.toBe(old);

    const { page: replaced, status: gone } = await open(old);
    expect(gone).toBe(410);
    const text = await main(replaced);
    expect(text).toContain('This invitation link has been replaced');
    expect(text).toContain('ask your caseworker to send the invitation again');

    const { page, status } = await open(fresh);
    expect(status).toBe(200);
    await page.getByRole('button', { name: 'Decline the invitation' }).click();
    await page.getByRole('heading', { name: 'You declined the invitation' }).waitFor();
    const declined = json<{ status: string; declinedAt: string | null }>(
      await run(['invite', 'status', email, '--json']),
    );
    expect(declined).toMatchObject({ status: 'declined', declinedAt: expect.any(String) });
  });
});

describe('a shared link', () => {
  interface Link {
    id: string;
    url: string;
    status: string;
    lastUsedAt: string | null;
    lastUsedIp: string | null;
  }
  const links = async (user: string) => {
    const r = await run(['portal', 'users', 'links', user, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    return json<Link[]>(r);
  };

  it('records its use, shows the jobs the user may see, and after expire-link shows that access has ended', async () => {
    const chef = seeded.entries['harbour-chef']!.id;
    const [before] = await links(chef);
    expect(before).toMatchObject({ status: 'active', lastUsedAt: null, lastUsedIp: null });

    const { page, status } = await open(before!.url);
    expect(status).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Harbourfront Hospitality portal');
    const shown = await main(page);
    expect(shown).toContain('Shared with Marco Rossi by Northstar Employment Services');
    expect(await page.getByRole('listitem').allInnerTexts()).toEqual(['Line cook']);

    const [used] = await links(chef);
    expect(used).toMatchObject({ status: 'active', lastUsedIp: '127.0.0.1' });
    expect(used!.lastUsedAt).toEqual(expect.any(String));

    const expired = await run(['portal', 'users', 'expire-link', before!.id, '--yes']);
    expect(expired.exitCode, expired.stderr).toBe(0);
    const { page: ended, status: gone } = await open(before!.url);
    expect(gone).toBe(410);
    expect(await main(ended)).toContain('Your access to this portal has ended');
    const [after] = await links(chef);
    expect(after).toMatchObject({ status: 'expired', lastUsedAt: used!.lastUsedAt });
  });
});

describe('the outbox viewer', () => {
  it('signs in with the admin token, opens a message and follows its link to confirm an email change', async () => {
    const ada = seeded.entries.ada!.id;
    const edited = await run(['clients', 'edit', ada, '--email', 'ada.okafor.new@example.org']);
    expect(edited.exitCode, edited.stderr).toBe(0);

    const { page } = await open(`${portal().url}/outbox`);
    await page.getByLabel('API token').fill(portal().adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    // Newest first: the confirmation just sent is the first row.
    const first = page.getByRole('row').nth(1);
    expect(await first.innerText()).toContain('ada.okafor.new@example.org');
    await first.getByRole('link').click();
    await page.getByRole('heading', { name: 'Confirm your new email address for the Jobs Portal' }).waitFor();
    expect(await main(page)).toContain('Email confirmation');

    await page.locator('.message-text a').click();
    await page.getByRole('heading', { name: 'Confirm your new email address' }).waitFor();
    expect(await main(page)).toContain('You asked to use ada.okafor.new@example.org');
    await page.getByRole('button', { name: 'Confirm this email address' }).click();
    await page.getByRole('heading', { name: 'Your email address is confirmed' }).waitFor();

    const client = json<{ email: string; pendingEmail: string | null }>(await run(['clients', 'get', ada, '--json']));
    expect(client).toMatchObject({ email: 'ada.okafor.new@example.org', pendingEmail: null });
  });
});

describe('the API reference at /docs', () => {
  it('renders the document: operations with their permissions and refusals, loading nothing from elsewhere', async () => {
    const { context } = await chromium();
    const page = await context.newPage();
    const fetchedElsewhere: string[] = [];
    const errors: string[] = [];
    page.on('requestfinished', (request) => {
      if (!request.url().startsWith(portal().url) && !request.url().startsWith('data:')) {
        fetchedElsewhere.push(request.url());
      }
    });
    page.on('console', (message) => {
      // Redoc's "API docs by" badge points at Redocly's CDN; the page's CSP blocks it (and it hides).
      const blockedBadge = /Content Security Policy/.test(message.text()) && /cdn\.redoc\.ly/.test(message.text());
      if (message.type() === 'error' && !blockedBadge) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${portal().url}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect(page.getByRole('heading', { level: 1 }).first().innerText()).resolves.toBe('Jobs Portal API (0.1.0)');
    // The menu is Redoc's script at work: open a tag, then an operation.
    await page.getByText('clients', { exact: true }).first().click();
    await page.getByText('Add a client (or referral)').first().click();
    await page.waitForURL(/#\/clients\/createclient$/);
    // Redoc renders the operation after the click. A function, not a string: the page's CSP has
    // no 'unsafe-eval' (and this file has no DOM types).
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(
        'Needs the clients permission',
      ),
    );
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Needs the clients permission (or administrator)');
    expect(text).toContain('email-taken');
    expect(text).toContain('Idempotency-Key');
    expect(fetchedElsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** A command line split on spaces (no value here has one). */
function argvOf(line: string): string[] {
  return line.split(' ');
}
