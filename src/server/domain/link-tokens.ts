// The secrets in the links the portal emails (invitations, email confirmations, representative
// invitations), and what became of each: a page opened with an old link can then say "replaced" or
// "already accepted" rather than "not found". Only SHA-256 hashes are kept here.
//
// A client's current invitation token is stored on the client's row and starts with the client's
// id (`cl_….secret`): the page finds the client by primary key, so issuing an invitation (every
// client created) writes no extra row or index entry. Its row here is written when it ends.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { hashToken } from '../tokens.js';
import { type Ctx, getRow, newToken, nowIso, prep } from './common.js';

export type LinkPurpose = 'invitation' | 'email-confirmation' | 'representative-invitation';
export type EndReason = 'replaced' | 'accepted' | 'declined' | 'confirmed';

export interface LinkTokenRow {
  token_hash: string;
  purpose: LinkPurpose;
  subject_id: string;
  email: string | null;
  issued_at: string;
  ended_at: string | null;
  ended_reason: EndReason | null;
}

/** A fresh invitation token for a client: its id, a dot, then the secret. */
export function newInviteToken(clientId: string): string {
  return `${clientId}.${newToken()}`;
}

/** The client id an invitation token starts with (null for tokens without one, e.g. seeded ones). */
export function inviteTokenClientId(token: string): string | null {
  const dot = token.indexOf('.');
  return dot > 0 ? token.slice(0, dot) : null;
}

/** Whether two secrets are equal, in constant time (compared by their hashes, so lengths may differ). */
export function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(a), 'hex'), Buffer.from(hashToken(b), 'hex'));
}

/** Records a token sent in a message (email confirmations, representative invitations). */
export function recordLinkToken(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  purpose: LinkPurpose,
  subjectId: string,
  token: string,
  email: string | null = null,
): void {
  prep(
    ctx.db,
    'INSERT INTO link_tokens (token_hash, purpose, subject_id, email, issued_at) VALUES (?, ?, ?, ?, ?)',
  ).run(hashToken(token), purpose, subjectId, email, nowIso(ctx));
}

/** Records that a client's invitation token stopped working, and why. */
export function endInviteToken(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  clientId: string,
  token: string,
  issuedAt: string | null,
  reason: EndReason,
): void {
  const now = nowIso(ctx);
  prep(
    ctx.db,
    `INSERT INTO link_tokens (token_hash, purpose, subject_id, issued_at, ended_at, ended_reason)
     VALUES (?, 'invitation', ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING`,
  ).run(hashToken(token), clientId, issuedAt ?? now, now, reason);
}

/** Ends every still-open token of one purpose for one subject (a client, a representative). */
export function endOpenTokens(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  purpose: LinkPurpose,
  subjectId: string,
  reason: EndReason,
): void {
  prep(
    ctx.db,
    'UPDATE link_tokens SET ended_at = ?, ended_reason = ? WHERE subject_id = ? AND purpose = ? AND ended_at IS NULL',
  ).run(nowIso(ctx), reason, subjectId, purpose);
}

/** Ends one recorded token. */
export function endLinkToken(ctx: Pick<Ctx, 'db' | 'clock'>, token: string, reason: EndReason): void {
  prep(ctx.db, 'UPDATE link_tokens SET ended_at = ?, ended_reason = ? WHERE token_hash = ? AND ended_at IS NULL').run(
    nowIso(ctx),
    reason,
    hashToken(token),
  );
}

export function findLinkToken(db: DatabaseSync, token: string): LinkTokenRow | undefined {
  return getRow<LinkTokenRow>(prep(db, 'SELECT * FROM link_tokens WHERE token_hash = ?'), hashToken(token));
}

// ── Passwords set on the invitation pages ──────────────────────────────────────────────────────
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

/** An scrypt hash (Node's defaults: N=16384, r=8, p=1) with its salt: `scrypt$salt$key`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** Stores (or replaces) the password hash of a client or representative. */
export function savePassword(ctx: Pick<Ctx, 'db' | 'clock'>, subjectId: string, hash: string): void {
  prep(
    ctx.db,
    `INSERT INTO portal_passwords (subject_id, hash, set_at) VALUES (?, ?, ?)
     ON CONFLICT (subject_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at`,
  ).run(subjectId, hash, nowIso(ctx));
}

/**
 * The link of an email-confirmation message: a fresh token for the client's pending email; the
 * links sent for earlier changes stop working.
 */
export function issueEmailConfirmation(
  ctx: Pick<Ctx, 'db' | 'clock' | 'baseUrl'>,
  clientId: string,
  email: string,
): string {
  endOpenTokens(ctx, 'email-confirmation', clientId, 'replaced');
  const token = newToken();
  recordLinkToken(ctx, 'email-confirmation', clientId, token, email);
  return `${ctx.baseUrl.replace(/\/+$/, '')}/confirm-email/${token}`;
}
